/**
 * Zendesk pull reader: the cursor-based incremental ticket export for what changed, and
 * each changed ticket's audits for its whole history. Each page goes to the Zendesk file
 * connector as one import of two files, `{"tickets": [...], "groups": [...]}` and
 * `{"audits": [...], "groups": [...]}`, the shapes of the Incremental Tickets and Ticket
 * Audits APIs with the groups sideloaded so group ids read as names.
 *
 * Why audits and not the incremental ticket_events stream: ticket events are a stream of
 * every ticket's changes, so one ticket's history would be split across imports, and the
 * file connector decides per import whether a ticket without group history here landed
 * in its current group. Audits give each changed ticket its complete history in the same
 * import as the ticket, so re-reading a ticket adds only what is new. The account's groups
 * (one request a page) are sideloaded beside both.
 *
 * Cursor: `start_time` (epoch seconds) on the first request, then `cursor=after_cursor`;
 * at end_of_stream the after_cursor is kept and the next run resumes from it (Zendesk's
 * documented workflow). The incremental endpoints allow 10 requests a minute and answer
 * 429 with Retry-After; the audits endpoint counts against the account's per-minute limit.
 *
 * Docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/
 * (GET /api/v2/incremental/tickets/cursor: tickets, after_cursor, after_url, end_of_stream)
 * and https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/
 * (GET /api/v2/tickets/{ticket_id}/audits, cursor pagination: meta.has_more, meta.after_cursor;
 * the global "read" OAuth scope is required: tickets:read is not enough).
 */
import { basicAuth } from './credentials.ts';
import { PullError, type HttpClient } from './http-client.ts';
import { apiUrl, mapLimit, type PullReader } from './reader.ts';

export interface ZendeskCursor {
  /** Epoch seconds of a first export; unset once a cursor exists. */
  startTime?: number;
  cursor?: string;
}

type Row = Record<string, unknown>;

interface IncrementalTickets {
  tickets?: Row[];
  after_cursor?: string | null;
  end_of_stream?: boolean;
}
interface AuditsPage {
  audits?: Row[];
  meta?: { has_more?: boolean; after_cursor?: string | null };
}
interface GroupsPage {
  groups?: Row[];
  meta?: { has_more?: boolean; after_cursor?: string | null };
}

export function ticketsPageUrl(baseUrl: string, cursor: ZendeskCursor, perPage: number): string {
  return apiUrl(baseUrl, '/api/v2/incremental/tickets/cursor.json', {
    ...(cursor.cursor ? { cursor: cursor.cursor } : { start_time: cursor.startTime }),
    per_page: perPage,
  });
}

/** The next cursor after a tickets page. Pure. */
export function nextZendeskCursor(cursor: ZendeskCursor, body: IncrementalTickets): { next: ZendeskCursor; done: boolean } {
  // An empty stream may come back without an after_cursor: keep the one we had.
  const after = body.after_cursor ?? cursor.cursor;
  const next: ZendeskCursor = after ? { cursor: after } : { startTime: cursor.startTime };
  return { next, done: body.end_of_stream === true };
}

export function zendeskReader(options: { pageSize?: number; auditConcurrency?: number } = {}): PullReader<ZendeskCursor> {
  const perPage = options.pageSize ?? 1000;
  const concurrency = options.auditConcurrency ?? 4;
  async function fetchGroups(http: HttpClient, baseUrl: string): Promise<Row[]> {
    const all: Row[] = [];
    let after: string | null | undefined;
    do {
      const { body } = await http.getJson<GroupsPage>(apiUrl(baseUrl, '/api/v2/groups.json', { 'page[size]': 100, 'page[after]': after ?? undefined }));
      all.push(...(body.groups ?? []));
      after = body.meta?.has_more ? body.meta.after_cursor : undefined;
    } while (after);
    return all;
  }

  async function fetchAudits(http: HttpClient, baseUrl: string, ticketId: unknown): Promise<Row[]> {
    const all: Row[] = [];
    let after: string | null | undefined;
    do {
      const { body } = await http.getJson<AuditsPage>(
        apiUrl(baseUrl, `/api/v2/tickets/${encodeURIComponent(String(ticketId))}/audits.json`, { 'page[size]': 100, 'page[after]': after ?? undefined }),
      );
      all.push(...(body.audits ?? []));
      after = body.meta?.has_more ? body.meta.after_cursor : undefined;
    } while (after);
    return all;
  }

  return {
    name: 'zendesk',
    label: 'Zendesk',
    credentials: [
      { name: 'email', description: 'the agent or admin email the API token belongs to', optional: true },
      { name: 'token', description: 'an API token (Admin Center > Apps and integrations > Zendesk API)', optional: true },
      { name: 'oauth_token', description: 'an OAuth access token with the read scope, instead of email and token', optional: true },
    ],
    authHint:
      'the credential cannot read tickets and their audits; an OAuth token needs the global read scope (tickets:read does not cover ticket audits), an API token must belong to an admin or agent, and the email must be the token owner\'s',
    auth(c) {
      if (c.oauth_token) return { headers: { authorization: `Bearer ${c.oauth_token}` } };
      if (c.email && c.token) return { headers: { authorization: basicAuth(`${c.email}/token`, c.token) } };
      throw new PullError('SB_ERR_PULL_CREDENTIALS', 'missing credentials: set SWITCHBOARD_ZENDESK_EMAIL and SWITCHBOARD_ZENDESK_TOKEN, or SWITCHBOARD_ZENDESK_OAUTH_TOKEN');
    },
    start: (since) => ({ startTime: Math.floor(since.getTime() / 1000) }),
    async fetchPage(http, baseUrl, cursor) {
      const { body } = await http.getJson<IncrementalTickets>(ticketsPageUrl(baseUrl, cursor, perPage));
      if (!Array.isArray(body.tickets)) {
        throw new PullError('SB_ERR_PULL_BAD_RESPONSE', `${baseUrl}/api/v2/incremental/tickets/cursor.json: the answer has no "tickets" list`);
      }
      const { next, done } = nextZendeskCursor(cursor, body);
      // Deleted tickets are in the stream too (status "deleted"): they have no audits to read.
      const tickets = body.tickets.filter((t) => t.status !== 'deleted');
      if (!tickets.length) return { files: [], tickets: 0, events: 0, next, done };
      const audits = (await mapLimit(tickets, concurrency, (t) => fetchAudits(http, baseUrl, t.id))).flat();
      // One request per page: groups are renamed and added, and a page may name any of them.
      const groups = await fetchGroups(http, baseUrl);
      const updated = tickets.map((t) => String(t.updated_at ?? '')).filter(Boolean).sort();
      return {
        files: [{ tickets, groups }, ...(audits.length ? [{ audits, groups }] : [])],
        tickets: tickets.length,
        events: audits.length,
        next,
        done,
        highWaterMark: updated.length ? updated[updated.length - 1] : null,
      };
    },
  };
}
