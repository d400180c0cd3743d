/**
 * The overview's figures, fetched in parallel with the URL's filters. Returned as one
 * promise so the page shows a loading state, then the figures or a readable error.
 */
import { getJson } from './api.ts';
import { filterQuery } from './filters.ts';
import type { FirstLandingResponse, FlowsResponse, TrendResponse } from './types.ts';

export interface Overview {
  firstLanding: FirstLandingResponse;
  flows: FlowsResponse['flows'];
  trend: TrendResponse;
}

export function intervalOf(params: URLSearchParams): 'week' | 'month' {
  return params.get('interval') === 'month' ? 'month' : 'week';
}

export async function loadOverview(fetcher: typeof fetch, params: URLSearchParams): Promise<Overview> {
  const q = filterQuery(params);
  const interval = intervalOf(params);
  const [firstLanding, flows, trend] = await Promise.all([
    getJson<FirstLandingResponse>(fetcher, `/api/figures/first-landing${q}`),
    getJson<FlowsResponse>(fetcher, `/api/figures/flows${q}`),
    getJson<TrendResponse>(fetcher, `/api/figures/trend${filterQuery(params, { interval })}`),
  ]);
  return { firstLanding, flows: flows.flows, trend };
}
