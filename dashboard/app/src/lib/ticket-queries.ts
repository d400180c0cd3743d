/**
 * The ticket drill-down's queries: the URL's filters plus the figure it came from
 * (first landing, resolver, owner, misrouted, redirected) and the page, all passed to the server,
 * which pages the list.
 */
import { getJson } from './api.ts';
import { filterQuery, readFilters } from './filters.ts';
import type { TicketDetail, TicketOwnership, TicketsResponse } from './types.ts';

export const PAGE_SIZE = 50;

export interface TicketScope {
  firstLanding?: string;
  resolver?: string;
  owner?: string;
  resolvedElsewhere?: boolean;
  misrouted?: boolean;
  redirected?: boolean;
  offset: number;
}

export function readScope(params: URLSearchParams): TicketScope {
  const offset = Math.max(0, Math.floor(Number(params.get('offset') ?? 0)) || 0);
  return {
    firstLanding: params.get('firstLanding') || undefined,
    resolver: params.get('resolver') || undefined,
    owner: params.get('owner') || undefined,
    resolvedElsewhere: params.get('resolvedElsewhere') === 'true' || undefined,
    misrouted: params.get('misrouted') === 'true' || undefined,
    redirected: params.get('redirected') === 'true' || undefined,
    offset,
  };
}

export function ticketsHref(params: URLSearchParams, scope: TicketScope): string {
  return `/tickets${filterQuery(readFilters(params), { ...scope, offset: scope.offset || undefined })}`;
}

export async function loadTickets(fetcher: typeof fetch, params: URLSearchParams): Promise<TicketsResponse> {
  const scope = readScope(params);
  return getJson<TicketsResponse>(fetcher, `/api/tickets${filterQuery(readFilters(params), { ...scope, limit: PAGE_SIZE })}`);
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
