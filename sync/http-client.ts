/**
 * The one HTTP client of the pull readers: GET a JSON page, with a bounded retry policy.
 *
 * - 429, and any response whose vendor rate-limit headers say the budget is spent, waits
 *   for Retry-After (seconds or an HTTP date) or the vendor's reset header, then retries.
 *   Zendesk's incremental exports allow 10 requests a minute and answer 429 with
 *   Retry-After; Freshservice, Jira and ServiceNow send X-RateLimit-* headers as well.
 * - 5xx, network errors and timeouts are retried with exponential backoff and jitter,
 *   at most `maxAttempts` times in all.
 * - 401 and 403 are never retried: they throw a PullError whose message says what the
 *   credential lacks (the reader supplies the hint, e.g. the scope the API needs).
 *
 * The clock, the sleeper and fetch are injectable, so tests can check that a Retry-After
 * of 1 s was honoured without sleeping. Credentials are passed in as headers (or query
 * parameters, for Web Help Desk's apiKey) and never appear in errors or progress: URLs are
 * always shown through `redactUrl`.
 */

export type PullErrorCode =
  | 'SB_ERR_PULL_AUTH'
  | 'SB_ERR_PULL_HTTP'
  | 'SB_ERR_PULL_GAVE_UP'
  | 'SB_ERR_PULL_BAD_RESPONSE'
  | 'SB_ERR_PULL_CREDENTIALS'
  | 'SB_ERR_PULL_BUSY';

export class PullError extends Error {
  constructor(
    readonly code: PullErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PullError';
  }
}

export type HttpEvent =
  | { type: 'request'; url: string }
  | { type: 'rate-limit'; url: string; waitMs: number; reason: string }
  | { type: 'retry'; url: string; attempt: number; waitMs: number; reason: string };

export interface HttpClientOptions {
  /** Headers sent with every request (Authorization...). Never logged. */
  headers?: Record<string, string>;
  /** Query parameters added to every request (Web Help Desk's apiKey). Never logged. */
  query?: Record<string, string>;
  /** What a 401/403 means for this vendor, e.g. "the token lacks the ticket:read scope". */
  authHint: string;
  maxAttempts?: number;
  timeoutMs?: number;
  /** First backoff after a 5xx or timeout; doubles each attempt, capped at maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** The longest rate-limit wait accepted; a longer Retry-After stops the pull instead. */
  maxRateLimitWaitMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  onEvent?: (event: HttpEvent) => void;
}

export interface JsonResponse<T = unknown> {
  body: T;
  headers: Headers;
  status: number;
}

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The URL without its query string and user info: what progress and errors may show. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid url)';
  }
}

/**
 * How long a response asks us to wait, from Retry-After or a vendor's reset header, or
 * undefined when it does not. Pure: `now` is the current epoch in ms.
 */
export function rateLimitWaitMs(status: number, headers: Headers, now: number): { waitMs: number; reason: string } | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null && retryAfter.trim() !== '') {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return { waitMs: Math.max(0, seconds * 1000), reason: `Retry-After ${retryAfter} s` };
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return { waitMs: Math.max(0, at - now), reason: `Retry-After ${retryAfter}` };
  }
  const remaining = firstHeader(headers, ['x-ratelimit-remaining', 'x-rate-limit-remaining', 'ratelimit-remaining']);
  const spent = remaining !== undefined && Number(remaining) <= 0;
  if (status !== 429 && !spent) return undefined;
  const reset = firstHeader(headers, ['x-ratelimit-reset', 'x-rate-limit-reset', 'ratelimit-reset']);
  if (reset !== undefined) {
    const n = Number(reset);
    // Vendors disagree on the unit: ServiceNow and GitHub-style APIs send epoch seconds,
    // the IETF draft (Zendesk's ratelimit-reset) seconds from now, Jira an ISO instant.
    if (Number.isFinite(n)) {
      const waitMs = n > 1e9 ? n * 1000 - now : n * 1000;
      return { waitMs: Math.max(0, waitMs), reason: `rate-limit reset ${reset}` };
    }
    const at = Date.parse(reset);
    if (!Number.isNaN(at)) return { waitMs: Math.max(0, at - now), reason: `rate-limit reset ${reset}` };
  }
  // A 429 without any hint: a minute is every vendor's window.
  return status === 429 ? { waitMs: 60_000, reason: '429 without Retry-After' } : undefined;
}

function firstHeader(headers: Headers, names: string[]): string | undefined {
  for (const n of names) {
    const v = headers.get(n);
    if (v !== null && v.trim() !== '') return v.trim();
  }
  return undefined;
}

export class HttpClient {
  readonly requests = { count: 0, retries: 0, rateLimitWaits: 0, rateLimitWaitMs: 0 };
  private readonly o: Required<Omit<HttpClientOptions, 'onEvent' | 'headers' | 'query'>> &
    Pick<HttpClientOptions, 'onEvent' | 'headers' | 'query'>;

  constructor(options: HttpClientOptions) {
    this.o = {
      maxAttempts: 6,
      timeoutMs: 30_000,
      backoffMs: 500,
      maxBackoffMs: 30_000,
      maxRateLimitWaitMs: 15 * 60_000,
      fetch: globalThis.fetch,
      sleep: realSleep,
      now: Date.now,
      random: Math.random,
      ...options,
    };
  }

  getJson<T = unknown>(url: string): Promise<JsonResponse<T>> {
    return this.requestJson<T>(url);
  }

  /** POST a JSON body (Incident IQ's ticket search is a POST) with the same retry policy; it only reads. */
  postJson<T = unknown>(url: string, body: unknown): Promise<JsonResponse<T>> {
    return this.requestJson<T>(url, JSON.stringify(body));
  }

  private async requestJson<T>(url: string, body?: string): Promise<JsonResponse<T>> {
    const shown = redactUrl(url);
    const target = new URL(url);
    for (const [k, v] of Object.entries(this.o.query ?? {})) target.searchParams.set(k, v);
    for (let attempt = 1; ; attempt++) {
      this.requests.count++;
      this.o.onEvent?.({ type: 'request', url: shown });
      let response: Response;
      try {
        response = await this.o.fetch(target, {
          method: body === undefined ? 'GET' : 'POST',
          body,
          headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...this.o.headers },
          signal: AbortSignal.timeout(this.o.timeoutMs),
        });
      } catch (e) {
        const reason = (e as Error).name === 'TimeoutError' ? `no answer within ${this.o.timeoutMs} ms` : `network error (${(e as Error).message})`;
        await this.backoff(shown, attempt, reason);
        continue;
      }
      if (response.status === 401 || response.status === 403) {
        await response.body?.cancel();
        throw new PullError(
          'SB_ERR_PULL_AUTH',
          `${shown} answered ${response.status} ${response.status === 401 ? 'Unauthorized' : 'Forbidden'}: ${this.o.authHint}. Nothing was written.`,
        );
      }
      const limit = rateLimitWaitMs(response.status, response.headers, this.o.now());
      if (response.status === 429) {
        await response.body?.cancel();
        await this.rateLimitWait(shown, limit!, attempt);
        continue;
      }
      if (response.status >= 500) {
        await response.body?.cancel();
        await this.backoff(shown, attempt, `${response.status} ${response.statusText}`.trim(), limit?.waitMs);
        continue;
      }
      if (!response.ok) {
        const text = (await response.text().catch(() => '')).slice(0, 200);
        throw new PullError('SB_ERR_PULL_HTTP', `${shown} answered ${response.status} ${response.statusText}${text ? `: ${text}` : ''}`);
      }
      let parsed: T;
      try {
        parsed = (await response.json()) as T;
      } catch (e) {
        // A truncated body is a transient failure like a 5xx.
        await this.backoff(shown, attempt, `unreadable JSON (${(e as Error).message})`);
        continue;
      }
      // The page is good; when the budget is spent, wait now rather than eat a 429 next.
      if (limit) await this.rateLimitWait(shown, limit, attempt, false);
      return { body: parsed, headers: response.headers, status: response.status };
    }
  }

  private async rateLimitWait(url: string, limit: { waitMs: number; reason: string }, attempt: number, counts = true): Promise<void> {
    if (counts && attempt >= this.o.maxAttempts) {
      throw new PullError('SB_ERR_PULL_GAVE_UP', `${url}: still rate-limited after ${attempt} attempts; try again later`);
    }
    if (limit.waitMs > this.o.maxRateLimitWaitMs) {
      throw new PullError(
        'SB_ERR_PULL_GAVE_UP',
        `${url}: the API asks to wait ${Math.ceil(limit.waitMs / 1000)} s (${limit.reason}), longer than ${Math.ceil(this.o.maxRateLimitWaitMs / 1000)} s; try again later`,
      );
    }
    this.requests.rateLimitWaits++;
    this.requests.rateLimitWaitMs += limit.waitMs;
    this.o.onEvent?.({ type: 'rate-limit', url, waitMs: limit.waitMs, reason: limit.reason });
    await this.o.sleep(limit.waitMs);
  }

  private async backoff(url: string, attempt: number, reason: string, atLeastMs = 0): Promise<void> {
    if (attempt >= this.o.maxAttempts) {
      throw new PullError('SB_ERR_PULL_GAVE_UP', `${url}: ${reason}, ${attempt} attempts; the pull stopped and resumes from the last saved page`);
    }
    const exp = Math.min(this.o.maxBackoffMs, this.o.backoffMs * 2 ** (attempt - 1));
    const waitMs = Math.max(atLeastMs, Math.round(exp / 2 + (this.o.random() * exp) / 2));
    this.requests.retries++;
    this.o.onEvent?.({ type: 'retry', url, attempt, waitMs, reason });
    await this.o.sleep(waitMs);
  }
}
