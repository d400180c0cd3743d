/**
 * `tsx bench/consortium.ts [--tickets 1000000] [--districts 10] [--dir DIR] [--out FILE]`:
 * a consortium of many districts on this machine, measured as a person meets it.
 *
 * One synthetic district of `--tickets` is generated and exported as partitioned Parquet;
 * its partitions are then copied under `--districts` district names (the figures of each
 * copy are the same district's, which changes nothing in what is timed: rows, files and
 * partitions are those of that many districts). Measured, with wall time, peak RSS and the
 * load average: building the consortium database (`switchboard consortium`), the report on
 * it cold (the per-ticket facts computed first) and warm, and the overview page in Chromium
 * cold and warm. Writes bench/consortium-results.json (or --out).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureProcess, mustSucceed, type ProcessRun } from './measure-process.ts';
import { measureOverview } from './overview-page.ts';
import { addBenchAdmin } from './auth.ts';
import { machineInfo } from './machine.ts';

const root = join(import.meta.dirname, '..');
const cli = (...args: string[]) => [process.execPath, join(root, 'bin', 'switchboard.js'), ...args];
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const log = (line: string) => process.stderr.write(`[consortium bench] ${line}\n`);

const summary = (run: ProcessRun) => ({ seconds: round(run.seconds), peakRssMiB: run.peakRssMiB, cpuSeconds: run.cpuSeconds === null ? null : round(run.cpuSeconds), load1: round(run.load1) });

/** Copies every `district=FROM` partition folder under `dir` (one per table) to `district=TO`. */
function copyDistrict(dir: string, from: string, to: string): void {
  for (const table of readdirSync(dir)) {
    const source = join(dir, table, `district=${from}`);
    if (existsSync(source)) cpSync(source, join(dir, table, `district=${to}`), { recursive: true });
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { tickets: { type: 'string' }, districts: { type: 'string' }, dir: { type: 'string' }, out: { type: 'string' } },
  });
  const tickets = Number((values.tickets ?? '1000000').replaceAll('_', ''));
  const districts = Number(values.districts ?? '10');
  const dir = values.dir ?? join(tmpdir(), `switchboard-consortium-bench-${tickets}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const one = join(dir, 'one.duckdb');
  const parts = join(dir, 'parts');
  const consortium = join(dir, 'consortium.duckdb');

  log(`generating one district of ${tickets} tickets`);
  const generate = mustSucceed(await measureProcess(cli('demo', '--tickets', String(tickets), '--db', one), { cwd: root }), 'demo');
  log('exporting it as partitioned Parquet');
  const exported = mustSucceed(await measureProcess(cli('export', '--partitioned', '--district', 'd01', '--to', parts, '--db', one), { cwd: root }), 'export');
  for (let i = 2; i <= districts; i++) copyDistrict(parts, 'd01', `d${String(i).padStart(2, '0')}`);

  log(`building the consortium of ${districts} districts`);
  const build = mustSucceed(await measureProcess(cli('consortium', '--from', parts, '--db', consortium), { cwd: root }), 'consortium');
  log('report, cold (computes the facts)');
  const reportCold = mustSucceed(await measureProcess(cli('report', '--db', consortium, '--format', 'json'), { cwd: root }), 'report');
  const ticketsIn = (JSON.parse(reportCold.stdout) as { summary: { tickets: number } }).summary.tickets;
  log('report, warm');
  const reportWarm = mustSucceed(await measureProcess(cli('report', '--db', consortium, '--format', 'json'), { cwd: root }), 'report');
  log('overview page in Chromium');
  addBenchAdmin(root, consortium);
  const overview = await measureOverview(root, consortium, 3);

  const result = {
    generatedAt: new Date().toISOString(),
    machine: await machineInfo(root),
    districts,
    ticketsPerDistrict: tickets,
    ticketsInConsortium: ticketsIn,
    generateOneDistrict: summary(generate),
    exportOneDistrict: summary(exported),
    buildConsortium: summary(build),
    reportCold: summary(reportCold),
    reportWarm: summary(reportWarm),
    overview,
    load1AtEnd: round(loadavg()[0]),
  };
  const out = values.out ?? join(root, 'bench', 'consortium-results.json');
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  rmSync(dir, { recursive: true, force: true });
  return 0;
}

process.exitCode = await main();
