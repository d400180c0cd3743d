/**
 * The generic connector's input fields and the column names that usually hold them.
 * Matching is by normalised name (lower case, letters and digits only), so 'Case ID',
 * 'case_id' and 'CaseId' all match. The match is shown to the user for confirmation.
 */

export const GENERIC_FIELDS = [
  'ticket_id', 'event_at', 'event_kind', 'event_seq', 'group', 'group_before', 'group_after',
  'actor', 'actor_group', 'automated', 'event_detail', 'created_at', 'resolved_at', 'closed_at',
  'status', 'category', 'subcategory', 'channel', 'location', 'subject', 'description',
  'requester', 'resolution_code', 'resolution_text', 'knowledge_article', 'sensitive',
] as const;
export type GenericField = (typeof GENERIC_FIELDS)[number];

export const TIMESTAMP_FIELDS: GenericField[] = ['event_at', 'created_at', 'resolved_at', 'closed_at'];

const SYNONYMS: Record<GenericField, string[]> = {
  ticket_id: ['ticketid', 'ticket', 'ticketnumber', 'caseid', 'case', 'incidentid', 'incident', 'number', 'srnumber', 'requestid', 'issuekey', 'key', 'id'],
  event_at: ['eventat', 'timestamp', 'datestamp', 'eventtime', 'changed', 'changedat', 'date', 'time', 'updatedat'],
  event_kind: ['eventkind', 'activity', 'incidentactivitytype', 'activitytype', 'eventtype', 'action', 'kind'],
  event_seq: ['eventseq', 'seq', 'sequence', 'incidentactivitynumber', 'activitynumber', 'sysmodcount'],
  group: ['group', 'team', 'queue', 'involvedst', 'assignmentgroup', 'assignedgroup', 'assignedtoteam', 'supportteam', 'resolvergroup'],
  group_before: ['groupbefore', 'previousgroup', 'fromgroup', 'oldgroup'],
  group_after: ['groupafter', 'newgroup', 'togroup'],
  actor: ['actor', 'user', 'author', 'agent', 'updatedby', 'resource', 'technician'],
  actor_group: ['actorgroup', 'usergroup'],
  automated: ['automated', 'isautomated', 'system'],
  event_detail: ['eventdetail', 'comment', 'note'],
  created_at: ['createdat', 'created', 'createddate', 'createdon', 'opened', 'openedat', 'opentime', 'reportdate', 'datecreated'],
  resolved_at: ['resolvedat', 'resolved', 'resolvedtime', 'resolveddate'],
  closed_at: ['closedat', 'closed', 'closetime', 'closeddate'],
  status: ['status', 'state', 'statustype'],
  category: ['category', 'requesttype', 'issuetype', 'problemtype', 'servicecomp', 'servicecomponent'],
  subcategory: ['subcategory', 'subtype'],
  channel: ['channel', 'contacttype', 'source', 'via'],
  location: ['location', 'school', 'site', 'building', 'campus'],
  subject: ['subject', 'shortdescription', 'title', 'summary'],
  description: ['description', 'details', 'issuedescription', 'body'],
  requester: ['requester', 'requestedby', 'caller', 'callerid', 'submittedby', 'reporter'],
  resolution_code: ['resolutioncode', 'closecode', 'closurecode'],
  resolution_text: ['resolutiontext', 'closenotes', 'resolution', 'resolutionnotes'],
  knowledge_article: ['knowledgearticle', 'kmnumber', 'kbarticle', 'article'],
  sensitive: ['sensitive', 'hassensitiveinformation', 'confidential'],
};

export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export interface ColumnMatch {
  field: GenericField;
  column: string;
  reason: string;
}

/**
 * Matches header names to fields. Each column is used once; earlier synonyms win, so
 * 'Incident ID' beats 'Interaction ID' for the ticket id.
 */
export function matchColumns(headers: string[]): ColumnMatch[] {
  const byNorm = new Map<string, string>();
  for (const h of headers) if (!byNorm.has(normaliseName(h))) byNorm.set(normaliseName(h), h);
  const used = new Set<string>();
  const matches: ColumnMatch[] = [];
  for (const field of GENERIC_FIELDS) {
    for (const synonym of SYNONYMS[field]) {
      const column = byNorm.get(synonym);
      if (column !== undefined && !used.has(column)) {
        used.add(column);
        matches.push({ field, column, reason: `column '${column}' is named like ${field}` });
        break;
      }
    }
  }
  return matches;
}
