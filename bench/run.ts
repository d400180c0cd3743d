/**
 * `npm run bench`: how fast Switchboard is at district and state scale, measured through
 * its public entry points only (the CLI, the HTTP API, the overview page), so it keeps
 * working while the ingest, the analysis and the dashboard change underneath.
 *
 * For each size it generates the synthetic district as export files, then measures the
 * ingest of generic-events.csv against DuckDB's own read_csv of the same file, the
 * ingest's peak RSS, the full report, every GET API route (cold and warm), the overview
 * page in the system Chromium, a pandas script answering the same path questions, and
 * every vendor connector's ingest of the same district in its vendor's export format
 * (vendor-ingest.ts) against DuckDB's own read of those files, and on the largest size
 * Explore's facts as Arrow against JSON with the browser's recompute (arrow-vs-json.ts).
 * Writes bench/results.json (bench/out/results-quick.json with --quick) and prints Markdown.
 *
 *   npm run bench                       100,000 and 1,000,000 tickets
 *   npm run bench -- --quick            5,000 tickets only, each vendor export at 1,000 (CI keeps this working)
 *   options: --sizes 20000,200000  --data DIR  --fresh (regenerate exports)  --keep (keep databases)
 *            --commit REF (measure that commit, unpacked and built beside the data, not the working tree)
 *            --resume (keep the sizes bench/results.json already has for the same commit)
 *            --api-budget SECONDS (per size, default 600: routes not reached are listed as not measured)
 *            --overview-only (with --commit: measure the overview page again on the databases a --keep
 *              run left, and update bench/results.json)
 *            --vendors servicenow-update-log,zendesk,... (the vendor exports to ingest; default all, '' for none)
 *            --json-cap N (JSON vendors at most N tickets, default 200000)
 *            --only-vendors (only the vendor exports, into bench/vendor-results.json; with --quick, bench/out/)
 *            --merge (with --only-vendors: add this run's entries to the file, replacing only the same export at the same size)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureRoutes, type RouteResults } from './api-routes.ts';
import { addBenchAdmin } from './auth.ts';
import { machineInfo, type MachineInfo } from './machine.ts';
import { measureProcess, mustSucceed } from './measure-process.ts';
import { measureManyGroups, measureOverview, type ManyGroupsResult, type OverviewTiming } from './overview-page.ts';
import { pathCounts, type PathCounts } from './paths-reference.ts';
import { round } from './stats.ts';
import { importPhases } from './import-phases.ts';
import { judgeTargets, sizesTable, targetsTable } from './targets.ts';
import { measureVendor, VENDOR_EXPORTS, vendorTable, type VendorResult } from './vendor-ingest.ts';
import { measureUncachedFilters, type UncachedResult } from './uncached-filters.ts';
import type { ArrowVsJson } from './arrow-vs-json.ts';

/** A real log had 693 assignment groups; the overview must hold at 1,000. */
const MANY_GROUPS = 1000;

const checkout = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The tree whose CLI and server are measured: the checkout, or a snapshot of a commit (--commit). */
let root = checkout;

export interface SizeResult {
  tickets: number;
  events: number;
  csvMiB: number;
  generate: { seconds: number; reused: boolean; load1: number };
  /** phases: the import's own wall seconds per phase (its summary's `time:` line), where its time went. */
  ingest: { seconds: number; peakRssMiB: number | null; rssSource: string; load1: number; dbMiB: number; phases: Record<string, number> };
  readCsv: { seconds: number; peakRssMiB: number | null; load1: number; rows: number };
  ingestVsReadCsv: number;
  report: { seconds: number; peakRssMiB: number | null; load1: number; bytes: number; pathFigures: Record<string, number> };
  reference: { counts: PathCounts; querySeconds: number };
  routes: RouteResults;
  overview: OverviewTiming | null;
  /** Every figure route with filter combinations the answer cache never saw: one client, then many at once. */
  uncached?: UncachedResult | null;
  /** Every vendor connector's export of the same district (JSON vendors at most at the JSON cap). */
  vendors?: VendorResult[];
  /** Explore's facts as Arrow against JSON, and the browser's recompute per brush and click (largest size only). */
  arrowVsJson?: ArrowVsJson | null;
  /** The overview on a log of the same size over 1,000 unmapped groups: time to figures and page height (largest size only). */
  manyGroups?: ManyGroupsResult | null;
  /** Why a step gave no numbers (the others still count). */
  errors: string[];
  pandas: {
    python: string;
    version: string;
    seconds: number;
    readSeconds: number;
    computeSeconds: number;
    peakRssMiB: number | null;
    load1: number;
    counts: PathCounts;
    countsMatch: boolean;
    /** pandas script wall time / Switchboard report wall time: the judged ratio. */
    vsReport: number;
    /** pandas compute (frame in memory) / the paths query in DuckDB (database open). */
    computeVsQuery: number;
    /** pandas script / (Switchboard ingest + report): from the same file to the same answers. */
    vsIngestPlusReport: number;
  } | null;
}

const log = (msg: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)} load ${loadavg()[0].toFixed(2)}] ${msg}`);
const mib = (path: string) => statSync(path).size / 2 ** 20;
const cli = (...args: string[]) => [process.execPath, join(root, 'bin', 'switchboard.js'), ...args];

/**
 * A commit's files, unpacked beside the bench data with the checkout's node_modules linked
 * in and the dashboard built: others may be mid-edit in a shared working tree, and a
 * commit is a state that can be named and measured again.
 */
function snapshotOf(ref: string, dataDir: string): string {
  const sha = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: checkout, encoding: 'utf8' }).trim();
  const dir = join(dataDir, `tree-${sha.slice(0, 12)}`);
  if (existsSync(join(dir, '.bench-ready'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  log(`unpacking ${sha.slice(0, 12)} into ${dir} and building its dashboard`);
  const unpack = spawnSync('bash', ['-c', 'git -C "$1" archive --format=tar "$2" | tar -x -C "$3"', 'unpack', checkout, sha, dir], { stdio: 'inherit' });
  if (unpack.status !== 0) throw new Error(`could not unpack ${sha}`);
  symlinkSync(join(checkout, 'node_modules'), join(dir, 'node_modules'));
  for (const argv of [['svelte-kit', 'sync'], ['vite', 'build', '--logLevel', 'warn']]) {
    const r = spawnSync(join(checkout, 'node_modules', '.bin', argv[0]), argv.slice(1), { cwd: dir, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`${argv.join(' ')} failed in the snapshot of ${sha}`);
  }
  writeFileSync(join(dir, '.bench-ready'), sha + '\n');
  return dir;
}

let measuredCommit = 'HEAD';

function generatorVersion(): string {
  try {
    return execFileSync('git', ['rev-parse', `${measuredCommit}:fixtures/synthetic-district`], { cwd: checkout, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

async function exportsFor(dataDir: string, tickets: number, fresh: boolean): Promise<{ dir: string; generate: SizeResult['generate'] }> {
  const dir = join(dataDir, `exports-${tickets}`);
  const marker = join(dir, '.bench-complete.json');
  const want = JSON.stringify({ tickets, generator: generatorVersion() });
  if (!fresh && existsSync(marker) && readFileSync(marker, 'utf8') === want) {
    log(`reusing the ${tickets}-ticket exports in ${dir}`);
    return { dir, generate: { seconds: 0, reused: true, load1: round(loadavg()[0]) } };
  }
  rmSync(dir, { recursive: true, force: true });
  log(`generating ${tickets} tickets into ${dir}`);
  const run = mustSucceed(await measureProcess(cli('demo', '--tickets', String(tickets), '--out', dir), { cwd: root }), 'demo');
  writeFileSync(marker, want);
  return { dir, generate: { seconds: round(run.seconds), reused: false, load1: round(run.load1) } };
}

/** Every numeric figure in the report whose key speaks of hops or ping-pong, by its JSON path. */
export function pathFigures(value: unknown, prefix = ''): Record<string, number> {
  const out: Record<string, number> = {};
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${k}` : k;
      if (typeof v === 'number' && /hop|ping.?pong/i.test(k) && !/share|rate|avg|mean|median|p\d\d/i.test(k)) out[path] = v;
      else if (v && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, pathFigures(v, path));
    }
  }
  return out;
}

function findPython(): { python: string } | null {
  for (const python of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(python, ['-c', 'import pandas'], { stdio: 'ignore' });
    if (r.status === 0) return { python };
  }
  return null;
}

interface SizeOptions {
  dataDir: string;
  fresh: boolean;
  warm: number;
  pageLoads: number;
  keep: boolean;
  restartPerRoute: boolean;
  apiBudgetSeconds: number;
  /** The vendor exports to ingest (names from VENDOR_EXPORTS), and the JSON vendors' ticket cap. */
  vendors: string[];
  jsonCap: number;
  /** Every vendor at most at this many tickets (--quick: 1,000, to keep CI's run short). */
  vendorCap: number;
  /** Requests of the one client, and the concurrent clients and for how long, with never-seen filters. */
  uncached: { singleRequests: number; clients: number; seconds: number };
  /** The size whose database Arrow vs JSON is measured on (the largest of the run). */
  arrowSize: number;
}

async function measureSize(tickets: number, options: SizeOptions): Promise<SizeResult> {
  const { dir, generate } = await exportsFor(options.dataDir, tickets, options.fresh);
  const csv = join(dir, 'generic-events.csv');
  const dbDir = join(options.dataDir, `db-${tickets}`);
  rmSync(dbDir, { recursive: true, force: true });
  mkdirSync(dbDir, { recursive: true });
  const db = join(dbDir, 'switchboard.duckdb');
  const baselineDb = join(dbDir, 'read-csv.duckdb');

  // Both timings read the file from the system's cache: whichever ran first read it from
  // disk (the 1M ingest's reading phase took 28 s with the file not cached, 2 to 9 s
  // cached), which judged the disk rather than the ingest.
  log(`reading ${csv} once so that both timings find it in the system's file cache`);
  for await (const chunk of createReadStream(csv, { highWaterMark: 1 << 22 })) void chunk;

  log(`ingest ${csv} (${mib(csv).toFixed(0)} MiB)`);
  const ingest = mustSucceed(await measureProcess(cli('ingest', csv, '--db', db), { cwd: root }), 'ingest');
  const events = Number(/events (\d+)/.exec(ingest.stderr)?.[1] ?? NaN);

  log('DuckDB read_csv of the same file');
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const baseline = mustSucceed(await measureProcess([tsx, join(checkout, 'bench', 'read-csv-baseline.ts'), csv, baselineDb], { cwd: root }), 'read_csv baseline');
  const rows = (JSON.parse(baseline.stdout.trim().split('\n').pop()!) as { rows: number }).rows;
  rmSync(baselineDb, { force: true });
  rmSync(`${baselineDb}.wal`, { force: true });

  log('full report (--format json)');
  const report = mustSucceed(await measureProcess(cli('report', '--db', db, '--format', 'json'), { cwd: root }), 'report');
  const reportJson = JSON.parse(report.stdout) as unknown;

  log('hops and ping-pong with the project definition (reference for pandas)');
  const reference = await pathCounts(db);

  let pandas: SizeResult['pandas'] = null;
  const py = findPython();
  if (py) {
    log(`pandas script (${py.python})`);
    const run = mustSucceed(await measureProcess([py.python, join(checkout, 'bench', 'pandas_paths.py'), csv], { cwd: root }), 'pandas script');
    const out = JSON.parse(run.stdout.trim().split('\n').pop()!) as { pandas: string; read_s: number; compute_s: number; counts: PathCounts };
    // The report's own ping-pong figure, where it has one, must agree as well.
    const reportPingPong = Object.entries(pathFigures(reportJson)).find(([k]) => /summary\.ping_?pong_tickets$/i.test(k))?.[1];
    const countsMatch =
      (Object.keys(reference.counts) as (keyof PathCounts)[]).every((k) => reference.counts[k] === out.counts[k]) &&
      (reportPingPong === undefined || reportPingPong === out.counts.ping_pong_tickets);
    pandas = {
      python: py.python,
      version: out.pandas,
      seconds: round(run.seconds),
      readSeconds: out.read_s,
      computeSeconds: out.compute_s,
      peakRssMiB: run.peakRssMiB === null ? null : round(run.peakRssMiB, 0),
      load1: round(run.load1),
      counts: out.counts,
      countsMatch,
      vsReport: round(run.seconds / report.seconds, 1),
      computeVsQuery: round(out.compute_s / reference.seconds, 1),
      vsIngestPlusReport: round(run.seconds / (ingest.seconds + report.seconds), 2),
    };
  } else log('pandas is absent: skipping the pandas comparison');

  const errors: string[] = [];
  let arrowVsJson: ArrowVsJson | null = null;
  if (tickets === options.arrowSize) {
    // In its own process, as the server is not running yet: DuckDB lets one process open the file.
    // The JSON side of a million rows outgrows Node's default 4 GB heap (it ran out at 1M).
    log("Explore's facts: Arrow against JSON, and the browser's recompute per brush and department click");
    try {
      const run = mustSucceed(await measureProcess([tsx, join(checkout, 'bench', 'arrow-vs-json.ts'), '--db', db], { cwd: root, env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=14000' } }), 'arrow vs json');
      arrowVsJson = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as ArrowVsJson;
    } catch (e) {
      errors.push(`arrow vs json: ${(e as Error).message.replace(/\s+/g, ' ').slice(0, 400)}`);
    }
  }
  const signedIn = addBenchAdmin(root, db);
  log(`API routes (the server restarts before each cold request${signedIn ? '; signed in as the bench admin' : ''})`);
  let routes: RouteResults = { discovery: 'bench/api-routes.json', routes: [], skipped: [] };
  try {
    routes = await measureRoutes(root, db, options.warm, options.restartPerRoute, options.apiBudgetSeconds);
  } catch (e) {
    errors.push(`API routes: ${(e as Error).message.replace(/\s+/g, ' ').slice(0, 400)}`);
  }

  let uncached: UncachedResult | null = null;
  log(`figure routes with filters never asked before: one client, then ${options.uncached.clients} at once`);
  try {
    uncached = await measureUncachedFilters(root, db, options.uncached);
  } catch (e) {
    errors.push(`uncached filters: ${(e as Error).message.replace(/\s+/g, ' ').slice(0, 400)}`);
  }

  let overview: OverviewTiming | null = null;
  if (existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
    log('overview page in Chromium');
    try {
      overview = await measureOverview(root, db, options.pageLoads);
    } catch (e) {
      errors.push(`overview page: ${(e as Error).message.replace(/\s+/g, ' ').slice(0, 400)}`);
    }
  } else errors.push('overview page: no Chromium at /usr/bin/chromium');
  const vendors: VendorResult[] = [];
  for (const vendor of VENDOR_EXPORTS.filter((v) => options.vendors.includes(v.name))) {
    const n = Math.min(tickets, vendor.json ? options.jsonCap : Infinity, options.vendorCap);
    try {
      vendors.push(await measureVendor(vendor, n, { root, checkout, dataDir: options.dataDir, log }));
    } catch (e) {
      errors.push(`${vendor.name} at ${n} tickets: ${(e as Error).message.replace(/\s+/g, ' ').slice(0, 600)}`);
    }
  }
  let manyGroups: ManyGroupsResult | null = null;
  if (tickets === options.arrowSize && existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
    log(`overview page at ${MANY_GROUPS} unmapped groups over ${tickets} tickets`);
    try {
      manyGroups = await measureManyGroups(root, tickets, MANY_GROUPS, options.pageLoads, log);
    } catch (e) {
      errors.push(`overview at ${MANY_GROUPS} groups: ${(e as Error).message.replace(/\s+/g, ' ').slice(0, 400)}`);
    }
  }
  for (const e of errors) log(e);

  const result: SizeResult = {
    tickets,
    events,
    csvMiB: round(mib(csv), 1),
    generate,
    ingest: { seconds: round(ingest.seconds), peakRssMiB: ingest.peakRssMiB === null ? null : round(ingest.peakRssMiB, 0), rssSource: ingest.rssSource, load1: round(ingest.load1), dbMiB: round(mib(db), 1), phases: importPhases(ingest.stderr) },
    readCsv: { seconds: round(baseline.seconds), peakRssMiB: baseline.peakRssMiB === null ? null : round(baseline.peakRssMiB, 0), load1: round(baseline.load1), rows },
    ingestVsReadCsv: round(ingest.seconds / baseline.seconds),
    report: { seconds: round(report.seconds, 3), peakRssMiB: report.peakRssMiB === null ? null : round(report.peakRssMiB, 0), load1: round(report.load1), bytes: report.stdout.length, pathFigures: pathFigures(reportJson) },
    reference: { counts: reference.counts, querySeconds: round(reference.seconds, 3) },
    routes,
    overview,
    errors,
    pandas,
    uncached,
    vendors,
    arrowVsJson,
    manyGroups,
  };
  if (!options.keep) rmSync(dbDir, { recursive: true, force: true });
  return result;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean' },
      sizes: { type: 'string' },
      data: { type: 'string' },
      fresh: { type: 'boolean' },
      keep: { type: 'boolean' },
      warm: { type: 'string' },
      commit: { type: 'string' },
      resume: { type: 'boolean' },
      'api-budget': { type: 'string' },
      'overview-only': { type: 'boolean' },
      vendors: { type: 'string' },
      'json-cap': { type: 'string' },
      'only-vendors': { type: 'boolean' },
      merge: { type: 'boolean' },
    },
  });
  const quick = values.quick ?? false;
  const sizes = values.sizes ? values.sizes.split(',').map((s) => Number(s.replaceAll('_', ''))) : quick ? [5_000] : [100_000, 1_000_000];
  if (sizes.some((n) => !Number.isInteger(n) || n < 1000)) {
    console.error('bench: --sizes takes ticket counts of at least 1000, comma-separated');
    return 2;
  }
  const options = {
    dataDir: values.data ?? join(tmpdir(), 'switchboard-bench'),
    fresh: values.fresh ?? false,
    keep: values.keep ?? false,
    warm: values.warm ? Number(values.warm) : quick ? 10 : 30,
    pageLoads: quick ? 2 : 5,
    restartPerRoute: !quick,
    apiBudgetSeconds: values['api-budget'] ? Number(values['api-budget']) : quick ? Infinity : 600,
    vendors: values.vendors === undefined ? VENDOR_EXPORTS.map((v) => v.name) : values.vendors.split(',').filter(Boolean),
    jsonCap: values['json-cap'] ? Number(values['json-cap']) : 200_000,
    vendorCap: quick ? 1_000 : Infinity,
    uncached: quick ? { singleRequests: 14, clients: 10, seconds: 5 } : { singleRequests: 70, clients: 50, seconds: 20 },
    arrowSize: Math.max(...sizes),
  };
  const unknown = options.vendors.filter((v) => !VENDOR_EXPORTS.some((e) => e.name === v));
  if (unknown.length) {
    console.error(`bench: --vendors takes ${VENDOR_EXPORTS.map((v) => v.name).join(', ')} (or nothing: --vendors ''), got ${unknown.join(', ')}`);
    return 2;
  }
  mkdirSync(options.dataDir, { recursive: true });
  if (values.commit) {
    root = snapshotOf(values.commit, options.dataDir);
    measuredCommit = readFileSync(join(root, '.bench-ready'), 'utf8').trim();
  }
  const machine = await machineInfo(checkout);
  if (values.commit) Object.assign(machine, { gitCommit: readFileSync(join(root, '.bench-ready'), 'utf8').trim(), gitDirty: false });
  log(`${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, DuckDB ${machine.duckdb}`);
  const started = performance.now();
  if (values['only-vendors']) {
    const vendorOut = quick ? join(checkout, 'bench', 'out', 'vendor-results-quick.json') : join(checkout, 'bench', 'vendor-results.json');
    mkdirSync(dirname(vendorOut), { recursive: true });
    const runs: (VendorResult & { commit: string; measuredAt: string })[] = [];
    const errors: string[] = [];
    // --merge: this run's entries replace those of the same export and size, the others stay
    // (each entry names its commit; the file's machine is kept and this run's is listed in runs).
    const kept = values.merge && existsSync(vendorOut)
      ? (JSON.parse(readFileSync(vendorOut, 'utf8')) as { vendors: VendorResult[]; errors?: string[]; runs?: unknown[] } & Record<string, unknown>)
      : null;
    const commit = machine.gitCommit.slice(0, 7) + (machine.gitDirty ? ' (uncommitted changes)' : '');
    const write = () => {
      const run = { generatedAt: new Date().toISOString(), quick, machine, vendors: runs, errors };
      if (!kept) return writeFileSync(vendorOut, JSON.stringify(run, null, 2) + '\n');
      const same = (v: { name: string; tickets: number }) => runs.some((r) => r.name === v.name && r.tickets === v.tickets);
      const keys = [...runs.map((r) => `${r.name} at ${r.tickets} tickets:`), ...errors.map((e) => e.slice(0, e.indexOf(':') + 1))];
      writeFileSync(vendorOut, JSON.stringify({
        ...kept,
        generatedAt: run.generatedAt,
        vendors: [...kept.vendors.filter((v) => !same(v)), ...runs],
        errors: [...(kept.errors ?? []).filter((e) => !keys.some((k) => e.startsWith(k))), ...errors],
        runs: [...(kept.runs ?? []), { generatedAt: run.generatedAt, machine, entries: runs.map((r) => `${r.name} ${r.tickets}`), errors }],
      }, null, 2) + '\n');
    };
    for (const tickets of sizes) {
      for (const vendor of VENDOR_EXPORTS.filter((v) => options.vendors.includes(v.name))) {
        const n = Math.min(tickets, vendor.json ? options.jsonCap : Infinity, options.vendorCap);
        if (runs.some((r) => r.name === vendor.name && r.tickets === n)) continue;
        try {
          runs.push({ ...(await measureVendor(vendor, n, { root, checkout, dataDir: options.dataDir, log })), commit, measuredAt: new Date().toISOString() });
        } catch (e) {
          // The child's error line, not the command and source line before it, which alone filled the 600 characters.
          const message = (e as Error).message.replace(/\s+/g, ' ');
          errors.push(`${vendor.name} at ${n} tickets: ${(/\w*Error: .*/.exec(message)?.[0] ?? message).slice(0, 1200)}`);
          log(errors.at(-1)!);
        }
        machine.loadAverageAtEnd = loadavg().map((x) => round(x));
        write();
      }
    }
    console.log(vendorTable(runs));
    for (const e of errors) console.log(`- ${e}`);
    return errors.length ? 1 : 0;
  }
  const results: SizeResult[] = [];
  // The full run's results are kept in git as the measured record; a quick run's are not.
  const out = quick ? join(checkout, 'bench', 'out', 'results-quick.json') : join(checkout, 'bench', 'results.json');
  mkdirSync(dirname(out), { recursive: true });
  const save = (targets: unknown) =>
    writeFileSync(out, JSON.stringify({ generatedAt: new Date().toISOString(), quick, seconds: round((performance.now() - started) / 1000, 0), machine, sizes: results, targets }, null, 2) + '\n');
  let previous: SizeResult[] = [];
  if ((values.resume || values['overview-only']) && existsSync(out)) {
    const kept = JSON.parse(readFileSync(out, 'utf8')) as { machine: MachineInfo; sizes: SizeResult[] };
    if (kept.machine.gitCommit === machine.gitCommit && !kept.machine.gitDirty) {
      previous = kept.sizes;
      if (values['overview-only']) Object.assign(machine, { loadAverageAtStart: kept.machine.loadAverageAtStart });
    }
  }
  if (values['overview-only']) {
    for (const s of previous) {
      const db = join(options.dataDir, `db-${s.tickets}`, 'switchboard.duckdb');
      if (!existsSync(db)) continue;
      log(`overview page in Chromium, ${s.tickets} tickets (again)`);
      s.errors = s.errors.filter((e) => !e.startsWith('overview page'));
      try {
        s.overview = await measureOverview(root, db, options.pageLoads);
      } catch (e) {
        s.overview = null;
        s.errors.push(`overview page: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    sizes.length = 0;
    sizes.push(...previous.map((s) => s.tickets));
  }
  for (const tickets of sizes) {
    const done = previous.find((s) => s.tickets === tickets);
    if (done) log(`keeping the ${tickets}-ticket results already measured for this commit`);
    results.push(done ?? (await measureSize(tickets, options)));
    machine.loadAverageAtEnd = loadavg().map((x) => round(x));
    save(null); // a long run that dies later still leaves the sizes it finished
  }
  const targets = judgeTargets(results);
  save(targets);

  const md = [
    `## Switchboard bench (${machine.cores} cores, ${machine.cpuModel}; load ${machine.loadAverageAtStart.join(' ')} at start, ${(machine.loadAverageAtEnd ?? []).join(' ')} at end)`,
    '',
    sizesTable(results),
    '',
    ...results.flatMap((s) => [
      `### ${s.tickets.toLocaleString('en-US')} tickets: API routes (${s.routes.discovery}) and overview page`,
      '',
      '| route | status | cold ms | warm p50 ms | warm p95 ms | load |',
      '|---|---:|---:|---:|---:|---:|',
      ...s.routes.routes.map((r) => `| GET ${r.route} | ${r.status} | ${r.coldMs} | ${r.warmP50Ms} | ${r.warmP95Ms} | ${r.load1} |`),
      ...s.routes.skipped.map((r) => `| GET ${r.route} | skipped: ${r.reason} | | | | |`),
      s.overview ? `| overview page (${s.overview.selector} shown) | | ${s.overview.coldMs} | ${s.overview.warmMedianMs} (median of ${s.overview.warmLoads}) | | ${s.overview.load1} |` : '| overview page | not measured (see the errors below) | | | | |',
      '',
      `Hops and ping-pong: project definition ${JSON.stringify(s.reference.counts)} (query ${s.reference.querySeconds} s); ` +
        (s.pandas ? `pandas ${JSON.stringify(s.pandas.counts)}: ${s.pandas.countsMatch ? 'equal' : 'DIFFERENT'}; ` : 'pandas absent; ') +
        `the report's own path figures: ${Object.keys(s.report.pathFigures).length ? JSON.stringify(s.report.pathFigures) : 'none yet'}.`,
      ...(s.uncached ? [
        `Figures with filters the cache never saw (${s.uncached.routes.length} routes): one client p50 ${s.uncached.single.p50Ms} ms, p95 ${s.uncached.single.p95Ms} ms (${s.uncached.single.requests} requests, load ${s.uncached.single.load1}); ` +
          `${s.uncached.concurrent.clients} clients for ${s.uncached.concurrent.seconds} s: p50 ${s.uncached.concurrent.p50Ms} ms, p95 ${s.uncached.concurrent.p95Ms} ms (${s.uncached.concurrent.requests} requests, ${s.uncached.concurrent.errors} errors, load ${s.uncached.concurrent.load1}).`,
        `One client's p95 per route: ${Object.entries(s.uncached.single.perRouteP95Ms).map(([r, ms]) => `${r.replace('/api/figures/', '')} ${ms}`).join(', ')} ms.`,
        '',
      ] : []),
      ...(s.arrowVsJson ? [
        `Explore's facts: Arrow ${(s.arrowVsJson.arrow.bytes / 2 ** 20).toFixed(1)} MiB (write ${s.arrowVsJson.arrow.writeSeconds} s, read ${s.arrowVsJson.arrow.readSeconds} s) against JSON ${(s.arrowVsJson.json.bytes / 2 ** 20).toFixed(1)} MiB (write ${s.arrowVsJson.json.writeSeconds} s, parse ${s.arrowVsJson.json.readSeconds} s); ` +
          `recompute per brush ${s.arrowVsJson.brushRecomputeMs} ms, per department click ${s.arrowVsJson.departmentClickRecomputeMs} ms (load ${s.arrowVsJson.load1}).`,
        '',
      ] : []),
      ...(s.manyGroups ? [
        `Overview at ${s.manyGroups.groups} unmapped groups over ${s.manyGroups.tickets} tickets: figures shown after ${s.manyGroups.coldMs} ms on the first load, ${s.manyGroups.warmMedianMs} ms (median of ${s.manyGroups.warmLoads} reloads), page ${s.manyGroups.heightPx ?? '?'} px tall (targets ${s.manyGroups.targets.firstFiguresMs} ms, ${s.manyGroups.targets.heightPx} px; load ${s.manyGroups.load1}).`,
        '',
      ] : []),
      ...(s.vendors?.length ? [`Every connector (each export of the same district as one import, against DuckDB's own read of its files):`, '', vendorTable(s.vendors), ''] : []),
      ...(s.pandas ? [`pandas ${s.pandas.version}: script ${s.pandas.seconds} s (read ${s.pandas.readSeconds} s, compute ${s.pandas.computeSeconds} s); vs report ${s.pandas.vsReport}x, compute vs paths query ${s.pandas.computeVsQuery}x, vs ingest + report ${s.pandas.vsIngestPlusReport}x.`] : []),
      '',
    ]),
    '### Targets',
    '',
    targetsTable(targets),
    '',
    `Written to ${out}.`,
  ];
  console.log(md.join('\n'));
  for (const s of results) for (const e of s.errors) console.log(`- ${s.tickets} tickets: ${e}`);
  // Wrong counts, or a step that gave no numbers, fail the run: CI keeps the bench working.
  const failed = results.some((s) => (s.pandas && !s.pandas.countsMatch) || s.errors.length > 0);
  return failed ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main();
}
