/**
 * ServiceNow's export shapes and the field names they use, as documented for the incident
 * table (number, assignment_group, opened_at...) and the Sys Audit table (documentkey,
 * tablename, fieldname, oldvalue, newvalue, user, sys_created_on). A list exported from the
 * UI may carry labels ('Assignment group') instead of names: both match, by normalised name.
 *
 * Three shapes: an incident list (one row per incident), an incident update log (one row
 * per update, with sys_mod_count and sys_updated_on), and a sys_audit export (one row per
 * changed field).
 */
import type { GenericField } from '../generic/field-names.ts';

export const INCIDENT_FIELDS = [
  'number', 'sys_id', 'assignment_group', 'assigned_to', 'reassignment_count', 'opened_at', 'resolved_at',
  'closed_at', 'category', 'subcategory', 'short_description', 'description', 'contact_type', 'location',
  'close_code', 'close_notes', 'caller_id', 'state', 'sys_mod_count', 'sys_updated_on', 'sys_updated_by',
] as const;
export type IncidentField = (typeof INCIDENT_FIELDS)[number];

export const INCIDENT_ALIASES: Record<IncidentField, string[]> = {
  number: ['number'],
  sys_id: ['sys_id'],
  assignment_group: ['assignment_group'],
  assigned_to: ['assigned_to'],
  reassignment_count: ['reassignment_count'],
  opened_at: ['opened_at', 'opened'],
  resolved_at: ['resolved_at', 'resolved'],
  closed_at: ['closed_at', 'closed'],
  category: ['category'],
  subcategory: ['subcategory'],
  short_description: ['short_description'],
  description: ['description'],
  contact_type: ['contact_type', 'channel'],
  location: ['location'],
  close_code: ['close_code', 'resolution_code'],
  close_notes: ['close_notes', 'resolution_notes'],
  caller_id: ['caller_id', 'caller'],
  state: ['state', 'incident_state'],
  sys_mod_count: ['sys_mod_count', 'updates'],
  sys_updated_on: ['sys_updated_on', 'sys_updated_at', 'updated'],
  sys_updated_by: ['sys_updated_by', 'updated_by'],
};

export const INCIDENT_DATE_FIELDS: IncidentField[] = ['opened_at', 'resolved_at', 'closed_at', 'sys_updated_on'];

export const AUDIT_FIELDS = [
  'documentkey', 'tablename', 'fieldname', 'oldvalue', 'newvalue', 'user', 'sys_created_on', 'record_checkpoint',
] as const;
export type AuditField = (typeof AUDIT_FIELDS)[number];

export const AUDIT_ALIASES: Record<AuditField, string[]> = {
  documentkey: ['documentkey', 'document_key'],
  tablename: ['tablename', 'table_name'],
  fieldname: ['fieldname', 'field_name'],
  oldvalue: ['oldvalue', 'old_value'],
  newvalue: ['newvalue', 'new_value'],
  user: ['user'],
  sys_created_on: ['sys_created_on', 'created'],
  record_checkpoint: ['record_checkpoint'],
};

/** The generic field each documented field feeds, for the upload preview's column list. */
export const INCIDENT_AS_FIELD: Partial<Record<IncidentField, GenericField>> = {
  number: 'ticket_id', assignment_group: 'group', reassignment_count: 'reassignment_count', opened_at: 'created_at',
  resolved_at: 'resolved_at', closed_at: 'closed_at', category: 'category', subcategory: 'subcategory',
  short_description: 'subject', description: 'description', contact_type: 'channel', location: 'location',
  close_code: 'resolution_code', close_notes: 'resolution_text', caller_id: 'requester', state: 'status',
};
export const AUDIT_AS_FIELD: Partial<Record<AuditField, GenericField>> = {
  documentkey: 'ticket_id', sys_created_on: 'event_at', oldvalue: 'group_before', newvalue: 'group_after', user: 'actor',
};

export type ServiceNowShape = 'incident' | 'audit';

/** Which shape a set of column (or JSON key) names has, and the evidence. */
export function shapeOf(names: string[]): { shape?: ServiceNowShape; columns: string[] } {
  const norm = new Set(names.map((n) => n.toLowerCase().replace(/[^a-z0-9]/g, '')));
  const auditCols = ['documentkey', 'fieldname', 'oldvalue', 'newvalue'].filter((c) => norm.has(c));
  if (auditCols.length === 4) return { shape: 'audit', columns: ['documentkey', 'fieldname', 'oldvalue', 'newvalue'] };
  const incidentCols = ['number', 'assignmentgroup', 'openedat', 'reassignmentcount', 'shortdescription', 'contacttype', 'closecode', 'callerid', 'sysmodcount']
    .filter((c) => norm.has(c));
  if (norm.has('number') && (norm.has('assignmentgroup') || norm.has('openedat')) && incidentCols.length >= 3) {
    return { shape: 'incident', columns: incidentCols };
  }
  return { columns: [] };
}
