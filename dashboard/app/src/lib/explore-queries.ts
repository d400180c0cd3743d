/**
 * The Explore page's data: the per-ticket facts as an Arrow IPC stream, read into columns
 * once, so brushing weeks or choosing a department recomputes the figures in the browser;
 * and the district's currency for the cost column (the summary's assumptions).
 */
import { ApiFailure, getJson } from './api';
import { columnsFromIpc, type FactColumns } from './crossfilter/facts-columns';

export interface ExploreData {
  facts: FactColumns;
  currency: string;
}

/** What a person can do about a failed load, by status (the API's own text is not shown). */
function failureFor(status: number): ApiFailure {
  if (status === 401) return new ApiFailure('Your session has ended. Sign in again to explore every ticket.', status);
  if (status === 403) return new ApiFailure('Exploring every ticket is for district leaders and admins. Ask an admin for that role, or use the overview.', status);
  return new ApiFailure(`The server could not send every ticket's facts (it answered ${status}). Reload the page; if it fails again, the server's log says why.`, status);
}

async function loadFactColumns(fetcher: typeof fetch): Promise<FactColumns> {
  let response: Response;
  try {
    response = await fetcher('/api/export/facts.arrows');
  } catch {
    throw new ApiFailure('The Switchboard server did not answer. Is it still running?');
  }
  if (!response.ok) throw failureFor(response.status);
  return columnsFromIpc(new Uint8Array(await response.arrayBuffer()));
}

async function loadCurrency(fetcher: typeof fetch): Promise<string> {
  try {
    return (await getJson<{ assumptions: { cost: { currency: string } } }>(fetcher, '/api/figures/summary')).assumptions.cost.currency;
  } catch (e) {
    throw e instanceof ApiFailure && e.status ? failureFor(e.status) : e;
  }
}

export async function loadExplore(fetcher: typeof fetch): Promise<ExploreData> {
  const [facts, currency] = await Promise.all([loadFactColumns(fetcher), loadCurrency(fetcher)]);
  return { facts, currency };
}
