/**
 * The overview's figures, fetched in parallel with the URL's filters. Returned as one
 * promise so the page shows a loading state, then the figures or a readable error.
 */
import { getJson } from './api.ts';
import { filterQuery } from './filters.ts';
import type { AnswerGap, DepartmentRow, FlowsResponse, OwnershipGap, SummaryResponse, TrendResponse } from './types.ts';

export const TOP_ITEMS = 5;

export interface Overview {
  summary: SummaryResponse;
  flows: FlowsResponse['flows'];
  trend: TrendResponse;
  departments: DepartmentRow[];
  topGaps: OwnershipGap[];
  topAnswers: AnswerGap[];
}

export function intervalOf(params: URLSearchParams): 'week' | 'month' {
  return params.get('interval') === 'month' ? 'month' : 'week';
}

export async function loadOverview(fetcher: typeof fetch, params: URLSearchParams): Promise<Overview> {
  const q = filterQuery(params);
  const [summary, flows, trend, departments, gaps, answers] = await Promise.all([
    getJson<SummaryResponse>(fetcher, `/api/figures/summary${q}`),
    getJson<FlowsResponse>(fetcher, `/api/figures/flows${q}`),
    getJson<TrendResponse>(fetcher, `/api/figures/trend${filterQuery(params, { interval: intervalOf(params) })}`),
    getJson<{ departments: DepartmentRow[] }>(fetcher, `/api/figures/departments${q}`),
    getJson<{ gaps: OwnershipGap[] }>(fetcher, `/api/figures/ownership-gaps${q}`),
    getJson<{ themes: AnswerGap[] }>(fetcher, `/api/figures/answer-gaps${q}`),
  ]);
  return {
    summary,
    flows: flows.flows,
    trend,
    departments: departments.departments,
    // Both lists come ranked by coordination cost from the analysis.
    topGaps: gaps.gaps.filter((g) => g.gap).slice(0, TOP_ITEMS),
    topAnswers: answers.themes.filter((t) => !t.answered).slice(0, TOP_ITEMS),
  };
}
