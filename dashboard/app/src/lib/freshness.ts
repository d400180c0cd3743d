/**
 * The freshness line's data (GET /api/freshness): loaded by the layout for every signed-in
 * page. A failure leaves the line out rather than breaking the page it sits on.
 */
import { getJson } from './api.ts';

export interface Freshness {
  hasData: boolean;
  lastImport: { fileName: string | null; source: string; finishedAt: string } | null;
  firstDay: string | null;
  lastDay: string | null;
  unmappedGroups: number;
  timeZone: string;
}

export async function loadFreshness(fetcher: typeof fetch): Promise<Freshness | null> {
  try {
    return await getJson<Freshness>(fetcher, '/api/freshness');
  } catch {
    return null;
  }
}
