/**
 * The pull client against a loopback server: Retry-After honoured (through a recording
 * sleeper, plus one real 1 s wait), vendor reset headers, 5xx and timeouts retried within
 * the bound, 401/403 stopping at once with the hint and no secret in the message.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, PullError, rateLimitWaitMs, redactUrl } from '#sync/http-client.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler = (_q, r) => r.end('{}');
let base = '';
const server = createServer((req, res) => handler(req, res));
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function script(...steps: Handler[]): { seen: IncomingMessage[] } {
  const seen: IncomingMessage[] = [];
  handler = (req, res) => {
    seen.push(req);
    const step = steps[Math.min(seen.length - 1, steps.length - 1)];
    step(req, res);
  };
  return { seen };
}
const json = (status: number, body: unknown, headers: Record<string, string> = {}): Handler => (_q, r) => {
  r.writeHead(status, { 'content-type': 'application/json', ...headers });
  r.end(JSON.stringify(body));
};

function client(extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) {
  const waits: number[] = [];
  const events: string[] = [];
  const http = new HttpClient({
    authHint: 'the token lacks the ticket:read scope',
    headers: { authorization: 'Bearer s3cret-token' },
    sleep: async (ms) => void waits.push(ms),
    random: () => 0.5,
    onEvent: (e) => events.push(e.type),
    ...extra,
  });
  return { http, waits, events };
}

describe('HttpClient', () => {
  it('waits the Retry-After of a 429 and then returns the page', async () => {
    const { seen } = script(json(429, { error: 'slow down' }, { 'retry-after': '1' }), json(200, { ok: 1 }));
    const { http, waits, events } = client();
    const r = await http.getJson<{ ok: number }>(`${base}/api/v2/incremental/tickets/cursor.json?start_time=1`);
    expect(r.body).toEqual({ ok: 1 });
    expect(waits).toEqual([1000]);
    expect(seen).toHaveLength(2);
    expect(seen[0].headers.authorization).toBe('Bearer s3cret-token');
    expect(http.requests).toEqual({ count: 2, retries: 0, rateLimitWaits: 1, rateLimitWaitMs: 1000 });
    expect(events).toEqual(['request', 'rate-limit', 'request']);
  });

  it('really waits a short Retry-After with the real sleeper', async () => {
    script(json(429, {}, { 'retry-after': '1' }), json(200, { ok: 2 }));
    const http = new HttpClient({ authHint: 'x' });
    const t0 = performance.now();
    expect((await http.getJson(`${base}/x`)).body).toEqual({ ok: 2 });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(990);
  });

  it('retries a 500 with exponential backoff and succeeds', async () => {
    script(json(500, {}), json(503, {}), json(200, { ok: 3 }));
    const { http, waits } = client({ backoffMs: 100 });
    expect((await http.getJson(`${base}/x`)).body).toEqual({ ok: 3 });
    // Half the step plus half of it times random (0.5): 75, then 150.
    expect(waits).toEqual([75, 150]);
    expect(http.requests.retries).toBe(2);
  });

  it('gives up after maxAttempts with a message that names the path only', async () => {
    const { seen } = script(json(502, {}));
    const { http } = client({ maxAttempts: 3 });
    const err = await http.getJson(`${base}/api/now/table/incident?sysparm_query=secret`).catch((e) => e);
    expect(err).toBeInstanceOf(PullError);
    expect(err.code).toBe('SB_ERR_PULL_GAVE_UP');
    expect(err.message).toContain(`${base}/api/now/table/incident: 502`);
    expect(err.message).not.toContain('secret');
    expect(seen).toHaveLength(3);
  });

  it('retries a request that times out', async () => {
    script((_q, _r) => undefined /* never answers */, json(200, { ok: 4 }));
    const { http, events } = client({ timeoutMs: 150 });
    expect((await http.getJson(`${base}/x`)).body).toEqual({ ok: 4 });
    expect(events).toEqual(['request', 'retry', 'request']);
  });

  it('stops at once on 401 and 403 with the vendor hint, without the token', async () => {
    for (const status of [401, 403]) {
      const { seen } = script(json(status, { error: 'Couldn\'t authenticate you' }));
      const { http, waits } = client();
      const err = await http.getJson(`${base}/api/v2/x?api_key=k`).catch((e) => e);
      expect(err.code).toBe('SB_ERR_PULL_AUTH');
      expect(err.message).toContain('the token lacks the ticket:read scope');
      expect(err.message).not.toMatch(/s3cret|api_key/);
      expect(seen).toHaveLength(1);
      expect(waits).toEqual([]);
    }
  });

  it('waits when the vendor says the budget is spent, before the next request', async () => {
    const now = 1_700_000_000_000;
    script(json(200, { ok: 5 }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 7) }));
    const { http, waits } = client({ now: () => now });
    await http.getJson(`${base}/x`);
    expect(waits).toEqual([7000]);
  });

  it('refuses a rate-limit wait longer than the bound', async () => {
    script(json(429, {}, { 'retry-after': '3600' }));
    const { http } = client({ maxRateLimitWaitMs: 60_000 });
    await expect(http.getJson(`${base}/x`)).rejects.toThrow(/asks to wait 3600 s/);
  });

  it('sends query credentials without showing them', async () => {
    const { seen } = script(json(500, {}));
    const { http } = client({ query: { apiKey: 'k3y' }, maxAttempts: 1 });
    const err = await http.getJson(`${base}/helpdesk/WebObjects/Helpdesk.woa/ra/Tickets?page=1`).catch((e) => e);
    expect(seen[0].url).toContain('apiKey=k3y');
    expect(err.message).not.toContain('k3y');
  });
});

describe('rateLimitWaitMs', () => {
  const h = (o: Record<string, string>) => new Headers(o);
  const now = Date.parse('2026-01-05T10:00:00Z');
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(rateLimitWaitMs(429, h({ 'retry-after': '2' }), now)?.waitMs).toBe(2000);
    expect(rateLimitWaitMs(429, h({ 'retry-after': 'Mon, 05 Jan 2026 10:00:30 GMT' }), now)?.waitMs).toBe(30_000);
  });
  it('reads reset as epoch seconds, seconds from now, or an ISO instant, only when spent', () => {
    expect(rateLimitWaitMs(200, h({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 5) }), now)?.waitMs).toBe(5000);
    expect(rateLimitWaitMs(200, h({ 'ratelimit-remaining': '0', 'ratelimit-reset': '12' }), now)?.waitMs).toBe(12_000);
    expect(rateLimitWaitMs(429, h({ 'x-ratelimit-reset': '2026-01-05T10:01:00Z' }), now)?.waitMs).toBe(60_000);
    expect(rateLimitWaitMs(200, h({ 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': '12' }), now)).toBeUndefined();
  });
  it('assumes a minute for a bare 429', () => {
    expect(rateLimitWaitMs(429, h({}), now)?.waitMs).toBe(60_000);
  });
  it('redacts query strings and user info', () => {
    expect(redactUrl('https://u:p@x.example/a/b?token=1')).toBe('https://x.example/a/b');
  });
});
