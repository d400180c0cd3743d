/**
 * Incident IQ's export shapes and field names: the ticket export (CSV: Ticket Number,
 * Subject, Issue Category, Issue, Assigned To Team, Location, Created Date, Closed Date,
 * Has Sensitive Information...) and the API's ticket search ({"Items": [{TicketId,
 * TicketNumber, Subject, IssueDescription, IssueCategoryName, AssignedToTeam: {TeamName},
 * Location: {Name}, CreatedDate, ClosedDate, IsClosed, HasSensitiveInformation}]}), and
 * ticket activities (the timeline: {"Items": [{TicketId or TicketNumber, ActivityDate,
 * ActivityType, FieldName, OldValue, NewValue, CreatedBy: {Name}}]}) as JSON or CSV.
 * Names match case- and punctuation-insensitively; JSON paths are tried in order.
 */
import { normaliseName } from '../generic/field-names.ts';

export const TICKET_FIELDS = [
  'number', 'guid', 'subject', 'description', 'category', 'issue', 'team', 'location', 'status', 'channel', 'requester',
  'created', 'closed', 'is_closed', 'sensitive',
] as const;
export type TicketField = (typeof TICKET_FIELDS)[number];

export const TICKET_ALIASES: Record<TicketField, string[]> = {
  number: ['Ticket Number', 'TicketNumber', 'Ticket #', 'Ticket No'],
  guid: ['TicketId', 'Ticket Id'],
  subject: ['Subject', 'Ticket Subject'],
  description: ['Issue Description', 'IssueDescription', 'Description'],
  category: ['Issue Category', 'IssueCategoryName', 'Category'],
  issue: ['Issue', 'Issue Type', 'IssueName', 'IssueTypeName'],
  team: ['Assigned To Team', 'AssignedToTeamName', 'AssignedToTeam', 'Assigned Team', 'Team'],
  location: ['Location', 'LocationName', 'Site', 'SiteName'],
  status: ['Status', 'Workflow Step', 'WorkflowStepName', 'Ticket Status'],
  channel: ['Source', 'TicketSource', 'Submitted Via'],
  requester: ['For User', 'ForUserName', 'Requestor', 'Requester'],
  created: ['Created Date', 'CreatedDate', 'Created'],
  closed: ['Closed Date', 'ClosedDate', 'Closed'],
  is_closed: ['Is Closed', 'IsClosed'],
  sensitive: ['Has Sensitive Information', 'HasSensitiveInformation', 'Sensitive'],
};

export const TICKET_JSON_PATHS: Record<TicketField, string[]> = {
  number: ['TicketNumber'],
  guid: ['TicketId'],
  subject: ['Subject'],
  description: ['IssueDescription'],
  category: ['IssueCategoryName', 'Issue.IssueCategoryName', 'IssueCategory.Name'],
  issue: ['IssueName', 'Issue.Name', 'IssueTypeName'],
  team: ['AssignedToTeamName', 'AssignedToTeam.TeamName', 'AssignedToTeam.Name'],
  location: ['LocationName', 'Location.Name', 'Site.Name'],
  status: ['WorkflowStep.StepName', 'WorkflowStepName', 'Status'],
  channel: ['SourceName', 'Source'],
  requester: ['ForUser.Email', 'ForUser.Name', 'ForUserName'],
  created: ['CreatedDate'],
  closed: ['ClosedDate'],
  is_closed: ['IsClosed'],
  sensitive: ['HasSensitiveInformation'],
};

export const ACTIVITY_FIELDS = ['ticket_ref', 'at', 'activity_type', 'field', 'old_value', 'new_value', 'actor', 'is_public', 'is_automated'] as const;
export type ActivityField = (typeof ACTIVITY_FIELDS)[number];

export const ACTIVITY_ALIASES: Record<ActivityField, string[]> = {
  ticket_ref: ['Ticket Number', 'TicketNumber', 'TicketId', 'Ticket Id'],
  at: ['Activity Date', 'ActivityDate', 'Date', 'CreatedDate', 'Created Date'],
  activity_type: ['Activity Type', 'ActivityType', 'ActivityTypeName', 'Type'],
  field: ['Field', 'FieldName', 'Field Name'],
  old_value: ['Old Value', 'OldValue', 'PreviousValue', 'From'],
  new_value: ['New Value', 'NewValue', 'Value', 'To'],
  actor: ['User', 'CreatedByName', 'Created By', 'ActivityUserName'],
  is_public: ['IsPublic', 'Is Public'],
  is_automated: ['IsAutomated', 'IsSystemGenerated', 'Automated'],
};

export const ACTIVITY_JSON_PATHS: Record<ActivityField, string[]> = {
  ticket_ref: ['TicketNumber', 'Ticket.TicketNumber', 'TicketId'],
  at: ['ActivityDate', 'CreatedDate', 'Date'],
  activity_type: ['ActivityTypeName', 'ActivityType'],
  field: ['FieldName', 'Field'],
  old_value: ['OldValue', 'PreviousValue'],
  new_value: ['NewValue', 'Value'],
  actor: ['CreatedBy.Name', 'CreatedByName', 'User.Name', 'ActivityUserName'],
  is_public: ['IsPublic'],
  is_automated: ['IsAutomated', 'IsSystemGenerated'],
};

/** Normalised field names and activity types that mean "the assigned team changed". */
export const TEAM_FIELDS = ['assignedtoteam', 'assignedtoteamname', 'team', 'assignedteam'];
export const TEAM_ACTIVITY_TYPES = ['teamassigned', 'teamchanged', 'assignedtoteamchanged', 'ticketassignedtoteam', 'teamassignment'];
/** Activity types and users of rules, not people. */
export const RULE_ACTIVITY_TYPES = ['ruleexecuted', 'ruleapplied', 'automationrule', 'rule'];
export const AUTOMATED_ACTORS = ['system', 'incident iq', 'rules engine', 'automation'];

export type IncidentIqShape = 'tickets' | 'activities';

export function shapeOf(names: string[]): { shape?: IncidentIqShape; evidence: string[] } {
  const n = new Set(names.map(normaliseName));
  const ticketMarks = ['issuecategoryname', 'issuecategory', 'assignedtoteam', 'assignedtoteamname', 'issuedescription', 'hassensitiveinformation', 'forusername', 'foruser']
    .filter((c) => n.has(c));
  const activityMarks = ['activitytype', 'activitytypename', 'activitydate'].filter((c) => n.has(c));
  if ((n.has('ticketnumber') || n.has('ticketid')) && activityMarks.length && !n.has('subject')) return { shape: 'activities', evidence: activityMarks };
  if (n.has('ticketnumber') && ticketMarks.length >= 2) return { shape: 'tickets', evidence: ['ticketnumber', ...ticketMarks] };
  return { evidence: [] };
}
