/**
 * Fakes of the helpdesks that list tickets "updated since T": Freshservice, Jira Service
 * Management, Incident IQ and Web Help Desk, each answering its documented request and
 * response shapes (cited at each fake) from one list of tickets. Every ticket starts in the
 * Service Desk; every third moves to Payroll; `change()` moves tickets 2 and 7 later on.
 */
import type { IncomingMessage } from 'node:http';
import type { VendorFake } from './contract.ts';
import { basic, startFake, type FakeResponse } from './fake-server.ts';

export interface FakeTicket {
  n: number;
  created: Date;
  updated: Date;
  group: string;
  moves: { at: Date; from: string; to: string }[];
}

const minute = (m: number) => new Date(Date.UTC(2026, 0, 5, 8, 0) + m * 60_000);
const iso = (d: Date) => d.toISOString().replace('.000', '');

function tickets(n: number): FakeTicket[] {
  return Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    const t: FakeTicket = { n: i, created: minute(i * 10), updated: minute(i * 10), group: 'Service Desk', moves: [] };
    if (i % 3 === 0) move(t, 'Payroll', minute(i * 10 + 5));
    return t;
  });
}
function move(t: FakeTicket, to: string, at: Date): void {
  t.moves.push({ at, from: t.group, to });
  t.group = to;
  t.updated = at;
}

/** The tickets updated at or after `from`, oldest update first (then by number), one page. */
function page(all: FakeTicket[], from: Date, offset: number, limit: number): { rows: FakeTicket[]; total: number } {
  const hits = all.filter((t) => t.updated >= from).sort((a, b) => a.updated.getTime() - b.updated.getTime() || a.n - b.n);
  return { rows: hits.slice(offset, offset + limit), total: hits.length };
}

async function fakeOf(
  route: (url: URL, all: FakeTicket[], body: string) => FakeResponse,
  auth: string | ((req: IncomingMessage, url: URL) => boolean),
  unauthorized: FakeResponse,
  n: number,
): Promise<VendorFake & { tickets: FakeTicket[] }> {
  const all = tickets(n);
  const fake = await startFake((url, body) => route(url, all, body), { auth, unauthorized });
  return Object.assign(fake, {
    tickets: all,
    change: () => {
      move(all[1], 'Human Resources', minute(60 * 24));
      move(all[6], 'Facilities', minute(60 * 25));
    },
  });
}

const notFound: FakeResponse = { status: 404, body: { message: 'not found' } };

// Freshservice: https://api.freshservice.com/v2/#list_all_tickets, #view_a_ticket_activity and #list_all_groups.
// GET /api/v2/tickets?updated_since&order_by&order_type&per_page&page -> {"tickets": [...]};
// GET /api/v2/tickets/{id}/activities -> {"activities": [{"actor", "content", "sub_contents", "created_at"}]};
// 401 {"code": "invalid_credentials", "message": "You have to be logged in to perform this action."}.
export const FS_ENV = { SWITCHBOARD_FRESHSERVICE_API_KEY: 'fs-api-key' };
const FS_GROUPS: Record<string, number> = { 'Service Desk': 21000001, Payroll: 21000002, 'Human Resources': 21000003, Facilities: 21000004 };
export function startFakeFreshservice(n: number) {
  return fakeOf(
    (url, all) => {
      const p = url.searchParams;
      if (url.pathname === '/api/v2/tickets') {
        const per = Number(p.get('per_page') ?? 30);
        const { rows } = page(all, new Date(p.get('updated_since')!), (Number(p.get('page') ?? 1) - 1) * per, per);
        return {
          headers: { 'x-ratelimit-total': '140', 'x-ratelimit-remaining': '139' },
          body: {
            tickets: rows.map((t) => ({
              id: t.n, subject: `Request ${t.n}`, description_text: `Details of request ${t.n}`, status: 2, source: 2, type: 'Incident',
              group_id: FS_GROUPS[t.group], responder_id: null, department_id: 9100, workspace_id: 2, category: 'Hardware', sub_category: 'Laptop',
              item_category: null, requester_id: 7000 + t.n, fr_due_by: iso(t.created), created_at: iso(t.created), updated_at: iso(t.updated),
            })),
          },
        };
      }
      if (url.pathname === '/api/v2/groups') return { body: { groups: Object.entries(FS_GROUPS).map(([name, id]) => ({ id, name })) } };
      const m = /^\/api\/v2\/tickets\/(\d+)\/activities$/.exec(url.pathname);
      if (!m) return notFound;
      const t = all[Number(m[1]) - 1];
      return {
        body: {
          activities: [
            { actor: { id: 1, name: 'Helpdesk Agent' }, content: ' created a ticket', sub_contents: ['set Status as Open', 'set Group as Service Desk'], created_at: iso(t.created) },
            ...t.moves.map((mv) => ({ actor: { id: 1, name: 'Helpdesk Agent' }, content: ' updated the ticket', sub_contents: [`set Group as ${mv.to}`], created_at: iso(mv.at) })),
          ],
        },
      };
    },
    basic('fs-api-key', 'X'),
    { body: { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' } },
    n,
  );
}

// Jira: https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-get
// GET /rest/api/3/search/jql?jql&maxResults&nextPageToken&expand=changelog -> {"issues", "nextPageToken", "isLast"};
// each issue {"id", "key", "fields": {"created", "updated", ...}, "changelog": {"startAt", "maxResults", "total", "histories"}};
// the search embeds at most 1 history here (100 in Jira) so moved issues need the per-issue endpoint:
// GET /rest/api/3/issue/{key}/changelog?startAt&maxResults -> {"values", "startAt", "maxResults", "total", "isLast"}.
export const JIRA_ENV = { SWITCHBOARD_JIRA_EMAIL: 'it@district.example', SWITCHBOARD_JIRA_TOKEN: 'jira-api-token' };
const jiraTime = (d: Date) => d.toISOString().replace('Z', '+0000');
function jiraHistories(t: FakeTicket) {
  return [
    { id: `${t.n}00`, created: jiraTime(t.created), items: [{ field: 'Request participants', fromString: null, toString: 'requester' }] },
    ...t.moves.map((mv, k) => ({ id: `${t.n}0${k + 1}`, created: jiraTime(mv.at), items: [{ field: 'Team', fromString: mv.from, toString: mv.to }] })),
  ];
}
export function startFakeJira(n: number) {
  return fakeOf(
    (url, all) => {
      const p = url.searchParams;
      if (url.pathname === '/rest/api/3/search/jql') {
        const m = /updated >= "([^"]+)"/.exec(p.get('jql') ?? '');
        if (!m || !/ORDER BY updated ASC/.test(p.get('jql')!)) return { status: 400, body: { errorMessages: ['bad jql'] } };
        const limit = Number(p.get('maxResults') ?? 50);
        const offset = Number(p.get('nextPageToken') ?? 0);
        const { rows, total } = page(all, new Date(`${m[1].replace(' ', 'T')}:00Z`), offset, limit);
        const more = offset + rows.length < total;
        return {
          body: {
            issues: rows.map((t) => {
              const h = jiraHistories(t);
              return {
                id: String(10000 + t.n), key: `HELP-${t.n}`,
                fields: {
                  summary: `Request ${t.n}`, created: jiraTime(t.created), updated: jiraTime(t.updated),
                  status: { name: 'Waiting for support' }, reporter: { accountId: `5b10a${t.n}`, displayName: `Staff ${t.n}` },
                  customfield_10010: { id: `team-${t.group}`, name: t.group },
                },
                changelog: { startAt: 0, maxResults: 1, total: h.length, histories: h.slice(0, 1) },
              };
            }),
            names: { summary: 'Summary', created: 'Created', updated: 'Updated', status: 'Status', reporter: 'Reporter', customfield_10010: 'Team' },
            ...(more ? { nextPageToken: String(offset + rows.length) } : {}),
            isLast: !more,
          },
        };
      }
      const m = /^\/rest\/api\/3\/issue\/HELP-(\d+)\/changelog$/.exec(url.pathname);
      if (!m) return notFound;
      const h = jiraHistories(all[Number(m[1]) - 1]);
      const startAt = Number(p.get('startAt') ?? 0);
      const max = Number(p.get('maxResults') ?? 100);
      const values = h.slice(startAt, startAt + max);
      return { body: { values, startAt, maxResults: max, total: h.length, isLast: startAt + values.length >= h.length } };
    },
    basic('it@district.example', 'jira-api-token'),
    { body: { errorMessages: ['You do not have permission to see the specified issue.'] } },
    n,
  );
}

// Incident IQ: https://incidentiq.stoplight.io/docs/v1 (Tickets: search, activities).
// POST /api/v1.0/tickets?$p&$s&$o with {"Filters": [...]} -> {"Items": [...], "Paging": {"PageIndex", "PageSize", "PageCount", "TotalRows"}};
// GET /api/v1.0/tickets/{TicketId}/activities -> {"Items": [{"TicketId", "ActivityDate", "ActivityTypeName", "FieldName", "OldValue", "NewValue", "CreatedBy"}]}.
export const IIQ_ENV = { SWITCHBOARD_INCIDENT_IQ_TOKEN: 'iiq-token', SWITCHBOARD_INCIDENT_IQ_SITE_ID: '8d6a4c1e-0000-4000-8000-000000000001' };
const iiqId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
export function startFakeIncidentIq(n: number) {
  return fakeOf(
    (url, all, body) => {
      const p = url.searchParams;
      if (url.pathname === '/api/v1.0/tickets') {
        const size = Number(p.get('$s') ?? 20);
        const index = Number(p.get('$p') ?? 0);
        const filter = (JSON.parse(body || '{}') as { Filters?: { Facet: string; Value: string }[] }).Filters?.find((f) => f.Facet === 'ModifiedDate');
        const m = /^daterange:(.+)-$/.exec(filter?.Value ?? '');
        if (!m || p.get('$o') !== 'ModifiedDate ASC') return { status: 400, body: { Message: 'a ModifiedDate daterange filter and order are expected' } };
        const from = new Date(m[1]);
        const { rows, total } = page(all, from, index * size, size);
        return {
          body: {
            Items: rows.map((t) => ({
              TicketId: iiqId(t.n), TicketNumber: t.n, Subject: `Request ${t.n}`, IssueDescription: `Details of request ${t.n}`,
              IssueCategoryName: 'Hardware', AssignedToTeam: { TeamId: iiqId(900 + t.n), TeamName: t.group }, Location: { Name: 'Lincoln Elementary' },
              HasSensitiveInformation: false, IsClosed: false, CreatedDate: iso(t.created), ModifiedDate: iso(t.updated),
            })),
            Paging: { PageIndex: index, PageSize: size, TotalRows: total, PageCount: Math.ceil(total / size) },
          },
        };
      }
      const m = /^\/api\/v1\.0\/tickets\/([0-9a-f-]+)\/activities$/.exec(url.pathname);
      if (!m) return notFound;
      const t = all.find((x) => iiqId(x.n) === m[1])!;
      return {
        body: {
          Items: [
            { TicketId: iiqId(t.n), ActivityDate: iso(t.created), ActivityTypeName: 'TicketCreated', CreatedBy: { Name: 'Pat Requester' } },
            ...t.moves.map((mv) => ({
              TicketId: iiqId(t.n), ActivityDate: iso(mv.at), ActivityTypeName: 'TeamChanged', FieldName: 'AssignedToTeam',
              OldValue: mv.from, NewValue: mv.to, CreatedBy: { Name: 'Helpdesk Agent' },
            })),
          ],
        },
      };
    },
    (req) => {
      if (req.headers.authorization !== 'Bearer iiq-token' || req.headers.siteid !== IIQ_ENV.SWITCHBOARD_INCIDENT_IQ_SITE_ID) return false;
      return true;
    },
    { body: { Message: 'Authorization has been denied for this request.' } },
    n,
  );
}

// Web Help Desk: https://www.solarwinds.com/documentation/webhelpdesk/docs/whd_api_12.1.0/web%20help%20desk%20api.html
// GET /helpdesk/WebObjects/Helpdesk.woa/ra/Tickets?qualifier&style=details&limit&page&apiKey -> [ {"id", "lastUpdated",
// "reportDateUtc", "displayClient", "statustype", "problemtype", "location", "techGroupLevel", "notes": [...]} ]; a bad apiKey is 401.
export const WHD_ENV = { SWITCHBOARD_SOLARWINDS_WHD_API_KEY: 'whd-key' };
export function startFakeWhd(n: number) {
  return fakeOf(
    (url, all) => {
      const p = url.searchParams;
      if (url.pathname !== '/helpdesk/WebObjects/Helpdesk.woa/ra/Tickets') return notFound;
      const m = /lastUpdated >= '([^']+)'/.exec(p.get('qualifier') ?? '');
      if (!m || p.get('style') !== 'details') return { status: 400, body: { message: 'bad qualifier' } };
      const limit = Number(p.get('limit') ?? 25);
      const { rows } = page(all, new Date(m[1]), (Number(p.get('page') ?? 1) - 1) * limit, limit);
      return {
        body: rows.map((t) => ({
          id: t.n, type: 'Ticket', reportDateUtc: iso(t.created), lastUpdated: iso(t.updated), subject: `Request ${t.n}`,
          detail: `Details of request ${t.n}`, displayClient: `Staff ${t.n}`, statustype: { id: 1, statusTypeName: 'Open' },
          problemtype: { id: 7, detailDisplayName: 'Hardware' }, location: { id: 3, locationName: 'Lincoln Elementary' },
          techGroupLevel: { id: 1, levelName: t.group, type: 'TechGroupLevel' },
          notes: t.moves.map((mv) => ({ date: iso(mv.at), mobileNoteText: `Ticket moved from ${mv.from} to ${mv.to}`, type: 'TechNote' })),
        })),
      };
    },
    (_req, url) => url.searchParams.get('apiKey') === 'whd-key',
    { body: { message: 'Authentication failed.' } },
    n,
  );
}
