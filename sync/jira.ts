/**
 * Jira Service Management pull reader: JQL search (`updated >= "T" ORDER BY updated ASC,
 * key ASC`) with the changelog expanded, paged by nextPageToken, and the per-issue
 * changelog endpoint when an issue's history is longer than the search returns (the search
 * embeds at most 100 histories). A page is handed over as the search response's shape,
 * `{"issues": [...], "names": {...}}` (expand=names: the Jira connector finds the Team
 * field's current value through it), each issue's changelog complete.
 *
 * JQL compares dates to the minute, in the time zone of the API user's profile: the
 * cursor keeps the minute of the last update read ('2026-01-05 08:10') and the issues read
 * in that minute. If the profile's zone is not UTC, a run re-reads at most that offset's
 * worth of updates; re-reading is harmless (the import adds only what is new).
 *
 * Docs: https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-get
 * (jql, nextPageToken, maxResults, fields, expand=changelog; {"issues", "nextPageToken", "isLast"})
 * and https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-changelog-get
 * ({"values", "startAt", "maxResults", "total", "isLast"}). 429 carries Retry-After and
 * X-RateLimit-Reset; Basic auth is the account's email and an API token.
 */
import { basicAuth } from './credentials.ts';
import { PullError } from './http-client.ts';
import { apiUrl, type PullReader } from './reader.ts';
import type { WindowCursor } from './time-window.ts';
import { windowReader, type Row } from './window-reader.ts';

const FIELDS = 'summary,status,created,updated,resolutiondate,issuetype,priority,reporter,assignee,customfield_10010,components,labels,resolution';

/** JQL's minute-precision date literal, in UTC. */
export const jqlMinute = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');

export function jqlFor(from: string, project?: string): string {
  const scope = project ? `project = "${project.replace(/["\\]/g, '')}" AND ` : '';
  return `${scope}updated >= "${from}" ORDER BY updated ASC, key ASC`;
}

export function jiraReader(options: { pageSize?: number; project?: string } = {}): PullReader<WindowCursor> {
  return windowReader(
    {
      name: 'jira',
      label: 'Jira Service Management',
      credentials: [
        { name: 'email', description: 'the Atlassian account email the API token belongs to' },
        { name: 'token', description: 'an API token (id.atlassian.com > Security > API tokens)' },
      ],
      authHint: 'the email or API token is wrong, or the account lacks the Browse projects permission on the service project',
      auth: (c) => ({ headers: { authorization: basicAuth(c.email, c.token) } }),
      formatInstant: jqlMinute,
      async list(http, baseUrl, cursor, limit) {
        const { body } = await http.getJson<{ issues?: Row[]; nextPageToken?: string; isLast?: boolean; names?: Row }>(
          apiUrl(baseUrl, '/rest/api/3/search/jql', {
            jql: jqlFor(cursor.from, options.project), fields: FIELDS, expand: 'changelog,names', maxResults: limit, nextPageToken: cursor.token,
          }),
        );
        if (!Array.isArray(body.issues)) throw new PullError('SB_ERR_PULL_BAD_RESPONSE', `${baseUrl}/rest/api/3/search/jql: the answer has no "issues" list`);
        return { records: body.issues, last: body.isLast ?? !body.nextPageToken, token: body.nextPageToken, beside: body.names ? { names: body.names } : undefined };
      },
      stamp: (r) => ({ at: jqlMinute(new Date(String((r.fields as Row | undefined)?.updated ?? 0))), id: String(r.id ?? r.key ?? '') }),
      async history(http, baseUrl, issue) {
        const log = issue.changelog as { histories?: Row[]; total?: number } | undefined;
        const embedded = log?.histories ?? [];
        if (log && (log.total ?? embedded.length) <= embedded.length) return embedded;
        const all: Row[] = [];
        for (let startAt = 0; ; ) {
          const { body } = await http.getJson<{ values?: Row[]; isLast?: boolean; total?: number }>(
            apiUrl(baseUrl, `/rest/api/3/issue/${encodeURIComponent(String(issue.key))}/changelog`, { startAt, maxResults: 100 }),
          );
          const values = body.values ?? [];
          all.push(...values);
          startAt += values.length;
          if (body.isLast !== false || !values.length) return all;
        }
      },
      // The search response's own shape, each issue carrying its whole changelog.
      files: (issues, histories, beside) => [{ ...beside, issues: issues.map((i, k) => ({ ...i, changelog: { startAt: 0, total: (histories[k] as Row[]).length, histories: histories[k] } })) }],
      updatedInstant: (r) => {
        const u = (r.fields as Row | undefined)?.updated;
        return typeof u === 'string' ? new Date(u).toISOString() : null;
      },
    },
    { pageSize: options.pageSize ?? 100 },
  );
}
