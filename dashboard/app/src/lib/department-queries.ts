/**
 * A department page's data: the analysis' figures for every department (this one, and
 * the district's summary beside it), the first-landing -> owner flows, its trend, and the
 * request types and question themes that reach it. Flows and figures are fetched without a
 * department filter, since the district figure needs every ticket; the trend and the
 * lists are narrowed to tickets whose path touches the department.
 */
import { getJson } from './api.ts';
import { filterQuery, readFilters } from './filters.ts';
import { departmentFlows, type DepartmentFlows } from './department-figures.ts';
import type { AnswerGap, DepartmentRow, FlowsResponse, OwnershipGap, SummaryResponse, TrendResponse } from './types.ts';
import { knownOr, type Figure } from '#analysis/report/withheld.ts';

export interface DepartmentPage {
  row: DepartmentRow | null;
  district: SummaryResponse;
  flows: DepartmentFlows;
  trend: TrendResponse;
  /** Request types it owns at least once, most misrouted first. */
  misroutedTypes: { requestType: string | null; tickets: Figure; ownedHere: Figure; misrouteShare: Figure }[];
  themes: AnswerGap[];
}

export async function loadDepartment(fetcher: typeof fetch, name: string, params: URLSearchParams, interval: 'week' | 'month'): Promise<DepartmentPage> {
  const { department: _ignored, ...rest } = readFilters(params);
  const q = filterQuery(rest);
  const mine = filterQuery({ ...rest, department: name });
  const [departments, district, flows, trend, gaps, answers] = await Promise.all([
    getJson<{ departments: DepartmentRow[] }>(fetcher, `/api/figures/departments${q}`),
    getJson<SummaryResponse>(fetcher, `/api/figures/summary${q}`),
    getJson<FlowsResponse>(fetcher, `/api/figures/flows${q}`),
    getJson<TrendResponse>(fetcher, `/api/figures/trend${filterQuery({ ...rest, department: name }, { interval })}`),
    getJson<{ gaps: OwnershipGap[] }>(fetcher, `/api/figures/ownership-gaps${mine}`),
    getJson<{ themes: AnswerGap[] }>(fetcher, `/api/figures/answer-gaps${mine}`),
  ]);
  const misroutedTypes = gaps.gaps
    .map((g) => ({ requestType: g.request_type, tickets: g.tickets, ownedHere: g.owners.find((o) => o.department === name)?.tickets ?? 0, misrouteShare: g.misroute_share }))
    // "<5" (a type mostly owned elsewhere, for a department head) sorts as if small.
    .filter((g) => knownOr(g.ownedHere, 1) > 0 && knownOr(g.misrouteShare, 1) > 0)
    .sort((a, b) => misroutedWeight(b) - misroutedWeight(a) || knownOr(b.tickets, 0) - knownOr(a.tickets, 0))
    .slice(0, 10);
  return {
    row: departments.departments.find((d) => d.department === name) ?? null,
    district,
    flows: departmentFlows(flows.flows, name),
    trend,
    misroutedTypes,
    themes: answers.themes.filter((t) => t.owner_department === name).slice(0, 10),
  };
}

function misroutedWeight(t: { tickets: Figure; misrouteShare: Figure }): number {
  return knownOr(t.misrouteShare, 0) * knownOr(t.tickets, 0);
}

export async function loadDepartmentList(fetcher: typeof fetch, params: URLSearchParams): Promise<{ departments: DepartmentRow[]; district: SummaryResponse }> {
  const { department: _ignored, ...rest } = readFilters(params);
  const q = filterQuery(rest);
  const [d, district] = await Promise.all([
    getJson<{ departments: DepartmentRow[] }>(fetcher, `/api/figures/departments${q}`),
    getJson<SummaryResponse>(fetcher, `/api/figures/summary${q}`),
  ]);
  return { departments: d.departments, district };
}
