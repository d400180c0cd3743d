/**
 * `switchboard ingest`: export files (or zips of them) into a database, each file all or
 * nothing. On a terminal a progress bar runs on stderr; otherwise only the final summary
 * is printed, so logs stay readable.
 */
import { ticketFactsDerived } from '#analysis/ticket-facts/ticket-facts.ts';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dbPath, parse, UsageError } from '../args.ts';
import { Database } from '#core/db/database.ts';
import type { ImportProgress, ImportSummary, RejectedRow } from '#ingest/import-file.ts';
import { importPath } from '#ingest/import-path.ts';
import { parseMapping } from '#connectors/generic/mapping.ts';
import { parseFieldAnswers } from '#connectors/generic/saved-mappings.ts';
import { isAmbiguousColumnsError } from '#connectors/generic/ambiguous.ts';
import { CONNECTORS } from '#connectors/registry.ts';
import { csvCell } from '#analysis/report/report.ts';
import type { Command } from '../main.ts';

const usage = `Usage: switchboard ingest <file|folder...> [--db FILE] [--source auto|NAME] [--mapping FILE] [--field NAME=COLUMN]... [--rejects FILE] [--dry-run]

Imports ticket exports: CSV or JSON, UTF-8, UTF-16 or Windows-1252, plain, .gz or .zip
(each file in a zip is its own import). Each file is one import: all of its rows land or
none do, and a file imported before (same bytes, same connector) changes nothing.
  --db FILE        database file (default: $SWITCHBOARD_DB or data/switchboard.duckdb)
  --source NAME    the connector: auto (default: detected from the file) or a name
  --mapping FILE   a JSON mapping of fields to columns for the generic connector (see docs/connectors.md)
  --field F=COLUMN answer a question the detection asked (repeatable): event_at=Changed, group=Category;
                   F= (empty) says the file has no such column. Saved for files with the same columns.
When the detection is unsure it imports nothing, prints one line per field and exits with status 2.
  --rejects FILE   write every rejected row (file, row, column, value, reason) to this CSV
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
      for (const f of readdirSync(p).sort()) if (/\.(csv|tsv|txt|json|jsonl|ndjson|gz|zip)$/i.test(f)) files.push(join(p, f));
    } else files.push(p);
  }
  return files;
}

/** Rejected rows grouped by column and reason, most frequent first, with sample rows. */
export function groupRejects(rejects: RejectedRow[], samples = 3): { column: string; reason: string; count: number; rows: RejectedRow[] }[] {
  const groups = new Map<string, { column: string; reason: string; count: number; rows: RejectedRow[] }>();
  for (const r of rejects) {
    const key = `${r.column}\u0000${r.reason}`;
    const g = groups.get(key) ?? { column: r.column, reason: r.reason, count: 0, rows: [] };
    g.count++;
    if (g.rows.length < samples) g.rows.push(r);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

export function formatSummary(s: ImportSummary): string {
  const lines = [
    `${s.fileName}: ${s.status}${s.importId !== null ? ` (import ${s.importId})` : ''}, source ${s.source}, connector ${s.connectorReason}`,
    `  rows read ${s.rowsRead}, tickets ${s.ticketsImported} (${s.ticketsNew} new), events ${s.eventsImported}, rows rejected ${s.rowsRejected}`,
  ];
  for (const g of groupRejects(s.rejects)) {
    lines.push(`  rejected ${g.count} x column '${g.column}': ${g.reason}`);
    lines.push(`    e.g. ${g.rows.map((r) => `row ${r.row} '${r.value ?? ''}'`).join(', ')}`);
  }
  for (const n of s.notes) if (!n.startsWith('connector ')) lines.push(`  note: ${n}`);
  if (s.ticketFactsRecomputed !== undefined) lines.push(`  per-ticket facts recomputed for ${s.ticketFactsRecomputed} tickets`);
  const phases = Object.entries(s.phaseSeconds ?? {});
  if (phases.length) lines.push(`  time: ${phases.map(([phase, sec]) => `${phase} ${sec} s`).join(', ')}`);
  return lines.join('\n');
}

function progressBar(stream: NodeJS.WriteStream): (p: ImportProgress) => void {
  let last = '';
  return (p) => {
    const width = 30;
    const filled = p.percent === null ? 0 : Math.round((p.percent / 100) * width);
    const bar = p.percent === null ? ' '.repeat(width) : '#'.repeat(filled) + '.'.repeat(width - filled);
    const line = p.phase === 'done' ? '' : `${p.fileName.slice(-40)} ${p.phase.padEnd(10)} [${bar}]${p.percent === null ? '' : ` ${p.percent.toFixed(0)}%`}`;
    if (line === last) return;
    last = line;
    stream.write(`\r\u001b[2K${line}`);
  };
}

const command: Command = {
  summary: 'import ticket export files into a database',
  usage,
  async run(args) {
    const { values, positionals } = parse(
      args,
      {
        db: { type: 'string' }, source: { type: 'string' }, mapping: { type: 'string' }, field: { type: 'string', multiple: true },
        rejects: { type: 'string' }, 'dry-run': { type: 'boolean' },
      },
      true,
    );
    const names = ['auto', ...CONNECTORS.map((c) => c.name)];
    if (values.source !== undefined && !names.includes(values.source)) {
      throw new UsageError(`--source must be one of ${names.join(', ')}, got '${values.source}'`);
    }
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
    let answers;
    if (values.field?.length) {
      if (mapping) throw new UsageError('give either --mapping or --field, not both');
      const parsed = parseFieldAnswers(values.field);
      if (!parsed.value) throw new UsageError(parsed.errors.join('; '));
      answers = parsed.value;
    }
    const files = expand(positionals);
    const db = await Database.open(dbPath(values.db));
    const allRejects: string[] = ['file,row,column,value,reason'];
    const onProgress = process.stderr.isTTY ? progressBar(process.stderr) : undefined;
    let failed = 0;
    let asked = 0;
    // Ctrl-C: the running import is interrupted and rolls back, its stop is recorded in the
    // history, and the files after it are not started.
    const stop = new AbortController();
    const onStop = () => {
      stop.abort();
      void db.interruptRunning();
    };
    process.once('SIGINT', onStop);
    process.once('SIGTERM', onStop);
    try {
      for (const file of files) {
        if (stop.signal.aborted) break;
        const outcomes = await importPath(db, file, { mapping, answers, source: values.source, dryRun: values['dry-run'], onProgress, derived: ticketFactsDerived, signal: stop.signal });
        for (const o of outcomes) {
          if (onProgress) process.stderr.write('\r\u001b[2K');
          if (o.error && isAmbiguousColumnsError(o.error)) {
            // The question, one line per field; nothing was imported.
            asked++;
            console.error(`${o.fileName}: not imported: not sure which column holds ${o.error.questions.length === 1 ? 'this field' : 'these fields'}:`);
            for (const q of o.error.questions) console.error(`  ${q.text}`);
            continue;
          }
          if (o.error) {
            failed++;
            console.error(`${o.fileName}: failed: ${o.error.message}`);
            continue;
          }
          const s = o.summary!;
          console.error(formatSummary(s));
          for (const r of s.rejects) allRejects.push([s.fileName, r.row, r.column, r.value, r.reason].map(csvCell).join(','));
        }
      }
    } finally {
      process.off('SIGINT', onStop);
      process.off('SIGTERM', onStop);
      await db.close();
      if (values.rejects) writeFileSync(values.rejects, allRejects.join('\n') + '\n');
    }
    // 130: stopped by Ctrl-C, as shells report it; 2: a question to answer with --field (and nothing else failed).
    return stop.signal.aborted ? 130 : failed ? 1 : asked ? 2 : 0;
  },
};
export default command;
