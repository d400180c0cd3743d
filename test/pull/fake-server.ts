/**
 * A loopback HTTP server for the pull tests: each vendor's fake supplies a route function
 * that answers from its in-memory tickets; this harness adds what every test needs, the
 * same way for every vendor: an auth check (401 with the vendor's body), scripted faults
 * on the Nth request to a path (429 with Retry-After, 500), a gate that holds the Nth
 * request open until released (so a test can kill a pull between pages without a sleep),
 * and a log of every request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface LoggedRequest {
  path: string;
  query: URLSearchParams;
  status: number;
}

export interface Fake {
  url: string;
  requests: LoggedRequest[];
  /** Answer the nth request (1-based) to `path` with `response` instead of the route. */
  fault(path: string, nth: number, response: FakeResponse): void;
  /** Hold the nth request to `path` open; resolves when it arrives. */
  hold(path: string, nth: number): Promise<void>;
  release(): void;
  /** Authorization header value the server accepts; anything else gets `unauthorized`. */
  setAuth(expected: string | ((req: IncomingMessage, url: URL) => boolean)): void;
  count(path: string): number;
  close(): Promise<void>;
}

export async function startFake(
  route: (url: URL, body: string) => FakeResponse,
  options: { auth: string | ((req: IncomingMessage, url: URL) => boolean); unauthorized: FakeResponse },
): Promise<Fake> {
  const requests: LoggedRequest[] = [];
  const faults: { path: string; nth: number; response: FakeResponse }[] = [];
  let gate: { path: string; nth: number; arrived: () => void; release?: () => void } | undefined;
  let auth = options.auth;
  const perPath = new Map<string, number>();
  const sockets = new Set<Socket>();

  const send = (res: ServerResponse, url: URL, r: FakeResponse) => {
    const status = r.status ?? 200;
    requests.push({ path: url.pathname, query: url.searchParams, status });
    res.writeHead(status, { 'content-type': 'application/json', ...r.headers });
    res.end(r.body === undefined ? '' : JSON.stringify(r.body));
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const n = (perPath.get(url.pathname) ?? 0) + 1;
    perPath.set(url.pathname, n);
    const ok = typeof auth === 'string' ? req.headers.authorization === auth : auth(req, url);
    if (!ok) return send(res, url, { status: 401, ...options.unauthorized });
    if (gate && gate.path === url.pathname && gate.nth === n) {
      const g = gate;
      await new Promise<void>((resolve) => {
        g.release = resolve;
        g.arrived();
      });
      if (res.destroyed) return;
    }
    const fault = faults.find((f) => f.path === url.pathname && f.nth === n);
    send(res, url, fault ? fault.response : route(url, body));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    fault: (path, nth, response) => void faults.push({ path, nth, response }),
    hold: (path, nth) => new Promise<void>((arrived) => void (gate = { path, nth, arrived })),
    release: () => {
      gate?.release?.();
      gate = undefined;
    },
    setAuth: (expected) => void (auth = expected),
    count: (path) => requests.filter((r) => r.path === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        gate?.release?.();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The Basic authorization header value for a user and password. */
export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
