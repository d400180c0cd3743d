/**
 * `switchboard backup --db FILE --to DIR`: DuckDB's EXPORT DATABASE writes the schema, a
 * load script and one Parquet file per table into DIR, plus our manifest of row counts
 * that `restore` checks. DIR must be new or empty, so a backup never mixes with another.
 * DuckDB allows one process per file: stop the server first (or back up a copy). The
 * folder is made 0700 and its files 0600: they hold the password hashes and the pseudonym key.
 */
import { chmodSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dbPath, parse, UsageError } from '../args.ts';
import { Database } from '#core/db/database.ts';
import type { Command } from '../main.ts';

export const MANIFEST = 'switchboard-backup.json';

export interface BackupManifest {
  format: 1;
  createdAt: string;
  schemaVersions: number[];
  tables: Record<string, number>;
}

/** A path as a SQL string literal: EXPORT/IMPORT DATABASE take no bound parameters. */
export function sqlPathLiteral(path: string): string {
  if (path.includes('\0')) throw new UsageError('the path contains a NUL character');
  return `'${path.replaceAll("'", "''")}'`;
}

export async function tableCounts(db: Pick<Database, 'all'>): Promise<Record<string, number>> {
  const tables = await db.all<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY 1",
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [{ n }] = await db.all<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM "${name.replaceAll('"', '""')}"`);
    counts[name] = n;
  }
  return counts;
}

/** A folder 0700 and everything in it 0600 (folders 0700). */
export function makePrivate(dir: string): void {
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) makePrivate(path);
    else chmodSync(path, 0o600);
  }
}

export async function backupDatabase(db: Database, dir: string): Promise<BackupManifest> {
  const target = resolve(dir);
  if (existsSync(target) && readdirSync(target).length) throw new UsageError(`${dir} is not empty; back up into a new folder`);
  const tables = await tableCounts(db);
  await db.run(`EXPORT DATABASE ${sqlPathLiteral(target)} (FORMAT parquet, COMPRESSION zstd)`);
  const versions = await db.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY 1');
  const manifest: BackupManifest = { format: 1, createdAt: new Date().toISOString(), schemaVersions: versions.map((v) => v.version), tables };
  writeFileSync(join(target, MANIFEST), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
  // settings.parquet holds the pseudonym key and users.parquet the password hashes.
  makePrivate(target);
  return manifest;
}

const usage = `Usage: switchboard backup --to DIR [--db FILE]

Writes the whole database (tickets, events, imports, settings, accounts) to DIR as Parquet
files with a manifest of row counts. DIR must be new or empty. Stop the server first.`;

const command: Command = {
  summary: 'copy a database to a folder of Parquet files',
  usage,
  async run(args) {
    const { values } = parse(args, { db: { type: 'string' }, to: { type: 'string' } });
    if (!values.to) throw new UsageError('--to DIR is required');
    const db = await Database.open(dbPath(values.db));
    try {
      const manifest = await backupDatabase(db, values.to);
      const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
      console.log(`backed up ${Object.keys(manifest.tables).length} tables (${rows} rows) to ${values.to}`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
export default command;
