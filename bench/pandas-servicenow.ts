/**
 * pandas against Switchboard on the ServiceNow incident update log: the synthetic district
 * written as one row per update (bench/servicenow-update-log.ts), the same questions
 * answered both ways from the same file.
 *
 * - pandas: bench/pandas_servicenow.py (tickets, tickets with hops, total hops, ping-pong
 *   tickets, with the ServiceNow connector's reading of an update log);
 * - Switchboard: `switchboard ingest LOG --db X`, then `switchboard report --db X --format json`,
 *   each its own process, as a district would run them.
 * Every process is measured from outside (bench/measure-process.ts: wall, CPU user+sys, peak
 * RSS, the 1-minute load when it started). The script's counts must equal the database's
 * (bench/paths-reference.ts, the project's path definition) and the report's ping-pong
 * figure; a difference fails the run. The file is read once before the timings, so both
 * sides find it in the system's file cache. pandas is optional: without it the Switchboard
 * side is still measured and the comparison is marked skipped.
 *
 *   npx tsx bench/pandas-servicenow.ts [--tickets 100000] [--runs 2] [--data-dir DIR] [--keep]
 *
 * Appends one entry to bench/pandas-servicenow-results.json.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machineInfo } from './machine.ts';
import { measureProcess, mustSucceed, type ProcessRun } from './measure-process.ts';
import { pathCounts, type PathCounts } from './paths-reference.ts';
import { writeServiceNowUpdateLog } from './servicenow-update-log.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(root, 'bench', 'pandas-servicenow-results.json');
const cli = (...args: string[]) => [process.execPath, join(root, 'bin', 'switchboard.js'), ...args];
const round = (x: number, digits = 2) => Number(x.toFixed(digits));
const log = (s: string) => console.error(`[pandas-servicenow ${new Date().toISOString().slice(11, 19)}] ${s}`);

interface Measured {
  seconds: number;
  cpuSeconds: number | null;
  peakRssMiB: number | null;
  load1: number;
}

const measured = (r: ProcessRun): Measured => ({
  seconds: round(r.seconds),
  cpuSeconds: r.cpuSeconds === null ? null : round(r.cpuSeconds),
  peakRssMiB: r.peakRssMiB === null ? null : round(r.peakRssMiB, 0),
  load1: round(r.load1),
});

interface RunResult {
  ingest: Measured & { phases: string | null; error: string | null };
  report: Measured | null;
  ingestPlusReport: { seconds: number; cpuSeconds: number | null } | null;
  reference: PathCounts | null;
  reportPingPong: number | null;
  pandas: (Measured & { readSeconds: number; computeSeconds: number; counts: PathCounts; countsMatch: boolean | null }) | null;
  /** pandas wall / (ingest + report) wall, and the same for CPU: above 1, Switchboard is faster. */
  pandasVsIngestPlusReport: { wall: number; cpu: number | null } | null;
}

function findPython(): string | null {
  for (const python of ['python3', '/usr/bin/python3']) {
    if (spawnSync(python, ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0) return python;
  }
  return null;
}

async function readOnce(path: string): Promise<void> {
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) void chunk;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      tickets: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '2' },
      'data-dir': { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  const tickets = Number(values.tickets);
  const runs = Number(values.runs);
  const dir = values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'sb-pandas-sn-'));
  const machine = await machineInfo(root);
  const python = findPython();

  const log_ = join(dir, `servicenow-update-log-${tickets}.csv`);
  log(`writing the update log of ${tickets} incidents to ${log_}`);
  const started = performance.now();
  const written = await writeServiceNowUpdateLog(log_, { tickets });
  const generateSeconds = round((performance.now() - started) / 1000, 1);
  const fileMiB = round(statSync(log_).size / 2 ** 20, 1);
  log(`${written.rows} rows, ${fileMiB} MiB in ${generateSeconds} s`);

  const entry = cli('ingest', '--help');
  const shown = spawnSync(entry[0], entry.slice(1), { cwd: root, env: { ...process.env, SWITCHBOARD_SHOW_ENTRY: '1' }, encoding: 'utf8' });
  const cliEntry = /switchboard: (.*)/.exec(shown.stderr ?? '')?.[1] ?? 'unknown';

  const results: RunResult[] = [];
  let failed = false;
  for (let i = 0; i < runs; i++) {
    const db = join(dir, `run-${i}.duckdb`);
    rmSync(db, { force: true });
    rmSync(`${db}.wal`, { force: true });
    await readOnce(log_);
    log(`run ${i + 1}/${runs}: ingest`);
    const ingest = await measureProcess(cli('ingest', log_, '--db', db), { cwd: root });
    // An ingest that fails is a result too (the failure, its time and memory): the pandas
    // side is still measured, with nothing to compare its counts against.
    const ingestError = ingest.exitCode === 0 ? null : `exit ${ingest.exitCode}: ${ingest.stderr.trim().split('\n').slice(-3).join(' ').slice(0, 600)}`;
    let report: ProcessRun | null = null;
    let reportPingPong: number | null = null;
    let reference: PathCounts | null = null;
    if (ingestError) {
      failed = true;
      log(`run ${i + 1}/${runs}: the ingest failed (${ingestError})`);
    } else {
      log(`run ${i + 1}/${runs}: report --format json`);
      report = mustSucceed(await measureProcess(cli('report', '--db', db, '--format', 'json'), { cwd: root }), 'report');
      const summary = (JSON.parse(report.stdout) as { summary?: Record<string, unknown> }).summary ?? {};
      reportPingPong = typeof summary.ping_pong_tickets === 'number' ? summary.ping_pong_tickets : null;
      reference = (await pathCounts(db)).counts;
    }

    let pandas: RunResult['pandas'] = null;
    if (python) {
      await readOnce(log_);
      log(`run ${i + 1}/${runs}: pandas script (${python})`);
      const run = mustSucceed(await measureProcess([python, join(root, 'bench', 'pandas_servicenow.py'), log_], { cwd: root }), 'pandas script');
      const out = JSON.parse(run.stdout.trim().split('\n').pop()!) as { read_s: number; compute_s: number; counts: PathCounts };
      const countsMatch = reference === null
        ? null
        : (Object.keys(reference) as (keyof PathCounts)[]).every((k) => reference[k] === out.counts[k]) &&
          (reportPingPong === null || reportPingPong === out.counts.ping_pong_tickets);
      if (countsMatch === false) failed = true;
      pandas = { ...measured(run), readSeconds: out.read_s, computeSeconds: out.compute_s, counts: out.counts, countsMatch };
    } else log('pandas is absent (python3 -c "import pandas" fails): skipping the pandas side');

    const both = report ? ingest.seconds + report.seconds : null;
    const bothCpu = report && ingest.cpuSeconds !== null && report.cpuSeconds !== null ? ingest.cpuSeconds + report.cpuSeconds : null;
    const result: RunResult = {
      // The CLI's own split of the ingest ('reading 0.7 s, staging 1.2 s, ...').
      ingest: { ...measured(ingest), phases: /time: (.+)/.exec(ingest.stderr)?.[1] ?? null, error: ingestError },
      report: report ? measured(report) : null,
      ingestPlusReport: both === null ? null : { seconds: round(both), cpuSeconds: bothCpu === null ? null : round(bothCpu) },
      reference,
      reportPingPong,
      pandas,
      pandasVsIngestPlusReport: pandas && both !== null
        ? { wall: round(pandas.seconds / both), cpu: pandas.cpuSeconds !== null && bothCpu ? round(pandas.cpuSeconds / bothCpu) : null }
        : null,
    };
    log(JSON.stringify(result));
    results.push(result);
    if (!values.keep) {
      rmSync(db, { force: true });
      rmSync(`${db}.wal`, { force: true });
    }
  }
  if (!values.keep && !values['data-dir']) rmSync(dir, { recursive: true, force: true });

  const record = {
    measuredAt: new Date().toISOString(),
    machine: { ...machine, loadAverageAtEnd: loadavg().map((x) => round(x)) },
    cliEntry,
    python,
    tickets: written.tickets,
    rows: written.rows,
    fileMiB,
    generateSeconds,
    runs: results,
  };
  const previous = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as unknown[]) : [];
  writeFileSync(RESULTS, `${JSON.stringify([...previous, record], null, 2)}\n`);
  console.log(JSON.stringify(record));
  if (failed) log('an ingest failed or the pandas counts DIFFER from the project\'s: see ingest.error, counts and reference in the results');
  return failed ? 1 : 0;
}

process.exitCode = await main();
