/**
 * What the upload page shows before anything is written: ingest's preview of the file
 * (the connector chosen and why, the other candidates, the column -> field matches for the
 * generic connector, the first rows, the date format, the questions it would ask before
 * writing) plus the choices a person may make
 * to correct it: every connector, and every generic field.
 */
import { previewFile } from '#ingest/preview.ts';
import { CONNECTORS } from '#connectors/registry.ts';
import { GENERIC_FIELDS } from '#connectors/generic/field-names.ts';
import { ImportError, type ImportErrorCode } from '#core/errors.ts';

export interface UploadPreview {
  connector: string | null;
  detection: string;
  candidates: { name: string; score: number; reason: string }[];
  connectors: { name: string; label: string }[];
  format: string | null;
  delimiter: string | null;
  dateFormat: string | null;
  headers: string[];
  matches: { field: string; column: string; reason: string }[];
  fields: string[];
  sampleRows: string[][];
  notes: string[];
  /** The generic connector's questions: one select per field, prefilled (connectors/generic/ambiguous.ts). */
  questions: { field: string; column: string | null; text: string; candidates: { column: string; reason: string }[] }[];
}

const SAMPLE_ROWS = 5;
/** Codes no choice of connector or mapping can fix. */
const UNREADABLE = new Set<ImportErrorCode>(['SB_ERR_EMPTY_FILE', 'SB_ERR_BINARY_FILE', 'SB_ERR_UNREADABLE', 'SB_ERR_BAD_ARCHIVE', 'SB_ERR_ARCHIVE']);

export async function previewUpload(path: string, fileName: string, timeZone: string): Promise<UploadPreview> {
  const base = {
    connectors: CONNECTORS.map((c) => ({ name: c.name, label: c.label })),
    fields: [...GENERIC_FIELDS],
  };
  try {
    const p = await previewFile(path, { fileName, timeZone });
    return {
      ...base,
      connector: p.connector,
      detection: p.reason,
      candidates: p.candidates,
      format: p.format,
      delimiter: p.delimiter ?? null,
      dateFormat: p.dateFormat ?? null,
      headers: p.headers,
      matches: p.columnMatches.map((m) => ({ field: m.field, column: m.column, reason: m.reason })),
      sampleRows: p.rows.slice(0, SAMPLE_ROWS).map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c)))),
      notes: p.notes,
      questions: p.questions.map((q) => ({ field: q.field, column: q.column ?? null, text: q.text, candidates: q.candidates })),
    };
  } catch (error) {
    // A file no connector recognises still gets a preview: the reason, for a person to act on.
    // A file nothing can read (empty, binary, a bomb, bytes that are not text) is refused.
    if (error instanceof ImportError && error.code === 'SB_ERR_ARCHIVE') {
      // The page previews and maps one export at a time; the CLI imports each file of an archive.
      throw new ImportError('SB_ERR_ARCHIVE', `${fileName}: is a zip archive; upload one export at a time (unzip it first), or import the whole archive with \`npx switchboard ingest ${fileName}\``);
    }
    if (!(error instanceof ImportError) || UNREADABLE.has(error.code)) throw error;
    return { ...base, connector: null, detection: error.message, candidates: [], format: null, delimiter: null, dateFormat: null, headers: [], matches: [], sampleRows: [], notes: [], questions: [] };
  }
}
