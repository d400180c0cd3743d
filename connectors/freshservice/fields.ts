/**
 * Freshservice's export shapes and field names, as documented for API v2 and the ticket
 * list export:
 * - tickets: the UI's CSV export (Ticket Id, Subject, Status, Source, Type, Group, Category,
 *   Sub Category, Item Category, Requester Email, Agent, Created Date, Resolved Date,
 *   Closed Date, Location...) or API JSON ({"tickets": [...]}: id, group_id, department_id,
 *   category, sub_category, item_category, source and status as numbers, created_at, and
 *   stats.resolved_at / stats.closed_at with include=stats);
 * - ticket activities: API JSON ({"activities": [{actor: {id, name}, content,
 *   sub_contents: [...], created_at}]}). The API's page has no ticket id (it is in the
 *   URL), so a page file carries it beside the list: {"ticket_id": 7, "activities": [...]}.
 *   Records with their own ticket_id work too.
 * - groups: {"groups": [{id, name}]} in any file names the group ids.
 */
import { normaliseName } from '../generic/field-names.ts';

export const TICKET_FIELDS = [
  'id', 'subject', 'description', 'status', 'source', 'type', 'group_name', 'group_id', 'category', 'sub_category',
  'item_category', 'requester', 'agent', 'location', 'created_at', 'resolved_at', 'closed_at', 'updated_at',
] as const;
export type TicketField = (typeof TICKET_FIELDS)[number];

/** CSV columns, matched by normalised name ('Sub Category' = 'sub_category'). */
export const TICKET_ALIASES: Record<TicketField, string[]> = {
  id: ['Ticket Id', 'Ticket ID', 'id', 'display_id'],
  subject: ['Subject'],
  description: ['Description', 'description_text'],
  status: ['Status'],
  source: ['Source'],
  type: ['Type', 'Ticket Type'],
  group_name: ['Group', 'Group Name', 'Agent Group'],
  group_id: ['group_id'],
  category: ['Category'],
  sub_category: ['Sub Category', 'Sub-Category', 'Subcategory'],
  item_category: ['Item Category', 'Item'],
  requester: ['Requester Email', 'Requester Name', 'Requester'],
  agent: ['Agent', 'Agent Name', 'Responder'],
  location: ['Location', 'Location Name', 'Requester Location'],
  created_at: ['Created Date', 'Created Time', 'Created At'],
  resolved_at: ['Resolved Date', 'Resolved Time', 'Resolved At'],
  closed_at: ['Closed Date', 'Closed Time', 'Closed At'],
  updated_at: ['Last Updated Date', 'Last Updated Time', 'Updated At'],
};

/** API v2 JSON keys (dotted: nested), first present wins. */
export const TICKET_JSON_PATHS: Record<TicketField, string[]> = {
  id: ['id', 'display_id'],
  subject: ['subject'],
  description: ['description_text', 'description'],
  status: ['status'],
  source: ['source'],
  type: ['type'],
  group_name: ['group_name', 'group'],
  group_id: ['group_id'],
  category: ['category'],
  sub_category: ['sub_category'],
  item_category: ['item_category'],
  requester: ['requester.email', 'requester_id'],
  agent: ['responder_id'],
  location: ['location_name'],
  created_at: ['created_at'],
  resolved_at: ['stats.resolved_at', 'resolved_at'],
  closed_at: ['stats.closed_at', 'closed_at'],
  updated_at: ['updated_at'],
};

export const TICKET_DATE_FIELDS: TicketField[] = ['created_at', 'resolved_at', 'closed_at', 'updated_at'];

/** API v2 numeric statuses and sources (labels in exports pass through as written). */
export const STATUS_LABELS: Record<string, string> = { '2': 'Open', '3': 'Pending', '4': 'Resolved', '5': 'Closed' };
export const SOURCE_LABELS: Record<string, string> = {
  '1': 'Email', '2': 'Portal', '3': 'Phone', '4': 'Chat', '5': 'Feedback widget', '6': 'Yammer', '7': 'AWS Cloudwatch',
  '8': 'Pagerduty', '9': 'Walkup', '10': 'Slack',
};

/** Actors of activities no person took: workflows, the supervisor's time rules, the system. */
export const AUTOMATED_ACTORS = ['workflow automator', 'supervisor', 'system', 'freshservice', 'scenario automation', 'orchestration'];

/** Activity lines, as Freshservice writes them: "set Group as Payroll", "changed the status to Resolved". */
export const GROUP_LINE = String.raw`(?i)^\s*(?:set|changed)\s+(?:the\s+)?group\s+(?:as|to)\s+(.+?)\s*$`;
export const STATUS_LINE = String.raw`(?i)^\s*(?:set|changed)\s+(?:the\s+)?status\s+(?:as|to)\s+(.+?)\s*$`;
export const PRIVATE_NOTE_LINE = String.raw`(?i)added\s+a\s+private\s+note`;
export const PUBLIC_NOTE_LINE = String.raw`(?i)(added\s+a\s+public\s+note|replied|sent\s+a\s+reply)`;

export type FreshserviceShape = 'tickets' | 'activities';

const norm = (names: string[]) => new Set(names.map(normaliseName));

/** Columns or keys only Freshservice tickets have (Zendesk's and Freshdesk's lack them together). */
const CSV_MARKERS = ['itemcategory', 'subcategory', 'department', 'requesteremail', 'agent', 'group', 'createddate', 'resolveddate', 'closeddate', 'source'];
const JSON_MARKERS = ['responder_id', 'department_id', 'item_category', 'fr_due_by', 'description_text', 'workspace_id'];

/** The shape of a file and the evidence, from its top-level keys and record keys (or CSV header). */
export function shapeOf(topLevelKeys: string[], names: string[], csv: boolean): { shape?: FreshserviceShape; evidence: string[] } {
  if (csv) {
    const n = norm(names);
    const hits = CSV_MARKERS.filter((c) => n.has(c));
    if (n.has('ticketid') && (n.has('itemcategory') || n.has('subcategory')) && hits.length >= 3) return { shape: 'tickets', evidence: ['Ticket Id', ...hits] };
    return { evidence: [] };
  }
  if (names.includes('actor') && names.includes('content')) return { shape: 'activities', evidence: topLevelKeys.includes('activities') ? ['"activities"', 'actor', 'content'] : ['actor', 'content'] };
  const hits = JSON_MARKERS.filter((k) => names.includes(k));
  // Freshdesk's API shares responder_id and fr_due_by: a Freshservice ticket also has one of its own keys.
  const own = ['department_id', 'item_category', 'workspace_id'].some((k) => names.includes(k));
  if (names.includes('id') && names.includes('group_id') && hits.length >= 2 && own) return { shape: 'tickets', evidence: ['group_id', ...hits] };
  return { evidence: [] };
}
