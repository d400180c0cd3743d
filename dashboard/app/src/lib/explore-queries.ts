/**
 * The Explore page's data: the per-ticket facts as an Arrow IPC stream, read into columns
 * once, so brushing a period recomputes the figures in the browser.
 */
import { ApiFailure } from './api';
import { columnsFromIpc, type FactColumns } from './crossfilter/facts-columns';

export async function loadFactColumns(fetcher: typeof fetch): Promise<FactColumns> {
  let response: Response;
  try {
    response = await fetcher('/api/export/facts.arrows');
  } catch {
    throw new ApiFailure('The Switchboard server did not answer. Is it still running?');
  }
  if (!response.ok) {
    let message = `The server answered ${response.status} ${response.statusText}.`;
    try {
      message = ((await response.json()) as { message?: string }).message ?? message;
    } catch {
      /* not JSON */
    }
    throw new ApiFailure(response.status === 403 ? `You do not have access to this: ${message}` : message, response.status);
  }
  return columnsFromIpc(new Uint8Array(await response.arrayBuffer()));
}
