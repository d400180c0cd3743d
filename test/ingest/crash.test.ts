import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import { writeDistrictExports } from '#fixtures/synthetic-district/write-exports.ts';
import { eventLogCsv, pathEvents, writeTemp } from '../helpers/event-log.ts';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const snapshot = async (db: Database) =>
  (await db.all<Record<string, unknown>>(
    `SELECT (SELECT count(*) FROM tickets)::INTEGER AS tickets, (SELECT count(*) FROM ticket_events)::INTEGER AS events,
       (SELECT string_agg(import_id || ':' || status, ',' ORDER BY import_id) FROM imports) AS imports,
       (SELECT max(import_id) FROM imports) AS last_import`,
  ))[0];

/** Starts the child import and resolves once it reports `phase`, with the running child. */
function importUntil(dbFile: string, file: string, phase: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'helpers/import-child.ts'), dbFile, file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const reached = new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes(`phase ${phase}\n`)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before phase ${phase}: ${out} ${stderr}`)));
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, signal) => resolve(signal)));
  return { child, reached, exited };
}

describe('an import killed mid-transaction', () => {
  it('leaves the database as it was, and a second import gives the full counts', { timeout: 900_000 }, async () => {
    await writeDistrictExports(dir, { tickets: 100_000, seed: 7 });
    const file = join(dir, 'generic-events.csv');
    const dbFile = join(dir, 'crash.duckdb');

    // A database that already holds one small import.
    let db = await Database.open(dbFile);
    await importFile(db, writeTemp('before.csv', eventLogCsv(pathEvents('T1', ['Desk', 'Payroll Team']))));
    const before = await snapshot(db);
    expect(before).toEqual({ tickets: 1, events: 2, imports: '1:succeeded', last_import: 1 });
    // What an uninterrupted import must add: every row with an event, every distinct ticket.
    const [expected] = await db.all<{ tickets: number; events: number }>(
      `SELECT count(DISTINCT ticket_id)::INTEGER AS tickets, count(*) FILTER (WHERE event_at IS NOT NULL AND event_kind IS NOT NULL)::INTEGER AS events
       FROM read_csv($path, all_varchar = true, header = true)`,
      { path: file },
    );
    db.close();
    expect(expected.tickets).toBe(100_000);

    // The child is inside the import's transaction once it is writing the canonical tables.
    const run = importUntil(dbFile, file, 'writing');
    await run.reached;
    run.child.kill('SIGKILL');
    expect(await run.exited).toBe('SIGKILL');

    db = await Database.open(dbFile);
    try {
      expect(await snapshot(db)).toEqual(before);
      const summary = await importFile(db, file);
      expect(summary).toMatchObject({ status: 'succeeded', ticketsImported: expected.tickets, ticketsNew: expected.tickets, eventsImported: expected.events });
      const after = await snapshot(db);
      expect(after.tickets).toBe(1 + expected.tickets);
      expect(after.events).toBe(2 + expected.events);
    } finally {
      db.close();
    }
  });
});
