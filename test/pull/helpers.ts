/**
 * Shared by the pull tests: databases with one pseudonym key (so two files can be compared
 * row for row), the canonical tables' contents without import ids, a recording sleeper,
 * and the CLI run as a child process that can be killed once its output shows page N.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from '#core/db/database.ts';

export const root = join(import.meta.dirname, '..', '..');
const KEY = 'f'.repeat(64);

export function tempDb(name = 'pull.duckdb'): string {
  return join(mkdtempSync(join(tmpdir(), 'switchboard-pull-')), name);
}

export async function openDb(path: string): Promise<Database> {
  const db = await Database.open(path);
  await db.run("INSERT INTO settings VALUES ('pseudonymKey', $1::JSON) ON CONFLICT DO NOTHING", [JSON.stringify(KEY)]);
  return db;
}

/** Everything a pull leaves that a person could see, in a stable order, without import ids and clock times. */
export async function contents(db: Database): Promise<Record<string, unknown[]>> {
  return {
    tickets: await db.all(`SELECT * EXCLUDE (import_id) FROM tickets ORDER BY source, ticket_id`),
    events: await db.all(`SELECT * EXCLUDE (import_id) FROM ticket_events ORDER BY source, ticket_id, seq`),
    groups: await db.all(`SELECT * FROM groups ORDER BY ALL`),
    // base_url is left out: the fakes of two runs listen on different ports.
    state: await db.all(`SELECT source, cursor::VARCHAR AS cursor, high_water_mark, pages FROM sync_state ORDER BY ALL`),
  };
}

export async function withDb<T>(path: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDb(path);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

export function recordingSleeper(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}

export interface CliRun {
  child: ChildProcess;
  output: () => string;
  /** Resolves when the output contains `text`. */
  waitFor: (text: string) => Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function runCli(args: string[], env: Record<string, string>): CliRun {
  const child = spawn(process.execPath, ['bin/switchboard.js', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of waiters.splice(0)) if (out.includes(w.text)) w.resolve();
    else waiters.push(w);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => out,
    waitFor: (text) =>
      new Promise<void>((resolve, reject) => {
        if (out.includes(text)) return resolve();
        waiters.push({ text, resolve });
        void exit.then(() => (out.includes(text) ? resolve() : reject(new Error(`the CLI exited without printing '${text}':\n${out}`))));
      }),
    exit,
  };
}
