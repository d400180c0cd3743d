/**
 * What a file connector is. A connector recognises one vendor's export from a sample of
 * it, and stages a file: DuckDB reads it into temp tables, and the connector's SQL fills
 * `norm_rows` and `rejects` (see ingest/normalised-rows.ts). The ingest then writes the
 * canonical tables. Connectors never open the database themselves: they get a
 * transaction's connection.
 *
 * Files reach a connector already decoded: `filePath` is UTF-8 (with or without a BOM),
 * plain or gzip with a .gz name (DuckDB reads both), whatever the upload was (UTF-16,
 * Windows-1252, inside a zip). The ingest sniffs the CSV delimiter and passes it on.
 */
import type { ConnectionQueries } from '#core/db/database.ts';
import type { FileSample } from '#file-input/file-sample.ts';

export type { FileSample };
import type { GenericMapping } from '../generic/mapping.ts';
import type { ColumnMatch, GenericField } from '../generic/field-names.ts';
import type { Question, Shape } from '../generic/column-roles.ts';


export interface Detection {
  /** 0 = not this connector's file, 1 = certainly; the highest score wins. */
  score: number;
  reason: string;
  /**
   * The file alone gives no tickets to this connector (a companion file, such as Zendesk's
   * ticket_metrics): a connector that reads it whole wins over this detection.
   */
  partial?: boolean;
}

export interface StageOptions {
  filePath: string;
  fileName: string;
  mapping?: GenericMapping;
  districtTimeZone: string;
  /** Explicit strptime format or 'iso'; detected per file when absent. */
  dateFormat?: string;
  /** The CSV delimiter the ingest sniffed from the header (a mapping's own wins). */
  delimiter?: string;
  /** 'csv' (delimited text) or 'json', as sniffed from the first bytes. */
  format?: 'csv' | 'json';
  /** Previews stage only the first rows; imports leave this unset. */
  sampleRows?: number;
  /**
   * Further files of the same import, for connectors that read several at once (a pull's
   * page of ServiceNow incidents and their sys_audit rows). Others ignore them.
   */
  companionFiles?: { filePath: string; fileName: string }[];
  /**
   * Column answers for a connector that decides columns itself (the generic one): field ->
   * column, '' for none (`--field name=COLUMN`, the upload page's selects). Saved with the
   * file's column fingerprint when the import succeeds.
   */
  answers?: Partial<Record<GenericField, string>>;
}

export interface StageResult {
  rowsRead: number;
  /** The source name stored with the tickets ('servicenow', 'zendesk', ...). */
  source: string;
  defaultLandingDepartment?: string;
  /** The date format chosen for the file ('iso' or strptime), when the connector chose one. */
  dateFormat?: string;
  notes: string[];
  /** Which column feeds which field, with why, when the connector decided it (previews). */
  columnMatches?: ColumnMatch[];
  /** Previews only: what the connector would ask before an import (an import stops with them). */
  questions?: Question[];
  /** The file's shape, when the connector recognised one (events, a ticket list...). */
  shape?: Shape;
  /**
   * A temp table (ticket_id, path_known, source_hops) for tickets whose group path the file
   * does not give (a snapshot, a reassignment count); the ingest stores it on the tickets.
   */
  ticketPathsTable?: string;
}

export interface Connector {
  name: string;
  label: string;
  /**
   * Stages into the database file (not temp tables), each staged row with a number of its
   * own (`_row`, or `_key` where several come from one file row: kit/norm-rows.ts), so the
   * import runs under a memory limit and writes tickets without de-duplicating rows.
   */
  stagesBoundedRows?: boolean;
  /** Which column the connector reads for each field, and why, for the upload preview (connectors that match columns by name). */
  columnMatches?(headers: string[], mapping?: GenericMapping): ColumnMatch[];
  detect(sample: FileSample): Detection;
  stage(tx: ConnectionQueries, options: StageOptions): Promise<StageResult>;
}

/** One file of a multi-file vendor import. */
export interface VendorFile {
  filePath: string;
  fileName: string;
}

export interface VendorStageOptions {
  districtTimeZone: string;
  /** Zone of the export's wall-clock times (the exporting user's zone); the district's by default. */
  timeZone?: string;
  /** strptime format or 'iso'; detected per file when absent. */
  dateFormat?: string;
}
