/** The report page's data: the whole report for the URL's filters, and its CSV links. */
import { getJson } from './api.ts';
import { filterQuery } from './filters.ts';
import type { ReportResponse } from './types.ts';

export function loadReport(fetcher: typeof fetch, params: URLSearchParams): Promise<ReportResponse> {
  return getJson<ReportResponse>(fetcher, `/api/report${filterQuery(params)}`);
}

export function csvHref(table: string, params: URLSearchParams): string {
  return `/api/report/${encodeURIComponent(table)}.csv${filterQuery(params)}`;
}
