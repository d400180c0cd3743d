/**
 * Fetching from the Switchboard API. Errors come back as readable sentences, never raw
 * JSON: the API's `message` when it sent one, otherwise what went wrong in plain words.
 * Only `+page.ts` files and `*-queries.ts` modules call these; components never fetch.
 */
export class ApiFailure extends Error {
  constructor(
    message: string,
    readonly status = 0,
  ) {
    super(message);
  }
}

async function failure(response: Response): Promise<ApiFailure> {
  let message = `The server answered ${response.status} ${response.statusText}.`;
  try {
    const body = (await response.json()) as { message?: string };
    if (body.message) message = body.message;
  } catch {
    /* not JSON: keep the status line */
  }
  if (response.status === 401) message = `${message} Sign in again to continue.`;
  if (response.status === 403) message = `You do not have access to this: ${message}`;
  return new ApiFailure(message, response.status);
}

async function call(fetcher: typeof fetch, path: string, init?: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetcher(path, init);
  } catch {
    throw new ApiFailure('The Switchboard server did not answer. Is it still running?');
  }
  if (!response.ok) throw await failure(response);
  return response;
}

export async function getJson<T>(fetcher: typeof fetch, path: string): Promise<T> {
  return (await (await call(fetcher, path)).json()) as T;
}

/** The session's CSRF token (the server sets it in a readable cookie), sent with every change. */
export function csrfHeader(): Record<string, string> {
  const match = typeof document === 'undefined' ? null : /(?:^|;\s*)sb_csrf=([^;]+)/.exec(document.cookie);
  return match ? { 'x-csrf-token': decodeURIComponent(match[1]) } : {};
}

export async function sendJson<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, fetcher: typeof fetch = fetch): Promise<T> {
  const init: RequestInit = { method, headers: csrfHeader() };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { ...csrfHeader(), 'content-type': 'application/json' };
  }
  const response = await call(fetcher, path, init);
  return (response.status === 204 ? null : await response.json()) as T;
}

/**
 * Uploads one file as multipart/form-data, reporting the bytes sent (XMLHttpRequest is
 * the browser API that reports upload progress; fetch does not).
 */
export function uploadFile<T>(path: string, file: File, onProgress: (sent: number, total: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    for (const [name, value] of Object.entries(csrfHeader())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new ApiFailure('The upload did not reach the server. Check the connection and try again.'));
    xhr.onload = () => {
      let body: { message?: string } | null = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) resolve(body as T);
      else reject(new ApiFailure(body?.message ?? `The server answered ${xhr.status} ${xhr.statusText}.`, xhr.status));
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** Keeps a promise's rejection for `{#await}` to show, without an unhandled-rejection warning. */
export function settle<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/**
 * A page's data, fetched once the layout has checked the session: a signed-out visit (or a
 * fresh install's first) is sent to sign in (or to setup) before any figure is asked for,
 * so no request is refused on the way.
 */
export function whenSignedIn<T>(parent: () => Promise<unknown>, load: () => Promise<T>): Promise<T> {
  return settle(parent().then(load));
}

export { filterQuery } from './filters.ts';

export async function signOut(): Promise<void> {
  await fetch('/api/auth/signout', { method: 'POST', headers: csrfHeader() }).catch(() => undefined);
}
