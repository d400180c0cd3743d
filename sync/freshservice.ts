/**
 * Freshservice pull reader: GET /api/v2/tickets?updated_since=T, oldest update first,
 * 100 a page, and each ticket's activities (GET /api/v2/tickets/{id}/activities), which
 * hold its group changes ("set Group as Payroll"). A page is handed over as the Freshservice
 * file connector reads it: `{"tickets": [...], "groups": [...]}` (the agent groups from
 * GET /api/v2/groups, which name group_id) and one `{"ticket_id", "activities": [...]}`
 * line per ticket (the activities page has no ticket id; it is in the URL).
 * Freshservice answers 429 with Retry-After and sends X-RateLimit-Remaining; both are
 * honoured by the client. Auth is the agent's API key as the Basic user, 'X' as password.
 *
 * Docs: https://api.freshservice.com/v2/#list_all_tickets (updated_since, order_by,
 * order_type, per_page, page; {"tickets": [...]}), https://api.freshservice.com/v2/#view_a_ticket_activity
 * ({"activities": [{"actor", "content", "sub_contents", "created_at"}]}), and
 * https://api.freshservice.com/v2/#rate_limit.
 */
import { basicAuth } from './credentials.ts';
import { PullError } from './http-client.ts';
import { apiUrl, JsonLines, type PullReader } from './reader.ts';
import type { WindowCursor } from './time-window.ts';
import { windowReader, type Row } from './window-reader.ts';

export const freshserviceIso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function freshserviceReader(options: { pageSize?: number } = {}): PullReader<WindowCursor> {
  return windowReader(
    {
      name: 'freshservice',
      label: 'Freshservice',
      credentials: [{ name: 'api_key', description: "an agent's API key (Profile settings > Your API key)" }],
      authHint: "the API key is wrong, or its agent's role cannot view tickets (it needs the View tickets privilege in every workspace pulled)",
      auth: (c) => ({ headers: { authorization: basicAuth(c.api_key, 'X') } }),
      formatInstant: freshserviceIso,
      async list(http, baseUrl, cursor, limit) {
        const { body } = await http.getJson<{ tickets?: Row[] }>(
          apiUrl(baseUrl, '/api/v2/tickets', {
            updated_since: cursor.from, order_by: 'updated_at', order_type: 'asc', per_page: limit, page: Math.floor(cursor.offset / limit) + 1,
          }),
        );
        if (!Array.isArray(body.tickets)) throw new PullError('SB_ERR_PULL_BAD_RESPONSE', `${baseUrl}/api/v2/tickets: the answer has no "tickets" list`);
        return { records: body.tickets };
      },
      stamp: (r) => ({ at: String(r.updated_at ?? ''), id: String(r.id ?? '') }),
      async history(http, baseUrl, t) {
        const { body } = await http.getJson<{ activities?: Row[] }>(apiUrl(baseUrl, `/api/v2/tickets/${encodeURIComponent(String(t.id))}/activities`));
        return body.activities ?? [];
      },
      async sideload(http, baseUrl) {
        const groups: Row[] = [];
        for (let page = 1; ; page++) {
          const { body } = await http.getJson<{ groups?: Row[] }>(apiUrl(baseUrl, '/api/v2/groups', { per_page: 100, page }));
          groups.push(...(body.groups ?? []));
          if ((body.groups ?? []).length < 100) return { groups };
        }
      },
      files: (tickets, histories, sideloaded) => [
        { tickets, ...sideloaded },
        new JsonLines(tickets.map((t, i) => ({ ticket_id: t.id, activities: histories[i] }))),
      ],
      updatedInstant: (r) => (typeof r.updated_at === 'string' ? r.updated_at : null),
    },
    { pageSize: options.pageSize ?? 100 },
  );
}
