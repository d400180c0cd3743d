/**
 * A department page's data. The flows are fetched without a department filter (the
 * district figure beside each of the department's needs every ticket); the trend is
 * narrowed to tickets whose path touches the department.
 */
import { getJson } from './api.ts';
import { filterQuery, readFilters } from './filters.ts';
import { departmentFigures, type DepartmentFigures } from './department-figures.ts';
import type { FlowsResponse, TrendResponse } from './types.ts';

export interface DepartmentPage {
  figures: DepartmentFigures;
  trend: TrendResponse;
  known: boolean;
}

export async function loadDepartment(fetcher: typeof fetch, name: string, params: URLSearchParams, interval: 'week' | 'month'): Promise<DepartmentPage> {
  const { department: _ignored, ...rest } = readFilters(params);
  const [flows, trend] = await Promise.all([
    getJson<FlowsResponse>(fetcher, `/api/figures/flows${filterQuery(rest)}`),
    getJson<TrendResponse>(fetcher, `/api/figures/trend${filterQuery({ ...rest, department: name }, { interval })}`),
  ]);
  const known = flows.flows.some((f) => f.from === name || f.to === name);
  return { figures: departmentFigures(flows.flows, name), trend, known };
}

export async function loadDepartmentList(fetcher: typeof fetch, params: URLSearchParams): Promise<DepartmentFigures[]> {
  const { department: _ignored, ...rest } = readFilters(params);
  const { flows } = await getJson<FlowsResponse>(fetcher, `/api/figures/flows${filterQuery(rest)}`);
  const names = [...new Set(flows.flatMap((f) => [f.from, f.to]))];
  return names.map((n) => departmentFigures(flows, n)).sort((a, b) => b.resolvedHere + b.landedHere - (a.resolvedHere + a.landedHere) || a.department.localeCompare(b.department));
}
