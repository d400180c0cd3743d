/**
 * The overview's figures, fetched in parallel with the URL's filters. Returned as one
 * promise so the page shows a loading state, then the figures or a readable error.
 */
import { getJson } from './api.ts';
import { filterQuery, readFilters } from './filters.ts';
import { yearEarlier } from './periods.ts';
import type { AnswerGap, DepartmentRow, FlowsResponse, OwnershipGap, SummaryResponse, TrendResponse } from './types.ts';

export const TOP_ITEMS = 5;

export interface Overview {
  summary: SummaryResponse;
  flows: FlowsResponse['flows'];
  trend: TrendResponse;
  departments: DepartmentRow[];
  topGaps: OwnershipGap[];
  topAnswers: AnswerGap[];
  /** The same filters a year earlier, when the dates are a range: the headline figures' comparison. */
  yearBefore: { from: string; to: string; summary: SummaryResponse } | null;
}

export function intervalOf(params: URLSearchParams): 'week' | 'month' {
  return params.get('interval') === 'month' ? 'month' : 'week';
}

export async function loadOverview(fetcher: typeof fetch, params: URLSearchParams): Promise<Overview> {
  const q = filterQuery(params);
  const state = readFilters(params);
  const earlier = state.from && state.to ? { from: yearEarlier(state.from), to: yearEarlier(state.to) } : null;
  const [summary, flows, trend, departments, gaps, answers, before] = await Promise.all([
    getJson<SummaryResponse>(fetcher, `/api/figures/summary${q}`),
    getJson<FlowsResponse>(fetcher, `/api/figures/flows${q}`),
    getJson<TrendResponse>(fetcher, `/api/figures/trend${filterQuery(params, { interval: intervalOf(params) })}`),
    getJson<{ departments: DepartmentRow[] }>(fetcher, `/api/figures/departments${q}`),
    getJson<{ gaps: OwnershipGap[] }>(fetcher, `/api/figures/ownership-gaps${q}`),
    getJson<{ themes: AnswerGap[] }>(fetcher, `/api/figures/answer-gaps${q}`),
    earlier ? getJson<SummaryResponse>(fetcher, `/api/figures/summary${filterQuery({ ...state, ...earlier })}`) : Promise.resolve(null),
  ]);
  return {
    summary,
    flows: flows.flows,
    trend,
    departments: departments.departments,
    // Both lists come ranked by coordination cost from the analysis.
    topGaps: gaps.gaps.filter((g) => g.gap).slice(0, TOP_ITEMS),
    topAnswers: answers.themes.filter((t) => !t.answered).slice(0, TOP_ITEMS),
    yearBefore: earlier && before ? { ...earlier, summary: before } : null,
  };
}
