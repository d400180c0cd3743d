/**
 * Jira Service Management's issue JSON, as the REST API writes it: a search response
 * ({"issues": [{key, fields, changelog: {histories: [{id, author, created, items: [{field,
 * fromString, toString}]}]}}], "names": {...}} with expand=changelog,names), or single
 * issues (GET /issue/{key}?expand=changelog) one per line or in an array.
 *
 * Jira has no built-in assignment group: districts use the Team field, a group picker
 * ('Assignment group', 'Assigned Group') or a select list named for the queue. A change of
 * any of GROUP_FIELDS (by the field's name, case-insensitive; configurable) is an
 * assignment. The "names" map (expand=names) finds the current value of that field.
 */

export const DEFAULT_GROUP_FIELDS = ['Team', 'Assignment group', 'Assigned Group', 'Queue', 'Support Group', 'Group'];

/** Authors of changes no person made: Automation for Jira and Jira's own system user. */
export const AUTOMATED_AUTHORS = ['automation for jira', 'jira automation', 'automation', 'system'];

/** Statuses that end the work (status category Done in a default JSM workflow). */
export const DONE_STATUSES = ['resolved', 'closed', 'done', 'canceled', 'cancelled', 'completed', 'declined'];

/** Whether a sample is Jira issues, and the evidence. */
export function isJiraIssues(topLevelKeys: string[], recordKeys: string[]): { ok: boolean; evidence: string } {
  const issueKeys = recordKeys.includes('key') && recordKeys.includes('fields');
  if (topLevelKeys.includes('issues') && issueKeys) return { ok: true, evidence: 'a JSON object with "issues" of key and fields' };
  if (issueKeys && (recordKeys.includes('changelog') || recordKeys.includes('self'))) return { ok: true, evidence: 'issue records with key, fields and changelog' };
  return { ok: false, evidence: 'no Jira issues (key and fields)' };
}
