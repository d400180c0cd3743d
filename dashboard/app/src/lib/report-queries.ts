/** The report page's data: the whole report for the URL's filters, and its CSV links. */
import { getJson } from './api.ts';
import { filterQuery } from './filters.ts';
import type { ReportResponse } from './types.ts';

/** The report, and why it holds no tickets when it holds none (an empty database, or filters that match none). */
export type LoadedReport = ReportResponse & { empty: { reason: 'no_tickets' | 'no_match'; message: string } | null };

export function loadReport(fetcher: typeof fetch, params: URLSearchParams): Promise<LoadedReport> {
  return getJson<LoadedReport>(fetcher, `/api/report${filterQuery(params)}`);
}

export function csvHref(table: string, params: URLSearchParams): string {
  return `/api/report/${encodeURIComponent(table)}.csv${filterQuery(params)}`;
}
