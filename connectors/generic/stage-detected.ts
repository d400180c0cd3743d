/**
 * The generic connector without a mapping file: it reads the file into columns
 * (read-source.ts), decides each column's role from a sample (column-roles.ts), and stops
 * with its question (AmbiguousColumnsError) before writing anything when it is unsure.
 * Answers (`--field`, the upload page) or a mapping saved for the same columns settle it.
 * The staging itself is the mapping file's (build-normalise-sql.ts), given the detected
 * mapping with each time column's own format and the file's shape:
 * - events: one row per event; a row naming another group than the ticket's previous row
 *   is an assignment to it;
 * - tickets with a previous-group column: two assignments at creation, previous then
 *   current (the source relation gives each such row twice, in that order);
 * - tickets with a reassignment count, or with only their final group: the group is the
 *   ticket's landing, and the path is marked unknown (`ticketPathsTable`), with the count
 *   as the ticket's hops (stations - 1 for Zendesk's group_stations).
 */
import type { ConnectionQueries, Params } from '#core/db/database.ts';
import { ImportError } from '#core/errors.ts';
import { quoteIdent } from '#core/sql/quote.ts';
import { looksLikeJson } from '../kit/read-export.ts';
import { buildTicketPathsSql } from '../kit/ticket-paths.ts';
import type { StageResult } from '../kit/connector.ts';
import { AmbiguousColumnsError } from './ambiguous.ts';
import { stageGeneric } from './stage-generic.ts';
import { TIMESTAMP_FORMATS } from '#core/timestamps.ts';
import { fieldLabel, scoreColumns, type ColumnRoles } from './column-roles.ts';
import { GENERIC_FIELDS, TIMESTAMP_FIELDS, type ColumnMatch, type GenericField } from './field-names.ts';
import type { GenericMapping } from './mapping.ts';
import { readCsvSource, readJsonSource, sampleRows, SOURCE_TABLE, type SourceTable } from './read-source.ts';
import { findSavedMapping, headerFingerprint, markMappingUsed, saveMapping, type FieldAnswers } from './saved-mappings.ts';

/** Rows the scorer reads: enough to see tickets repeat in an event log, few enough to stay instant. */
export const ROLE_SAMPLE_ROWS = 2_000;
export const TICKET_PATHS_TABLE = 'generic_ticket_paths';

export interface DetectedStageOptions {
  filePath: string;
  fileName: string;
  districtTimeZone: string;
  format?: 'csv' | 'json';
  answers?: FieldAnswers;
  sampleRows?: number;
}

export async function stageDetected(tx: ConnectionQueries, options: DetectedStageOptions): Promise<StageResult> {
  const { fileName, filePath } = options;
  const notes: string[] = [];
  const json = options.format === 'json' || (options.format === undefined && looksLikeJson(filePath));
  const source = json ? await readJsonSource(tx, filePath, fileName) : await readCsvSource(tx, filePath);
  notes.push(...source.notes);
  const sample = await sampleRows(tx, source, ROLE_SAMPLE_ROWS);

  // Answers given now, else the ones saved for files with these columns.
  const fingerprint = headerFingerprint(source.columns);
  let answers = options.answers;
  let savedId: number | undefined;
  if (!answers || Object.keys(answers).length === 0) {
    const saved = await findSavedMapping(tx, fingerprint).catch(() => undefined);
    if (saved) {
      answers = saved.fields;
      savedId = saved.mappingId;
      notes.push(`columns read with the mapping confirmed on ${saved.fileName ?? 'an earlier file'} (${saved.createdAt.toISOString().slice(0, 10)}): ${describeAnswers(saved.fields)}`);
    }
  }
  for (const [field, column] of Object.entries(answers ?? {})) {
    if (column && !source.columns.includes(column)) {
      throw new ImportError('SB_ERR_UNKNOWN_COLUMN', `${fileName}: --field ${field}=${column}: there is no column '${column}'; its columns are ${source.columns.join(', ')}`);
    }
  }
  if (sample.length === 0) throw new ImportError('SB_ERR_EMPTY_FILE', `${fileName}: has a header but no rows`);
  const roles = scoreColumns(source.columns, sample, { answers });
  const asked = (f: GenericField) => roles.questions.some((q) => q.field === f);
  const columnsText = source.columns.slice(0, 30).join(', ');
  // Nothing to ask about: the file is not a ticket export (or says nothing a question could settle).
  if (!roles.roles.ticket_id && !asked('ticket_id')) {
    throw new ImportError(
      'SB_ERR_NOT_A_TICKET_EXPORT',
      `${fileName}: no column looks like a ticket id (filled on every row, named like ticket, case, number, id...); its columns are ${columnsText}. Pass --field ticket_id=COLUMN`,
    );
  }
  if (roles.unreadTime) {
    const { field, column, reason } = roles.unreadTime;
    throw new ImportError(
      'SB_ERR_DATE_FORMAT',
      `${fileName}: '${column}' is named like the ${fieldLabel(field)}, but no known date format parses most values (${reason}). Set dateFormat in a mapping file (for example "%d/%m/%Y %H:%M"), or pass --field ${field}=COLUMN`,
    );
  }
  if (!roles.roles.created_at && !roles.roles.event_at && !asked('created_at') && !asked('event_at')) {
    throw new ImportError(
      'SB_ERR_NOT_A_TICKET_EXPORT',
      `${fileName}: no column looks like a creation date or event timestamp (no column's values parse as dates and times); its columns are ${columnsText}. Pass --field created_at=COLUMN or --field event_at=COLUMN`,
    );
  }
  if (roles.questions.length && !options.sampleRows) throw new AmbiguousColumnsError(fileName, roles.questions);
  notes.push(`shape: ${shapeText(roles)}`, ...roles.notes);

  const mapping = detectedMapping(roles, options.districtTimeZone);
  const from = sourceRelation(source, roles);
  const staged = await stageGeneric(tx, {
    filePath, fileName, mapping, districtTimeZone: options.districtTimeZone, sampleRows: options.sampleRows,
    relation: {
      sql: from.sql, params: { ...source.params, ...from.params }, columns: from.columns,
      // Rows given twice (previous-group lists) would make the last staged row the wrong one to drop.
      delimiter: roles.shape === 'tickets_previous_group' || roles.changeField ? undefined : source.delimiter,
    },
  });
  notes.push(...staged.notes);
  const n = staged.rowsRead;

  let ticketPathsTable: string | undefined;
  if (!options.sampleRows) {
    ticketPathsTable = await stageTicketPaths(tx, source, roles);
    if (options.answers && Object.keys(options.answers).length) {
      await saveMapping(tx, { columns: source.columns, fields: answersToSave(roles, options.answers), fileName });
      notes.push(`the answers are saved for files with these columns (switchboard mappings list)`);
    } else if (savedId !== undefined) await markMappingUsed(tx, savedId);
  }
  const columnMatches: ColumnMatch[] = GENERIC_FIELDS.filter((f) => roles.roles[f]).map((f) => ({
    field: f, column: roles.roles[f]!.column, reason: roles.roles[f]!.given ? 'given' : roles.roles[f]!.reasons.join('; '),
    confidence: roles.roles[f]!.confidence,
  }));
  return {
    rowsRead: n, source: 'generic', dateFormat: staged.dateFormat, notes, columnMatches, shape: roles.shape,
    ...(roles.questions.length ? { questions: roles.questions } : {}),
    ...(ticketPathsTable ? { ticketPathsTable } : {}),
  };
}

/** Every role the person confirmed: their answers plus the rest as detected, so the next file is read the same. */
function answersToSave(roles: ColumnRoles, answers: FieldAnswers): FieldAnswers {
  const out: FieldAnswers = {};
  for (const f of GENERIC_FIELDS) if (roles.roles[f]) out[f] = roles.roles[f]!.column;
  for (const [f, c] of Object.entries(answers)) out[f as GenericField] = c;
  return out;
}

function describeAnswers(fields: FieldAnswers): string {
  return Object.entries(fields).map(([f, c]) => (c ? `${f}='${c}'` : `${f}=none`)).join(', ');
}

function describe(roles: ColumnRoles, fields: GenericField[]): string {
  return fields.filter((f) => roles.roles[f]).map((f) => `${fieldLabel(f)} '${roles.roles[f]!.column}'`).join(', ');
}

function shapeText(roles: ColumnRoles): string {
  switch (roles.shape) {
    case 'events':
      return 'one row per event (an event log)';
    case 'tickets_previous_group':
      return `one row per ticket, with the previous group in '${roles.roles.group_before!.column}': path = previous, current`;
    case 'tickets_reassignment_count':
      return `one row per ticket, with a count of ${roles.countIs === 'stations' ? 'groups passed through' : 'reassignments'} in '${roles.roles.reassignment_count!.column}': hops from the count, the path itself unknown`;
    case 'snapshot':
      return 'one row per ticket with only its current group: hops are unknown';
  }
}

/** The mapping the staging runs with: detected columns, each time column's format, the shape. */
export function detectedMapping(roles: ColumnRoles, timeZone: string): GenericMapping {
  const fields: Partial<Record<GenericField, string>> = {};
  const dateFormats: Partial<Record<GenericField, string>> = {};
  for (const f of GENERIC_FIELDS) {
    const r = roles.roles[f];
    if (!r) continue;
    // The previous group becomes a row of its own (sourceRelation); the count goes to the ticket paths.
    if (f === 'group_before' && roles.shape === 'tickets_previous_group') continue;
    fields[f] = r.column;
    if (TIMESTAMP_FIELDS.includes(f) && r.format) dateFormats[f] = r.format;
  }
  if (roles.shape === 'tickets_previous_group' || roles.changeField) fields.event_seq = STEP_COLUMN;
  // Formats the file-wide choice knows (ISO, month- or day-first...) are chosen on all of
  // the file's values (stage-generic.ts); a column in another (epochs, Excel serials,
  // offsets) or columns in different ones keep each their own.
  const formats = new Set(Object.values(dateFormats));
  const fileWide = formats.size <= 1 && [...formats].every((f) => (TIMESTAMP_FORMATS as readonly string[]).includes(f));
  return { source: 'generic', fields, ...(fileWide ? {} : { dateFormats }), shape: roles.shape, countIs: roles.countIs, timeZone, ...(roles.changeField ? { changeLog: true } : {}) };
}

const STEP_COLUMN = '__step';

/** The relation the staging reads: the source, or for a previous-group list each reassigned row twice (previous, then current). */
function sourceRelation(source: SourceTable, roles: ColumnRoles): { sql: string; columns: string[]; params?: Record<string, unknown> } {
  if (roles.changeField) {
    // Old/new values only where the field changed is the group field; before the first such
    // change the ticket sat in its old value: a landing row just ahead of it (step 0).
    const field = quoteIdent(roles.changeField.column);
    const before = quoteIdent(roles.roles.group_before!.column);
    const after = quoteIdent(roles.roles.group_after!.column);
    const id = quoteIdent(roles.roles.ticket_id!.column);
    const scoped = `(SELECT row_number() OVER () AS __line, * REPLACE (CASE WHEN trim(${field}) = $change_field THEN ${before} END AS ${before}, CASE WHEN trim(${field}) = $change_field THEN ${after} END AS ${after}) FROM ${source.from})`;
    return {
      sql: `(SELECT * EXCLUDE (__line, __first) FROM (
        SELECT *, '1' AS ${STEP_COLUMN}, false AS __first FROM ${scoped}
        UNION ALL
        SELECT * EXCLUDE (__k) REPLACE (${before} AS ${after}), '0' AS ${STEP_COLUMN}, true AS __first FROM (
          SELECT *, row_number() OVER (PARTITION BY ${id} ORDER BY __line) AS __k FROM ${scoped} WHERE ${after} IS NOT NULL
        ) WHERE __k = 1 AND ${before} IS NOT NULL
      ) ORDER BY __line, ${STEP_COLUMN})`,
      columns: [...source.columns, STEP_COLUMN],
      params: { change_field: roles.changeField.value },
    };
  }
  if (roles.shape !== 'tickets_previous_group') return { sql: source.from, columns: source.columns };
  const group = quoteIdent(roles.roles.group!.column);
  const before = quoteIdent(roles.roles.group_before!.column);
  const numbered = `(SELECT row_number() OVER () AS __line, * FROM ${source.from})`;
  return {
    sql: `(SELECT * EXCLUDE (__line) FROM (
      SELECT * REPLACE (${before} AS ${group}), '1' AS ${STEP_COLUMN} FROM ${numbered} WHERE nullif(trim(${before}), '') IS NOT NULL
      UNION ALL
      SELECT *, '2' AS ${STEP_COLUMN} FROM ${numbered}
    ) ORDER BY __line, ${STEP_COLUMN})`,
    columns: [...source.columns, STEP_COLUMN],
  };
}

/**
 * Tickets whose path the file does not give: a snapshot (hops unknown) or a count (hops
 * known, path not). Event logs and previous-group lists give the path: their tickets are
 * listed as known, so a later, fuller file sets a snapshot's ticket right.
 */
async function stageTicketPaths(tx: ConnectionQueries, source: SourceTable, roles: ColumnRoles): Promise<string> {
  const id = quoteIdent(roles.roles.ticket_id!.column);
  const known = roles.shape === 'events' || roles.shape === 'tickets_previous_group';
  await tx.run(
    buildTicketPathsSql(TICKET_PATHS_TABLE, {
      from: source.from, ticketId: `trim(${id})`, pathKnown: known ? 'true' : 'false', where: `nullif(trim(${id}), '') IS NOT NULL`,
      count: roles.roles.reassignment_count ? `try_cast(trim(${quoteIdent(roles.roles.reassignment_count.column)}) AS INTEGER)` : undefined,
      countIs: roles.countIs,
    }),
    source.params as Params,
  );
  return TICKET_PATHS_TABLE;
}

export { SOURCE_TABLE };
