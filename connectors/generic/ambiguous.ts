/**
 * The generic connector's question, as an error: the columns it could not decide between,
 * one line per field, raised before anything is written. The CLI prints the lines and exits
 * with code 2; the upload page shows a select per field, prefilled with the column it would
 * use (`questions[].column`) and offering `questions[].candidates`.
 */
import { ImportError } from '#core/errors.ts';
import type { Question } from './column-roles.ts';

export class AmbiguousColumnsError extends ImportError {
  constructor(
    fileName: string,
    readonly questions: Question[],
  ) {
    super(
      'SB_ERR_AMBIGUOUS_COLUMNS',
      `${fileName}: not sure which column holds ${questions.length === 1 ? 'one field' : `${questions.length} fields`}; nothing was imported. ${questions.map((q) => q.text).join('; ')}`,
    );
  }
}

export function isAmbiguousColumnsError(e: unknown): e is AmbiguousColumnsError {
  return e instanceof ImportError && e.code === 'SB_ERR_AMBIGUOUS_COLUMNS' && Array.isArray((e as AmbiguousColumnsError).questions);
}
