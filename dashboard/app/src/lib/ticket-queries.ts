/**
 * The ticket drill-down's queries: the URL's filters plus the figure it came from
 * (first landing, resolver, owner, misrouted, redirected), the search, the sort and the
 * page (number and size), all passed to the server, which searches, sorts and pages the
 * list. The whole list's CSV and the person's saved views (a name and this URL's query
 * string) are read and written here too; the page component only renders.
 */
import { getJson, sendJson } from './api.ts';
import { filterQuery, readFilters } from './filters.ts';
import type { TicketDetail, TicketOwnership, TicketsResponse } from './types.ts';
import type { SavedView } from '../../../server/routes/saved-views/saved-views.ts';

export type { SavedView };

export const PAGE_SIZE = 50;
export const PAGE_SIZES = [25, 50, 100, 200] as const;

/** The columns the list sorts by (the server's whitelist), with their header labels. */
export const SORTS = [
  { key: 'ticket', label: 'Ticket' },
  { key: 'created', label: 'Created' },
  { key: 'requestType', label: 'Request type' },
  { key: 'location', label: 'School or site' },
  { key: 'subject', label: 'Subject' },
  { key: 'hops', label: 'Path' },
] as const;
export type SortKey = (typeof SORTS)[number]['key'];
export type SortDir = 'asc' | 'desc';

export interface TicketScope {
  firstLanding?: string;
  resolver?: string;
  owner?: string;
  resolvedElsewhere?: boolean;
  misrouted?: boolean;
  redirected?: boolean;
}

/** What the list shows: the figure it came from, the search, the sort and the page. */
export interface TicketListState extends TicketScope {
  q?: string;
  /** Absent: newest first. */
  sort?: SortKey;
  dir?: SortDir;
  /** 1-based. */
  page: number;
  size: number;
}

const positive = (text: string | null, fallback: number) => {
  const n = Math.floor(Number(text));
  return Number.isFinite(n) && n >= 1 ? n : fallback;
};

export function readScope(params: URLSearchParams): TicketListState {
  const sort = params.get('sort');
  const dir = params.get('dir');
  const size = positive(params.get('size'), PAGE_SIZE);
  return {
    firstLanding: params.get('firstLanding') || undefined,
    resolver: params.get('resolver') || undefined,
    owner: params.get('owner') || undefined,
    resolvedElsewhere: params.get('resolvedElsewhere') === 'true' || undefined,
    misrouted: params.get('misrouted') === 'true' || undefined,
    redirected: params.get('redirected') === 'true' || undefined,
    q: params.get('q')?.trim() || undefined,
    sort: SORTS.some((s) => s.key === sort) ? (sort as SortKey) : undefined,
    dir: dir === 'asc' || dir === 'desc' ? dir : undefined,
    // An old link's offset still lands on its page.
    page: params.has('page') ? positive(params.get('page'), 1) : Math.floor(positive(params.get('offset'), 0) / size) + 1,
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : PAGE_SIZE,
  };
}

/** The list's own URL keys (not the figure filters), page 1 and the default size left out. */
function stateQuery(s: Partial<TicketListState>): Record<string, string | number | boolean | undefined> {
  return {
    firstLanding: s.firstLanding,
    resolver: s.resolver,
    owner: s.owner,
    resolvedElsewhere: s.resolvedElsewhere,
    misrouted: s.misrouted,
    redirected: s.redirected,
    q: s.q,
    sort: s.sort,
    dir: s.sort ? s.dir : undefined,
    page: s.page && s.page > 1 ? s.page : undefined,
    size: s.size && s.size !== PAGE_SIZE ? s.size : undefined,
  };
}

/** The Tickets page's link for `state`, under the filters in `params`. */
export function ticketsHref(params: URLSearchParams, state: Partial<TicketListState>): string {
  return `/tickets${filterQuery(readFilters(params), stateQuery(state))}`;
}

/**
 * A header's next sort: a new column starts at its natural order (text A to Z, dates and
 * paths largest first); the sorted column flips.
 */
export function nextSort(state: TicketListState, key: SortKey): { sort: SortKey; dir: SortDir } {
  const current = state.sort ?? 'created';
  const dir = state.sort ? (state.dir ?? 'desc') : 'desc';
  if (current === key) return { sort: key, dir: dir === 'asc' ? 'desc' : 'asc' };
  return { sort: key, dir: key === 'created' || key === 'hops' ? 'desc' : 'asc' };
}

/** aria-sort of a header: the sorted column's direction, 'none' for the others. */
export function ariaSort(state: TicketListState, key: SortKey): 'ascending' | 'descending' | 'none' {
  const current = state.sort ?? 'created';
  if (current !== key) return 'none';
  return (state.sort ? (state.dir ?? 'desc') : 'desc') === 'asc' ? 'ascending' : 'descending';
}

/** The API's query for the list (or, without a page, for the whole list's CSV). */
function apiQuery(params: URLSearchParams, page: boolean): string {
  const s = readScope(params);
  const base = { ...stateQuery(s), page: undefined, size: undefined };
  return filterQuery(readFilters(params), page ? { ...base, limit: s.size, offset: (s.page - 1) * s.size } : base);
}

export async function loadTickets(fetcher: typeof fetch, params: URLSearchParams): Promise<TicketsResponse> {
  return getJson<TicketsResponse>(fetcher, `/api/tickets${apiQuery(params, true)}`);
}

/** The whole list (every page) as CSV, under the same filters, search and sort. */
export function ticketsCsvHref(params: URLSearchParams): string {
  return `/api/tickets/csv${apiQuery(params, false)}`;
}

/** The query string a saved view keeps: the list's URL without '?' and without its page number. */
export function viewQuery(params: URLSearchParams): string {
  return ticketsHref(params, { ...readScope(params), page: 1 }).replace(/^\/tickets\??/, '');
}

export async function loadSavedViews(fetcher: typeof fetch): Promise<SavedView[]> {
  return (await getJson<{ views: SavedView[] }>(fetcher, '/api/saved-views')).views;
}

export async function saveView(name: string, query: string): Promise<SavedView> {
  return sendJson<SavedView>('POST', '/api/saved-views', { name, query });
}

export async function deleteSavedView(id: number): Promise<void> {
  await sendJson<null>('DELETE', `/api/saved-views/${id}`);
}

export async function loadTicket(fetcher: typeof fetch, source: string, id: string): Promise<TicketDetail> {
  return getJson<TicketDetail>(fetcher, `/api/tickets/${encodeURIComponent(source)}/${encodeURIComponent(id)}`);
}

/** Why the owner is the owner, in words: 'resolved it', 'declared owner of Payroll', ... */
export function ownerReasonText(o: Pick<TicketOwnership, 'ownerReason' | 'ownerBasis'>, requestType?: string | null): string {
  if (o.ownerReason === 'declared') return `declared owner of the request type${requestType ? ` ${requestType}` : ''}`;
  if (o.ownerReason === 'redirect') return 'named by its "submit elsewhere" resolution';
  return o.ownerBasis === 'declared' ? 'resolved it; its request type has no declared owner' : 'resolved it';
}
