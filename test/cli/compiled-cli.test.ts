/**
 * The compiled CLI (dist/cli, bin/build-cli.js) is what `npm start`, `npm test` and an
 * installed `switchboard` run: it must print what the TypeScript sources print. The bundle
 * is built here when it is missing or stale; SWITCHBOARD_SHOW_ENTRY=1 makes bin/switchboard.js
 * say which entry ran, and SWITCHBOARD_FROM_SOURCE=1 runs the sources for the comparison.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const COMPILED = 'switchboard: running dist/cli/main.js';
const FIXTURE = 'fixtures/vendors/jira/search.json';

interface Run {
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: Record<string, string>): Promise<Run> {
  const { stdout, stderr } = await exec(process.execPath, ['bin/switchboard.js', ...args], {
    cwd: root,
    env: { ...process.env, SWITCHBOARD_FROM_SOURCE: '', SWITCHBOARD_SHOW_ENTRY: '1', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { stdout, stderr };
}

const build = () => exec(process.execPath, ['bin/build-cli.js', '--if-stale'], { cwd: root });

/** Runs the bundle, building it first if a source changed since (others may be editing). */
async function compiled(...args: string[]): Promise<Run> {
  await build();
  let run = await cli(args, {});
  if (!run.stderr.startsWith(COMPILED)) {
    await build();
    run = await cli(args, {});
  }
  expect(run.stderr.split('\n')[0]).toBe(COMPILED);
  return run;
}

async function fromSource(...args: string[]): Promise<Run> {
  const run = await cli(args, { SWITCHBOARD_FROM_SOURCE: '1' });
  expect(run.stderr.split('\n')[0]).toBe('switchboard: running cli/main.ts through tsx (SWITCHBOARD_FROM_SOURCE is set)');
  return run;
}

/** The report's one line that differs between runs, its time of writing, made fixed. */
function withoutTime(json: string): string {
  const stamps = json.match(/^ {2}"generated_at": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z",$/gm);
  expect(stamps).toHaveLength(1);
  return json.replace(stamps![0], '  "generated_at": "(time of the run)",');
}

/** Standard error after bin/switchboard.js's line naming the entry. */
const afterEntry = (run: Run) => run.stderr.slice(run.stderr.indexOf('\n') + 1);

/** An ingest's summary without its one line of timings ('  time: reading 0.2 s, ...'). */
function withoutTimings(summary: string): string {
  const lines = summary.split('\n');
  expect(lines.filter((l) => l.startsWith('  time: '))).toHaveLength(1);
  return lines.filter((l) => !l.startsWith('  time: ')).join('\n');
}

describe('the compiled CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-compiled-'));
  });

  it('prints the same --help as the sources', async () => {
    const bundle = await compiled('--help');
    expect(bundle.stdout).toMatch(/^Usage: switchboard <command> \[options\]\n/);
    expect(bundle.stdout).toBe((await fromSource('--help')).stdout);
  });

  it('ingests a Jira export and reports it exactly as the sources do', async () => {
    const db = join(dir, 'jira.duckdb');
    const ingest = await compiled('ingest', FIXTURE, '--db', db);
    expect(ingest.stderr).toContain('search.json: succeeded (import 1), source jira');
    expect(ingest.stderr).toContain('rows read 3, tickets 3 (3 new), events 9, rows rejected 0');

    const bundle = withoutTime((await compiled('report', '--format', 'json', '--db', db)).stdout);
    expect(JSON.parse(bundle).summary.tickets).toBe(3);
    expect(bundle).toBe(withoutTime((await fromSource('report', '--format', 'json', '--db', db)).stdout));

    // The sources' own ingest of the same file says the same, but for its timings. (Its
    // report would name people by other pseudonyms: each database has its own key.)
    const sourceIngest = await fromSource('ingest', FIXTURE, '--db', join(dir, 'jira-from-source.duckdb'));
    expect(withoutTimings(afterEntry(ingest))).toBe(withoutTimings(afterEntry(sourceIngest)));
  });
});
