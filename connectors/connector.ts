/**
 * What a file connector is. A connector recognises one vendor's export from a sample of
 * it, and stages a file: DuckDB reads it into temp tables, and the connector's SQL fills
 * `norm_rows` and `rejects` (see ingest/normalised-rows.ts). The ingest then writes the
 * canonical tables. Connectors never open the database themselves: they get a
 * transaction's connection.
 */
import type { ConnectionQueries } from '../ingest/db/database.ts';
import type { GenericMapping } from './generic/mapping.ts';

/** What detection sees of a file: its name, its header (CSV) or its first record (JSON). */
export interface FileSample {
  fileName: string;
  /** Column names, for delimited text. */
  headers?: string[];
  /** The first record, for JSON (an object of the array, or of the vendor's wrapper). */
  firstRecord?: Record<string, unknown>;
  /** The top-level keys of a JSON object file ('tickets', 'audits', 'issues'...). */
  topLevelKeys?: string[];
}

export interface Detection {
  /** 0 = not this connector's file, 1 = certainly; the highest score wins. */
  score: number;
  reason: string;
}

export interface StageOptions {
  filePath: string;
  fileName: string;
  mapping?: GenericMapping;
  districtTimeZone: string;
  /** Explicit strptime format or 'iso'; detected per file when absent. */
  dateFormat?: string;
}

export interface StageResult {
  rowsRead: number;
  /** The source name stored with the tickets ('servicenow', 'zendesk', ...). */
  source: string;
  defaultLandingDepartment?: string;
  notes: string[];
}

export interface Connector {
  name: string;
  label: string;
  detect(sample: FileSample): Detection;
  stage(tx: ConnectionQueries, options: StageOptions): Promise<StageResult>;
}
