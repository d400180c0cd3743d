/**
 * The figures a leader gets when clicking filters: every figure route the server's OpenAPI
 * document lists (GET /api/figures/..., taking the filter query), each request with a
 * filter combination sent nowhere before, so the server's answer cache (keyed by the URL
 * as sent, plugins/app/response-cache.ts) never holds the answer. Filter values come
 * from /api/filter-options: date windows of 30 to 180 days across the data's span, and
 * every other request a department, location or request type.
 *
 * One client (requests one after another), then `clients` concurrent clients for
 * `seconds`, each request a fresh combination. Records p50/p95 overall and p95 per route,
 * so a slow figure shows by name.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { signIn, type Session } from './auth.ts';
import { startServer } from './server.ts';
import { percentile, round } from './stats.ts';

export interface LatencySummary {
  requests: number;
  /**
   * The server process's CPU (user + system, all its threads) per answer in this phase: what
   * an answer costs whatever else the machine runs, so 1000 x cores / this is how many
   * answers a second the machine could give. Absent where /proc is not there to read.
   */
  serverCpuMsPerAnswer?: number;
  errors: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  load1: number;
}

export interface UncachedResult {
  routes: string[];
  single: LatencySummary & { perRouteP95Ms: Record<string, number> };
  concurrent: LatencySummary & { clients: number; seconds: number; perRouteP95Ms: Record<string, number> };
}

interface FilterOptions {
  departments: string[];
  locations: string[];
  requestTypes: string[];
  firstDay: string | null;
  lastDay: string | null;
}

interface OpenApiDoc {
  paths?: Record<string, Record<string, { parameters?: { in?: string; name?: string; required?: boolean }[] }>>;
}

async function getJson<T>(url: string, session: Session): Promise<T> {
  const res = await fetch(url, { headers: session.headers });
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${(await res.text()).slice(0, 200)}`);
  return (await res.json()) as T;
}

/** Figure routes that take the filters and need nothing else. */
export function figureRoutes(doc: OpenApiDoc): string[] {
  return Object.entries(doc.paths ?? {})
    .filter(([path, ops]) => path.startsWith('/api/figures/') && !path.includes('{') && ops.get)
    .filter(([, ops]) => {
      const params = ops.get.parameters ?? [];
      return params.some((p) => p.in === 'query' && p.name === 'from') && !params.some((p) => p.required);
    })
    .map(([path]) => path.replace(/\/$/, ''));
}

/** User + system CPU seconds of a process so far, from /proc (Linux); undefined elsewhere. */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in clock ticks (USER_HZ, 100 a second on Linux).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The i-th filter combination: a date window placed by a stride through the span, and
 * every other time one of the other filters. Distinct for every i below span x 6.
 */
export function filterQuery(i: number, options: FilterOptions): string {
  const first = Date.parse(`${options.firstDay}T00:00:00Z`);
  const last = Date.parse(`${options.lastDay}T00:00:00Z`);
  const spanDays = Math.max(1, Math.round((last - first) / DAY_MS));
  const length = 30 + ((i * 37) % 151);
  const start = first + ((i * 7919) % spanDays) * DAY_MS;
  const params = new URLSearchParams({ from: day(start), to: day(Math.min(last, start + length * DAY_MS)) });
  const pick = (list: string[]) => list[(i * 31) % list.length];
  if (i % 6 === 1 && options.departments.length) params.set('department', pick(options.departments));
  if (i % 6 === 3 && options.locations.length) params.set('location', pick(options.locations));
  if (i % 6 === 5 && options.requestTypes.length) params.set('requestType', pick(options.requestTypes));
  return params.toString();
}

function summarise(samples: { route: string; ms: number; ok: boolean }[], load1: number, cpuSeconds?: number): LatencySummary & { perRouteP95Ms: Record<string, number> } {
  const ms = samples.map((s) => s.ms);
  const perRoute: Record<string, number> = {};
  for (const route of new Set(samples.map((s) => s.route))) perRoute[route] = round(percentile(samples.filter((s) => s.route === route).map((s) => s.ms), 95), 1);
  return {
    requests: samples.length,
    errors: samples.filter((s) => !s.ok).length,
    p50Ms: round(percentile(ms, 50), 1),
    p95Ms: round(percentile(ms, 95), 1),
    maxMs: round(Math.max(...ms), 1),
    load1: round(load1),
    ...(cpuSeconds === undefined ? {} : { serverCpuMsPerAnswer: round((cpuSeconds * 1000) / samples.length, 1) }),
    perRouteP95Ms: perRoute,
  };
}

export async function measureUncachedFilters(
  root: string,
  dbPath: string,
  options: { singleRequests: number; clients: number; seconds: number },
): Promise<UncachedResult> {
  const server = await startServer(root, dbPath);
  try {
    const session = await signIn(server.url);
    const routes = figureRoutes(await getJson<OpenApiDoc>(`${server.url}/api/docs/json`, session));
    if (!routes.length) throw new Error('the OpenAPI document lists no figure route taking the filters');
    const filters = await getJson<FilterOptions>(`${server.url}/api/filter-options`, session);
    if (!filters.firstDay || !filters.lastDay) throw new Error('the database holds no tickets to filter');
    const seen = new Set<string>();
    let next = 0;
    // Every URL once: the cache is keyed by the URL, so none of these was ever answered.
    const nextUrl = () => {
      for (;;) {
        const i = next++;
        const route = routes[i % routes.length];
        const url = `${route}?${filterQuery(Math.floor(i / routes.length), filters)}`;
        if (!seen.has(url)) {
          seen.add(url);
          return { route, url };
        }
      }
    };
    const timed = async () => {
      const { route, url } = nextUrl();
      const started = performance.now();
      const res = await fetch(server.url + url, { headers: session.headers });
      await res.arrayBuffer();
      return { route, ms: performance.now() - started, ok: res.status === 200 };
    };

    const pid = server.process.pid;
    const singleLoad = loadavg()[0];
    const singleCpu = processCpuSeconds(pid);
    const single: { route: string; ms: number; ok: boolean }[] = [];
    for (let i = 0; i < options.singleRequests; i++) single.push(await timed());

    const concurrentLoad = loadavg()[0];
    const concurrentCpu = processCpuSeconds(pid);
    const until = performance.now() + options.seconds * 1000;
    const concurrent: { route: string; ms: number; ok: boolean }[] = [];
    await Promise.all(
      Array.from({ length: options.clients }, async () => {
        while (performance.now() < until) concurrent.push(await timed());
      }),
    );
    const endCpu = processCpuSeconds(pid);
    const spent = (from?: number, to?: number) => (from === undefined || to === undefined ? undefined : to - from);
    return {
      routes,
      single: summarise(single, singleLoad, spent(singleCpu, concurrentCpu)),
      concurrent: { ...summarise(concurrent, concurrentLoad, spent(concurrentCpu, endCpu)), clients: options.clients, seconds: options.seconds },
    };
  } finally {
    await server.stop();
  }
}

/** `npx tsx bench/uncached-filters.ts DB [single requests] [clients] [seconds]`: one measurement of a database no process holds. */
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const [db, single = '60', clients = '50', seconds = '20'] = process.argv.slice(2);
  const root = new URL('..', import.meta.url).pathname;
  const result = await measureUncachedFilters(root, db, { singleRequests: Number(single), clients: Number(clients), seconds: Number(seconds) });
  console.log(JSON.stringify(result, null, 2));
}
