/**
 * Fetching from the Switchboard API. Errors come back as readable sentences, never raw
 * JSON: the API's `message` when it sent one, otherwise what went wrong in plain words.
 */
export class ApiFailure extends Error {}

export async function getJson<T>(fetcher: typeof fetch, path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetcher(path);
  } catch {
    throw new ApiFailure('The Switchboard server did not answer. Is it still running?');
  }
  if (!response.ok) {
    let message = `The server answered ${response.status} ${response.statusText}.`;
    try {
      const body = (await response.json()) as { message?: string };
      if (body.message) message = body.message;
    } catch {
      /* not JSON: keep the status line */
    }
    throw new ApiFailure(message);
  }
  return (await response.json()) as T;
}

/** Query string of the filters that are set, in a stable order. */
export function filterQuery(params: URLSearchParams): string {
  const keep = new URLSearchParams();
  for (const key of ['from', 'to', 'department', 'location', 'requestType', 'source']) {
    const v = params.get(key);
    if (v) keep.set(key, v);
  }
  const s = keep.toString();
  return s ? `?${s}` : '';
}
