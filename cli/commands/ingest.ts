/**
 * `switchboard ingest`: export files into a database, each file all or nothing.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dbPath, oneOf, parse, UsageError } from '../args.ts';
import { Database } from '../../ingest/db/database.ts';
import { importFile, type ImportSummary } from '../../ingest/import-file.ts';
import { parseMapping } from '../../connectors/generic/mapping.ts';
import { csvCell } from '../../analysis/report/report.ts';
import type { Command } from '../main.ts';

const usage = `Usage: switchboard ingest <file|folder...> [--db FILE] [--source auto|generic] [--mapping FILE] [--rejects FILE] [--dry-run]

Imports ticket exports. Each file is one import: all of its rows land or none do, and a
file imported before (same bytes, same source) changes nothing.
  --db FILE        database file (default: $SWITCHBOARD_DB or data/switchboard.duckdb)
  --source NAME    the connector: auto (default) or generic
  --mapping FILE   a JSON mapping of fields to columns (see docs/connectors.md)
  --rejects FILE   write every rejected row (row, column, value, reason) to this CSV
  --dry-run        read and check everything, write nothing`;

function expand(paths: string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new UsageError(`no such file or folder: ${p}`);
    }
    if (st.isDirectory()) {
      for (const f of readdirSync(p).sort()) if (/\.(csv|tsv|txt)$/i.test(f)) files.push(join(p, f));
    } else files.push(p);
  }
  return files;
}

function printSummary(s: ImportSummary): void {
  const lines = [
    `${s.fileName}: ${s.status}${s.importId !== null ? ` (import ${s.importId})` : ''}`,
    `  rows read ${s.rowsRead}, tickets ${s.ticketsImported} (${s.ticketsNew} new), events ${s.eventsImported}, rows rejected ${s.rowsRejected}`,
  ];
  const byReason = new Map<string, number>();
  for (const r of s.rejects) byReason.set(`${r.column}: ${r.reason}`, (byReason.get(`${r.column}: ${r.reason}`) ?? 0) + 1);
  for (const [reason, n] of byReason) lines.push(`  rejected ${n} x ${reason}`);
  for (const r of s.rejects.slice(0, 5)) lines.push(`    e.g. row ${r.row}, column '${r.column}', value '${r.value ?? ''}'`);
  for (const n of s.notes) lines.push(`  note: ${n}`);
  console.error(lines.join('\n'));
}

const command: Command = {
  summary: 'import ticket export files into a database',
  usage,
  async run(args) {
    const { values, positionals } = parse(
      args,
      { db: { type: 'string' }, source: { type: 'string' }, mapping: { type: 'string' }, rejects: { type: 'string' }, 'dry-run': { type: 'boolean' } },
      true,
    );
    oneOf('source', values.source, ['auto', 'generic'] as const, 'auto');
    if (positionals.length === 0) throw new UsageError('name at least one file or folder to import');
    let mapping;
    if (values.mapping) {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(values.mapping, 'utf8'));
      } catch (e) {
        throw new UsageError(`--mapping ${values.mapping}: ${(e as Error).message}`);
      }
      const parsed = parseMapping(json, values.mapping);
      if (!parsed.value) throw new UsageError(parsed.errors.join('; '));
      mapping = parsed.value;
    }
    const files = expand(positionals);
    const db = await Database.open(dbPath(values.db));
    const allRejects: string[] = ['file,row,column,value,reason'];
    try {
      for (const file of files) {
        const summary = await importFile(db, file, { mapping, dryRun: values['dry-run'] });
        printSummary(summary);
        for (const r of summary.rejects) allRejects.push([summary.fileName, r.row, r.column, r.value, r.reason].map(csvCell).join(','));
      }
    } finally {
      db.close();
      if (values.rejects) writeFileSync(values.rejects, allRejects.join('\n') + '\n');
    }
    return 0;
  },
};
export default command;
