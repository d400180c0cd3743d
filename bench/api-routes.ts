/**
 * Latency of every dashboard GET API route against the real server on loopback.
 *
 * Routes are discovered from the server: its OpenAPI document (/api/docs/json) when it
 * serves one, else the list in bench/api-routes.json. Only GET routes under /api that
 * need no path parameter and no required query parameter are timed (the rest are listed
 * as skipped, with why), and the OpenAPI document itself is not a dashboard route.
 *
 * Cold is the first request to a route after the server starts: the server is restarted
 * for every route, so no route warms another's caches. Warm is the p50/p95 of the next
 * N sequential requests (fewer for a route slower than its 20 s budget, never under 5, or
 * 3 for a route whose cold request took over 5 s).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { signIn, type Session } from './auth.ts';
import { startServer } from './server.ts';
import { percentile, round } from './stats.ts';

const MIN_WARM = 5;
/** A route whose cold request took over 5 s gets 3 warm requests at least: its p95 is their maximum. */
const SLOW_COLD_MS = 5_000;
const MIN_WARM_SLOW = 3;
/** Over 20 s cold, one warm request; a cold request without an answer, none. */
const VERY_SLOW_COLD_MS = 20_000;
const WARM_BUDGET_MS = 20_000;

export interface RouteTiming {
  route: string;
  status: number;
  coldMs: number;
  warmP50Ms: number;
  warmP95Ms: number;
  warmRequests: number;
  load1: number;
}

export interface RouteResults {
  discovery: 'openapi' | 'bench/api-routes.json';
  routes: RouteTiming[];
  skipped: { route: string; reason: string }[];
}

interface OpenApiParameter {
  in?: string;
  name?: string;
  required?: boolean;
  schema?: { type?: string; default?: unknown; minimum?: number; maximum?: number; enum?: unknown[] };
}

/**
 * A value for a required query parameter that a dashboard page would send: the schema's
 * default, else its first enum value, else for a number a page of 50 (offset-like
 * parameters take their minimum). Undefined when there is no sensible value.
 */
export function sampleQueryValue(p: OpenApiParameter): string | undefined {
  const s = p.schema ?? {};
  if (s.default !== undefined) return String(s.default);
  if (s.enum?.length) return String(s.enum[0]);
  if (s.type === 'integer' || s.type === 'number') {
    if (/offset|skip|start|page/i.test(p.name ?? '')) return String(s.minimum ?? 0);
    return String(Math.min(Math.max(50, s.minimum ?? 50), s.maximum ?? 50));
  }
  return undefined;
}
interface OpenApiDoc {
  paths?: Record<string, Record<string, { parameters?: OpenApiParameter[] }>>;
}

interface RouteList {
  routes: string[];
  exclude?: { pattern: string; reason: string }[];
  /** Routes measured first, so a time budget that runs out leaves the dashboard's main ones measured. */
  first?: string[];
}

export function routesFromOpenApi(doc: OpenApiDoc, exclude: RouteList['exclude'] = []): { routes: string[]; skipped: { route: string; reason: string }[] } {
  const routes: string[] = [];
  const skipped: { route: string; reason: string }[] = [];
  for (const [path, methods] of Object.entries(doc.paths ?? {})) {
    const get = methods.get ?? methods.GET;
    if (!get) continue;
    if (!path.startsWith('/api/') || path.startsWith('/api/docs')) continue;
    const excluded = exclude.find((e) => new RegExp(e.pattern).test(path));
    if (excluded) {
      skipped.push({ route: path, reason: excluded.reason });
      continue;
    }
    if (/[{:]/.test(path)) {
      skipped.push({ route: path, reason: 'needs a path parameter' });
      continue;
    }
    const required = (get.parameters ?? []).filter((p) => p.required && p.in === 'query');
    const query = required.map((p) => [p.name ?? '', sampleQueryValue(p)] as const);
    const missing = query.filter(([, v]) => v === undefined).map(([name]) => name);
    if (missing.length) {
      skipped.push({ route: path, reason: `needs ${missing.join(', ')}` });
      continue;
    }
    routes.push(query.length ? `${path}?${new URLSearchParams(query as [string, string][])}` : path);
  }
  return { routes: routes.sort(), skipped };
}

const REQUEST_TIMEOUT_MS = 180_000;

/** Status 0 is a request that had no answer within REQUEST_TIMEOUT_MS (its time is the wait). */
async function timedGet(url: string, session: Session): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  try {
    const res = await fetch(url, { headers: session.headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    await res.arrayBuffer();
    return { ms: performance.now() - started, status: res.status };
  } catch (e) {
    if ((e as Error).name === 'TimeoutError') return { ms: performance.now() - started, status: 0 };
    throw e;
  }
}

async function discover(root: string, baseUrl: string, session: Session): Promise<Pick<RouteResults, 'discovery'> & ReturnType<typeof routesFromOpenApi>> {
  const list = JSON.parse(readFileSync(join(root, 'bench', 'api-routes.json'), 'utf8')) as RouteList;
  try {
    const res = await fetch(`${baseUrl}/api/docs/json`, { headers: session.headers });
    if (res.ok && (res.headers.get('content-type') ?? '').includes('json')) {
      const found = routesFromOpenApi((await res.json()) as OpenApiDoc, list.exclude);
      const rank = (r: string) => {
        const i = (list.first ?? []).findIndex((f) => r.split('?')[0].replace(/\/$/, '') === f.replace(/\/$/, ''));
        return i < 0 ? Number.MAX_SAFE_INTEGER : i;
      };
      found.routes.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
      if (found.routes.length) return { discovery: 'openapi', ...found };
    }
  } catch {
    // no OpenAPI document: fall back to the list
  }
  return { discovery: 'bench/api-routes.json', routes: list.routes, skipped: [] };
}

export async function measureRoutes(root: string, dbPath: string, warmRequests: number, restartPerRoute = true, budgetSeconds = Infinity): Promise<RouteResults> {
  const began = performance.now();
  const first = await startServer(root, dbPath);
  let found;
  try {
    found = await discover(root, first.url, await signIn(first.url));
  } finally {
    await first.stop();
  }
  const routes: RouteTiming[] = [];
  // Without restarts (the quick run) one server answers every route: cold is then only the
  // route's first request, after other routes may have warmed shared caches.
  const shared = restartPerRoute ? null : await startServer(root, dbPath);
  for (const route of found.routes) {
    if ((performance.now() - began) / 1000 > budgetSeconds) {
      found.skipped.push({ route, reason: `not measured: the API time budget (${budgetSeconds} s) ran out` });
      continue;
    }
    const server = shared ?? (await startServer(root, dbPath));
    try {
      // Signing in touches the database too; the route's first request is still its cold one.
      const session = await signIn(server.url);
      const load1 = loadavg()[0];
      const cold = await timedGet(server.url + route, session);
      // A slow route gets at least MIN_WARM requests, then as many as fit in its budget, so a
      // route taking seconds at a million tickets cannot hold the run for an hour.
      const warm: number[] = [];
      const until = performance.now() + WARM_BUDGET_MS;
      const atLeast = cold.status === 0 ? 0 : cold.ms > VERY_SLOW_COLD_MS ? 1 : cold.ms > SLOW_COLD_MS ? MIN_WARM_SLOW : MIN_WARM;
      while (warm.length < warmRequests && (warm.length < atLeast || performance.now() < until)) {
        warm.push((await timedGet(server.url + route, session)).ms);
      }
      routes.push({
        route,
        status: cold.status,
        coldMs: round(cold.ms, 1),
        warmP50Ms: warm.length ? round(percentile(warm, 50), 1) : Number.NaN,
        warmP95Ms: round(percentile(warm, 95), 1),
        warmRequests: warm.length,
        load1: round(load1),
      });
    } finally {
      if (!shared) await server.stop();
    }
  }
  await shared?.stop();
  return { discovery: found.discovery, routes, skipped: found.skipped };
}
