/**
 * The generic connector's input fields. Which column holds which field is decided by the
 * column scorer (column-roles.ts: names by tokens, and values), or given by a mapping file,
 * `--field name=COLUMN` answers or a saved mapping.
 */

export const GENERIC_FIELDS = [
  'ticket_id', 'event_at', 'event_kind', 'event_seq', 'group', 'group_before', 'group_after',
  'actor', 'actor_group', 'automated', 'event_detail', 'created_at', 'resolved_at', 'closed_at',
  'status', 'category', 'subcategory', 'channel', 'location', 'subject', 'description',
  'requester', 'resolution_code', 'resolution_text', 'knowledge_article', 'sensitive',
  'reassignment_count',
] as const;
export type GenericField = (typeof GENERIC_FIELDS)[number];

export const TIMESTAMP_FIELDS: GenericField[] = ['event_at', 'created_at', 'resolved_at', 'closed_at'];

/** Lower case, letters and digits only: 'Case ID', 'case_id' and 'CaseId' are one name (vendor connectors match their documented names so). */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export interface ColumnMatch {
  field: GenericField;
  column: string;
  reason: string;
  /** 0..1, for a detected match (column-roles.ts); absent for a mapping file's. */
  confidence?: number;
}
