/** The Demand page's data: the forecast for the URL's filters (GET /api/demand). */
import type { Static } from '@sinclair/typebox';
import { getJson } from './api.ts';
import { filterQuery } from './filters.ts';
import type { DemandResponse as DemandSchema } from '../../../server/routes/demand/schema.ts';

/** The answer as the server's schema types it: other departments' small figures may be "<5". */
export type DemandResponse = Static<typeof DemandSchema>;
export type DemandDepartment = DemandResponse['departments'][number];
export type DemandBlock = DemandResponse['district'];
export type MeasureForecast = DemandBlock['measures'][number];
export type MeasureName = MeasureForecast['measure'];

/** The horizons the page offers: the next term (13 weeks) or the next school year (52). */
export const HORIZONS = [13, 52] as const;

/** The URL's `horizon` when it is one the page offers, else 13. */
export function horizonOf(params: URLSearchParams): number {
  const h = Number(params.get('horizon'));
  return (HORIZONS as readonly number[]).includes(h) ? h : 13;
}

export function demandPath(params: URLSearchParams): string {
  const h = horizonOf(params);
  return `/api/demand${filterQuery(params, { horizon: h === 13 ? undefined : h })}`;
}

export function loadDemand(fetcher: typeof fetch, params: URLSearchParams): Promise<DemandResponse> {
  return getJson<DemandResponse>(fetcher, demandPath(params));
}
