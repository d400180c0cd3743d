/**
 * Incident IQ pull reader: the ticket search (POST /api/v1.0/tickets, paged by `$p` and
 * `$s`, ordered by ModifiedDate ascending, filtered to tickets modified since T) and each
 * ticket's activities (GET /api/v1.0/tickets/{TicketId}/activities), which record its
 * team (assignment) changes. A page is handed over as the Incident IQ file connector
 * reads it: `{"Items": [...]}` (the search response's shape) and `{"Items": [...]}` of the
 * page's activities, each of which names its TicketId.
 * Requests carry the site's API token as a Bearer token, its SiteId, and `Client: ApiClient`.
 *
 * Docs: Incident IQ's API reference (https://incidentiq.stoplight.io/docs/v1), Tickets:
 * "Search tickets" ({"Items": [...], "Paging": {"PageIndex", "PageSize", "PageCount",
 * "TotalRows"}}) and "Get ticket activities" ({"Items": [...]}).
 */
import { PullError } from './http-client.ts';
import { apiUrl, type PullReader } from './reader.ts';
import type { WindowCursor } from './time-window.ts';
import { windowReader, type Row } from './window-reader.ts';

export const iiqInstant = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function incidentIqReader(options: { pageSize?: number } = {}): PullReader<WindowCursor> {
  return windowReader(
    {
      name: 'incident-iq',
      label: 'Incident IQ',
      credentials: [
        { name: 'token', description: 'an API token (Administration > Developer Tools)' },
        { name: 'site_id', description: 'the site id shown beside the token' },
      ],
      authHint: "the API token is wrong or expired, the SiteId is not the token's site, or its user cannot view all tickets",
      auth: (c) => ({ headers: { authorization: `Bearer ${c.token}`, siteid: c.site_id, client: 'ApiClient' } }),
      formatInstant: iiqInstant,
      async list(http, baseUrl, cursor, limit) {
        const { body } = await http.postJson<{ Items?: Row[]; Paging?: { PageIndex?: number; PageCount?: number } }>(
          apiUrl(baseUrl, '/api/v1.0/tickets', { $p: Math.floor(cursor.offset / limit), $s: limit, $o: 'ModifiedDate ASC' }),
          { OnlyShowDeleted: false, Filters: [{ Facet: 'ModifiedDate', Value: `daterange:${cursor.from}-` }] },
        );
        if (!Array.isArray(body.Items)) throw new PullError('SB_ERR_PULL_BAD_RESPONSE', `${baseUrl}/api/v1.0/tickets: the answer has no "Items" list`);
        const p = body.Paging;
        const last = p?.PageIndex !== undefined && p.PageCount !== undefined ? p.PageIndex + 1 >= p.PageCount : undefined;
        return { records: body.Items, last };
      },
      stamp: (r) => ({ at: String(r.ModifiedDate ?? ''), id: String(r.TicketId ?? '') }),
      async history(http, baseUrl, t) {
        const { body } = await http.getJson<{ Items?: Row[] }>(apiUrl(baseUrl, `/api/v1.0/tickets/${encodeURIComponent(String(t.TicketId))}/activities`));
        return body.Items ?? [];
      },
      files: (tickets, histories) => [{ Items: tickets }, { Items: histories.flat() }],
      updatedInstant: (r) => (typeof r.ModifiedDate === 'string' ? r.ModifiedDate : null),
    },
    { pageSize: options.pageSize ?? 100 },
  );
}
