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

export function loadDemand(fetcher: typeof fetch, params: URLSearchParams): Promise<DemandResponse> {
  return getJson<DemandResponse>(fetcher, `/api/demand${filterQuery(params)}`);
}
