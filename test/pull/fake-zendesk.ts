/**
 * A fake Zendesk account answering the documented shapes:
 * - GET /api/v2/incremental/tickets/cursor.json (start_time or cursor, per_page):
 *   {"tickets", "after_cursor", "after_url", "before_cursor", "before_url", "end_of_stream"}
 *   https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/
 *   The cursor is opaque; this one encodes the last (updated_at, id) returned.
 * - GET /api/v2/tickets/{ticket_id}/audits.json, cursor paginated (page[size], page[after]):
 *   {"audits": [{"id", "ticket_id", "created_at", "author_id", "via", "events": [...]}],
 *    "meta": {"has_more", "after_cursor"}, "links": {...}}
 *   https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/
 * - GET /api/v2/groups.json: {"groups": [{"id", "name"}], "meta", "links"}
 * - 401 {"error": "Couldn't authenticate you"} for a bad token.
 */
import type { VendorFake } from './contract.ts';
import { basic, startFake } from './fake-server.ts';

const GROUPS = [
  { id: 360001, name: 'Service Desk' },
  { id: 360002, name: 'Payroll' },
  { id: 360003, name: 'Human Resources' },
  { id: 360004, name: 'Facilities' },
];
const gid = (name: string) => GROUPS.find((g) => g.name === name)!.id;
const at = (minutes: number) => new Date(Date.UTC(2026, 0, 5, 8, 0) + minutes * 60_000).toISOString().replace('.000', '');

interface Ticket { id: number; created_at: string; updated_at: string; subject: string; description: string; status: string; group_id: number; requester_id: number; via: { channel: string }; type: string; tags: string[] }
interface Audit { id: number; ticket_id: number; created_at: string; author_id: number; via: { channel: string }; events: Record<string, unknown>[] }

export const ZD_ENV = { SWITCHBOARD_ZENDESK_EMAIL: 'it-director@district.example', SWITCHBOARD_ZENDESK_TOKEN: 'zd-t0ken-value' };
export const ZD_AUTH = basic(`${ZD_ENV.SWITCHBOARD_ZENDESK_EMAIL}/token`, ZD_ENV.SWITCHBOARD_ZENDESK_TOKEN);

export async function startFakeZendesk(n: number): Promise<VendorFake> {
  const tickets: Ticket[] = [];
  const audits: Audit[] = [];
  const audit = (t: Ticket, minute: number, events: Record<string, unknown>[]) =>
    audits.push({ id: 9000 + audits.length, ticket_id: t.id, created_at: at(minute), author_id: 500 + t.id, via: { channel: 'web' }, events });
  const move = (t: Ticket, group: string, minute: number) => {
    audit(t, minute, [{ id: 1, type: 'Change', field_name: 'group_id', value: String(gid(group)), previous_value: String(t.group_id) }]);
    t.group_id = gid(group);
    t.updated_at = at(minute);
  };
  for (let i = 1; i <= n; i++) {
    const t: Ticket = {
      id: i, created_at: at(i * 10), updated_at: at(i * 10), subject: `Request ${i}`, description: `Details of request ${i}`,
      status: 'open', group_id: gid('Service Desk'), requester_id: 100 + i, via: { channel: 'web' }, type: 'question', tags: [],
    };
    tickets.push(t);
    audit(t, i * 10, [
      { id: 1, type: 'Create', field_name: 'group_id', value: String(gid('Service Desk')) },
      { id: 2, type: 'Create', field_name: 'status', value: 'open' },
    ]);
    if (i % 3 === 0) move(t, 'Payroll', i * 10 + 5);
  }
  const key = (t: Ticket) => `${t.updated_at}|${String(t.id).padStart(10, '0')}`;
  const encode = (k: string) => Buffer.from(k).toString('base64url');

  const fake = await startFake(
    (url) => {
      const p = url.searchParams;
      if (url.pathname === '/api/v2/incremental/tickets/cursor.json') {
        const perPage = Math.min(Number(p.get('per_page') ?? 1000), 1000);
        const from = p.get('cursor') ? Buffer.from(p.get('cursor')!, 'base64url').toString() : undefined;
        const start = p.get('start_time') ? new Date(Number(p.get('start_time')) * 1000).toISOString().replace('.000', '') : undefined;
        if (!from && !start) return { status: 400, body: { error: 'InvalidValue', description: 'start_time or cursor is required' } };
        const sorted = [...tickets].sort((a, b) => (key(a) < key(b) ? -1 : 1));
        const rest = sorted.filter((t) => (from ? key(t) > from : t.updated_at >= start!));
        const page = rest.slice(0, perPage);
        const after = page.length ? encode(key(page[page.length - 1])) : p.get('cursor') ?? encode(`${start}|`);
        return {
          body: {
            tickets: page, after_cursor: after, after_url: `${fake.url}${url.pathname}?cursor=${after}`,
            before_cursor: null, before_url: null, end_of_stream: rest.length <= perPage,
          },
        };
      }
      const m = /^\/api\/v2\/tickets\/(\d+)\/audits\.json$/.exec(url.pathname);
      if (m) {
        const size = Number(p.get('page[size]') ?? 100);
        const all = audits.filter((a) => a.ticket_id === Number(m[1]));
        const offset = p.get('page[after]') ? Number(p.get('page[after]')) : 0;
        const has = offset + size < all.length;
        return { body: { audits: all.slice(offset, offset + size), meta: { has_more: has, after_cursor: has ? String(offset + size) : null, before_cursor: null }, links: {} } };
      }
      if (url.pathname === '/api/v2/groups.json') return { body: { groups: GROUPS, meta: { has_more: false, after_cursor: null }, links: {} } };
      return { status: 404, body: { error: 'InvalidEndpoint', description: 'Not found' } };
    },
    { auth: ZD_AUTH, unauthorized: { body: { error: "Couldn't authenticate you" } } },
  );
  return Object.assign(fake, {
    change: () => {
      move(tickets[1], 'Human Resources', 60 * 24);
      move(tickets[6], 'Facilities', 60 * 25);
    },
  });
}
