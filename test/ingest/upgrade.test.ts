/**
 * A district's database made by an earlier version opens with this one: the migrations it
 * lacks are applied in order, and what it held stays. The earlier database is built here
 * from the first migrations (up to 006, the schema before this version's tables) with a
 * ticket and its events in it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { listMigrations } from '#core/db/migrate.ts';
import { readSettings } from '#core/settings.ts';
import { buildReport } from '#analysis/report/report.ts';

describe('opening a database an earlier version made', () => {
  it('applies the migrations it lacks and keeps its tickets', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'switchboard-upgrade-')), 'old.duckdb');
    const old = await DuckDBInstance.create(path);
    const c = await old.connect();
    await c.run('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)');
    for (const m of listMigrations().filter((m) => m.version <= 6)) {
      await c.run(m.sql);
      await c.run(`INSERT INTO schema_migrations VALUES (${m.version}, '${m.name}', now())`);
    }
    await c.run("INSERT INTO imports (source, connector, status, started_at) VALUES ('demo', 'generic', 'succeeded', TIMESTAMPTZ '2024-08-19 13:00:00+00')");
    await c.run("INSERT INTO group_departments VALUES ('Desk', 'Technology'), ('Payroll Team', 'Payroll')");
    await c.run("INSERT INTO tickets (source, ticket_id, import_id, created_at) VALUES ('demo', 'T1', 1, TIMESTAMPTZ '2024-08-19 13:00:00+00')");
    await c.run(`INSERT INTO ticket_events (source, ticket_id, seq, occurred_at, kind, group_after, import_id) VALUES
      ('demo', 'T1', 1, TIMESTAMPTZ '2024-08-19 13:00:00+00', 'assignment', 'Desk', 1),
      ('demo', 'T1', 2, TIMESTAMPTZ '2024-08-19 14:00:00+00', 'assignment', 'Payroll Team', 1)`);
    c.closeSync();
    old.closeSync();

    const db = await Database.open(path);
    try {
      const applied = await db.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY 1');
      expect(applied.map((r) => r.version)).toEqual(listMigrations().map((m) => m.version));
      const report = await buildReport(db, {}, await readSettings(db));
      expect(report.summary.tickets).toBe(1);
      expect(report.summary.misrouted_tickets).toBe(1);
    } finally {
      await db.close();
    }
  });
});
