/**
 * `switchboard restore --from DIR --db FILE`: rebuilds a database from a backup with
 * DuckDB's IMPORT DATABASE, into a file that does not exist yet (a restore never
 * overwrites), then checks every table's row count against the backup's manifest. A
 * restore that does not match is deleted and reported, never left half-done.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse, UsageError } from '../args.ts';
import { Database } from '#core/db/database.ts';
import { MANIFEST, sqlPathLiteral, tableCounts, type BackupManifest } from './backup.ts';
import type { Command } from '../main.ts';

export async function restoreDatabase(dir: string, file: string): Promise<Record<string, number>> {
  const source = resolve(dir);
  const manifestPath = join(source, MANIFEST);
  if (!existsSync(manifestPath)) throw new UsageError(`${dir} is not a Switchboard backup (no ${MANIFEST})`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BackupManifest;
  } catch (e) {
    throw new UsageError(`${dir}: its ${MANIFEST} is not valid JSON (${(e as Error).message}); the backup is damaged`);
  }
  if (manifest.format !== 1) throw new UsageError(`${dir} was written by a newer Switchboard (backup format ${manifest.format})`);
  if (existsSync(file)) throw new UsageError(`${file} already exists; restore into a new file`);
  try {
    const instance = await DuckDBInstance.create(file);
    const connection = await instance.connect();
    try {
      await connection.run(`IMPORT DATABASE ${sqlPathLiteral(source)}`);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    // Opening through Database applies any migration newer than the backup.
    const db = await Database.open(file);
    try {
      const counts = await tableCounts(db);
      const wrong = Object.entries(manifest.tables).filter(([t, n]) => counts[t] !== n);
      if (wrong.length) throw new Error(`restored counts differ from the backup: ${wrong.map(([t, n]) => `${t} ${counts[t]} != ${n}`).join(', ')}`);
      return counts;
    } finally {
      await db.close();
    }
  } catch (e) {
    rmSync(file, { force: true });
    rmSync(`${file}.wal`, { force: true });
    throw e;
  }
}

/** The first line of an error's message, without DuckDB's error-type prefix. */
export function oneLine(error: unknown): string {
  const first = String((error as Error)?.message ?? error).split('\n')[0].trim();
  return first.replace(/^[A-Z][A-Za-z ]* Error: /, '').slice(0, 300);
}

const usage = `Usage: switchboard restore --from DIR --db FILE

Rebuilds a database from a folder written by 'switchboard backup' into FILE, which must
not exist yet, and checks every table's row count against the backup.`;

const command: Command = {
  summary: 'rebuild a database from a backup folder',
  usage,
  async run(args) {
    const { values } = parse(args, { db: { type: 'string' }, from: { type: 'string' } });
    if (!values.from || !values.db) throw new UsageError('--from DIR and --db FILE are both required');
    let counts: Record<string, number>;
    try {
      counts = await restoreDatabase(values.from, values.db);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      // A damaged backup (a cut Parquet file, an edited manifest): one line, no stack trace.
      console.error(`switchboard restore: ${values.from} could not be restored (${oneLine(e)}); nothing was written to ${values.db}. Use another backup`);
      return 1;
    }
    console.log(`restored ${Object.keys(counts).length} tables into ${values.db}; every row count matches the backup`);
    return 0;
  },
};
export default command;
