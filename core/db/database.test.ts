import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Database, DatabaseClosedError, READ_CONNECTIONS } from './database.ts';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sb-db-'));
  dirs.push(dir);
  return join(dir, 'switchboard.duckdb');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

// A statement that keeps a connection busy for a while (a cross join that DuckDB cannot
// skip), so that closing finds statements running and others waiting.
const SLOW = 'SELECT count(*) AS n FROM range(40000) a, range(40000) b WHERE (a.range * b.range) % 7 = 3';

describe('Database', () => {
  it("removes a killed process's spill files when it opens the file, and nothing else there", async () => {
    const path = tempFile();
    mkdirSync(`${path}.tmp`);
    writeFileSync(join(`${path}.tmp`, 'duckdb_temp_storage_S32K-0.tmp'), Buffer.alloc(1024));
    writeFileSync(join(`${path}.tmp`, 'notes.txt'), 'kept');
    const db = await Database.open(path);
    expect(readdirSync(`${path}.tmp`)).toEqual(['notes.txt']);
    await db.close();
    rmSync(`${path}.tmp`, { recursive: true });
    mkdirSync(`${path}.tmp`);
    writeFileSync(join(`${path}.tmp`, 'duckdb_temp_block-1.block'), 'x');
    const again = await Database.open(path);
    expect(existsSync(`${path}.tmp`)).toBe(false);
    await again.close();
  });

  it('runs reads side by side on its pool and keeps a temporary table on one connection', async () => {
    const db = await Database.open(tempFile());
    const rows = await Promise.all(Array.from({ length: 10 }, (_, i) => db.all<{ i: number }>('SELECT $1::INTEGER AS i', [i])));
    expect(rows.map((r) => r[0].i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Other readers meanwhile must not take the temporary table's connection away.
    const busy = Array.from({ length: READ_CONNECTIONS * 2 }, () => db.all('SELECT 1'));
    const n = await db.withConnection(async (c) => {
      await c.run('CREATE TEMP TABLE scratch AS SELECT * FROM range(5)');
      await Promise.all(busy);
      return (await c.all<{ n: number }>('SELECT count(*) AS n FROM scratch'))[0].n;
    });
    expect(n).toBe(5);
    await db.close();
  });

  it('counts a generation for writes, not for reads', async () => {
    const db = await Database.open(tempFile());
    const start = db.generation;
    await db.all('SELECT 1');
    expect(db.generation).toBe(start);
    await db.run('CREATE TABLE t (x INTEGER)');
    const afterRun = db.generation;
    expect(afterRun).toBeGreaterThan(start);
    await db.transaction((tx) => tx.run('INSERT INTO t VALUES (1)'));
    expect(db.generation).toBeGreaterThan(afterRun);
    await db.close();
  });

  it('closes while statements run and wait: interrupts them, refuses new ones, and the file reopens', async () => {
    const path = tempFile();
    const db = await Database.open(path);
    await db.transaction((tx) => tx.run('CREATE TABLE kept AS SELECT * FROM range(3)'));
    // More statements than connections: some run, the rest wait in the pool.
    const statements = Array.from({ length: READ_CONNECTIONS * 4 }, () => db.all(SLOW).then(() => 'done', (e: Error) => e));
    const unfinishedImport = db.transaction(async (tx) => {
      await tx.run('CREATE TABLE dropped AS SELECT * FROM range(3)');
      await tx.all(SLOW);
    });
    await new Promise((r) => setTimeout(r, 200));
    await db.close();
    const outcomes = await Promise.all(statements);
    // Every one ended: interrupted while running, or refused while it waited.
    expect(outcomes.filter((o) => o instanceof DatabaseClosedError).length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o === 'done').length).toBe(0);
    await expect(unfinishedImport).rejects.toThrow();
    await expect(db.all('SELECT 1')).rejects.toBeInstanceOf(DatabaseClosedError);

    const reopened = await Database.open(path);
    expect(await reopened.all('SELECT count(*)::INTEGER AS n FROM kept')).toEqual([{ n: 3 }]);
    expect(await reopened.all("SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = 'dropped'")).toEqual([{ n: 0 }]);
    await reopened.close();
  });
});
