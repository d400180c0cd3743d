/**
 * The overview's figures, fetched in parallel with the URL's filters, as two promises:
 * the headline (the summary, and the same a year earlier) shows as soon as it arrives,
 * and the sections below it (trend, flows, departments, top gaps and answers) follow.
 * A district with a thousand groups has large flows and departments answers; the
 * headline figures must not wait for them.
 */
import { getJson, settle } from './api.ts';
import { filterQuery, readFilters } from './filters.ts';
import { yearEarlier } from './periods.ts';
import type { AnswerGap, DepartmentRow, FlowsResponse, OwnershipGap, SummaryResponse, TrendResponse } from './types.ts';

export const TOP_ITEMS = 5;

export interface OverviewHeadline {
  summary: SummaryResponse;
  /** The same filters a year earlier, when the dates are a range: the headline figures' comparison. */
  yearBefore: { from: string; to: string; summary: SummaryResponse } | null;
}

export interface OverviewSections {
  flows: FlowsResponse['flows'];
  trend: TrendResponse;
  departments: DepartmentRow[];
  topGaps: OwnershipGap[];
  topAnswers: AnswerGap[];
}

export function intervalOf(params: URLSearchParams): 'week' | 'month' {
  return params.get('interval') === 'month' ? 'month' : 'week';
}

export async function loadOverviewHeadline(fetcher: typeof fetch, params: URLSearchParams): Promise<OverviewHeadline> {
  const state = readFilters(params);
  const earlier = state.from && state.to ? { from: yearEarlier(state.from), to: yearEarlier(state.to) } : null;
  // Both asked at once; the period's own answer is awaited first, so a refused filter is
  // told by its own message, never by the year before's (whichever failed first).
  const asked = getJson<SummaryResponse>(fetcher, `/api/figures/summary${filterQuery(params)}`);
  const askedBefore = earlier ? settle(getJson<SummaryResponse>(fetcher, `/api/figures/summary${filterQuery({ ...state, ...earlier })}`)) : null;
  const summary = await asked;
  const before = askedBefore ? await askedBefore : null;
  return { summary, yearBefore: earlier && before ? { ...earlier, summary: before } : null };
}

export async function loadOverviewSections(fetcher: typeof fetch, params: URLSearchParams): Promise<OverviewSections> {
  const q = filterQuery(params);
  const [flows, trend, departments, gaps, answers] = await Promise.all([
    getJson<FlowsResponse>(fetcher, `/api/figures/flows${q}`),
    getJson<TrendResponse>(fetcher, `/api/figures/trend${filterQuery(params, { interval: intervalOf(params) })}`),
    getJson<{ departments: DepartmentRow[] }>(fetcher, `/api/figures/departments${q}`),
    // Only the costliest gaps: every owner of every request type runs to megabytes.
    getJson<{ gaps: OwnershipGap[] }>(fetcher, `/api/figures/ownership-gaps${filterQuery(params, { top: TOP_ITEMS })}`),
    getJson<{ themes: AnswerGap[] }>(fetcher, `/api/figures/answer-gaps${q}`),
  ]);
  return {
    flows: flows.flows,
    trend,
    departments: departments.departments,
    topGaps: gaps.gaps,
    // Ranked by coordination cost from the analysis.
    topAnswers: answers.themes.filter((t) => !t.answered).slice(0, TOP_ITEMS),
  };
}
