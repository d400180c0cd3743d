/**
 * What connector detection sees of a prepared file. It is read here, below the connectors,
 * so file input never needs to know which connectors exist.
 */
/** A file's name, its header (CSV) or its first record (JSON). */
export interface FileSample {
  fileName: string;
  /** Column names, for delimited text. */
  headers?: string[];
  /** The first record, for JSON (an object of the array, or of the vendor's wrapper). */
  firstRecord?: Record<string, unknown>;
  /** The top-level keys of a JSON object file ('tickets', 'audits', 'issues'...). */
  topLevelKeys?: string[];
  /** A JSON object file's first record of each array of records, by key ({"users": [...], "tickets": [...]}). */
  firstRecords?: Record<string, Record<string, unknown>>;
}
