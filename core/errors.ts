/**
 * Named ingest errors. The message names the file (and row and column where there is one)
 * and says what to do; the code lets the API pick a status and the UI a hint.
 */
export type ImportErrorCode =
  | 'SB_ERR_EMPTY_FILE'
  | 'SB_ERR_BINARY_FILE'
  | 'SB_ERR_NOT_A_TICKET_EXPORT'
  | 'SB_ERR_UNKNOWN_COLUMN'
  | 'SB_ERR_DATE_FORMAT'
  | 'SB_ERR_BAD_MAPPING'
  | 'SB_ERR_UNREADABLE'
  | 'SB_ERR_NO_VALID_ROWS'
  | 'SB_ERR_UNKNOWN_SOURCE'
  | 'SB_ERR_ARCHIVE'
  | 'SB_ERR_BAD_ARCHIVE'
  | 'SB_ERR_UNKNOWN_IMPORT'
  | 'SB_ERR_AMBIGUOUS_COLUMNS'
  | 'SB_ERR_STOPPED';

export class ImportError extends Error {
  constructor(
    readonly code: ImportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}
