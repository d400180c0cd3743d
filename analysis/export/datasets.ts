/**
 * What an export holds: the canonical tables (pseudonymised and redacted as stored), the
 * per-ticket facts, and every report table. Each dataset is a query, so every format is
 * written from the same rows. Settings (the pseudonym key), accounts, sessions, pull
 * cursors and rejected rows (which keep a row's raw text) are never exported.
 */
import { quoteIdent } from '#core/sql/quote.ts';
import { FACTS_SCHEMA, FACTS_TABLE } from '../ticket-facts/ticket-facts.ts';
import { REPORT_TABLES } from '../report/report.ts';

export const CANONICAL_TABLES = [
  'imports', 'tickets', 'ticket_events', 'groups', 'departments', 'group_departments', 'request_type_owners',
] as const;

export const FACTS_DATASET = 'ticket_facts';

/** Each table's key, so two exports of the same data are the same files. */
const TABLE_ORDER: Record<(typeof CANONICAL_TABLES)[number], string[]> = {
  imports: ['import_id'],
  tickets: ['source', 'ticket_id'],
  ticket_events: ['source', 'ticket_id', 'seq'],
  groups: ['group_name'],
  departments: ['department'],
  group_departments: ['group_name'],
  request_type_owners: ['request_type'],
};

export type DatasetKind = 'table' | 'facts' | 'report';

export interface Dataset {
  name: string;
  kind: DatasetKind;
  /** The rows, for the table and facts datasets (report tables are written from the report). */
  sql?: string;
}

export const DATASETS: Dataset[] = [
  ...CANONICAL_TABLES.map((t): Dataset => ({
    name: t, kind: 'table', sql: `SELECT * FROM main.${quoteIdent(t)} ORDER BY ${TABLE_ORDER[t].map(quoteIdent).join(', ')}`,
  })),
  { name: FACTS_DATASET, kind: 'facts', sql: `SELECT * FROM ${FACTS_SCHEMA}.${quoteIdent(FACTS_TABLE)} ORDER BY source, ticket_id` },
  ...REPORT_TABLES.map((t): Dataset => ({ name: `report_${t}`, kind: 'report' })),
];

export function datasetByName(name: string): Dataset | undefined {
  return DATASETS.find((d) => d.name === name);
}
