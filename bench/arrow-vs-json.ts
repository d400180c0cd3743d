/**
 * `tsx bench/arrow-vs-json.ts --db FILE [--out FILE]`: the per-ticket facts sent to the
 * browser as Arrow (what Explore loads) against the same rows as JSON: bytes and seconds to
 * produce each on the server, seconds to read each back in JavaScript, and the time from a
 * brush, and from a department click, to the recomputed figures (the browser's work,
 * measured here in Node on the same functions; the page's redraw is not included). Run on a database that
 * already holds the district (a `bench --keep` database, or `switchboard demo --db`).
 */
import { mkdtempSync, rmSync, statSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Database } from '#core/db/database.ts';
import { readSettings } from '#core/settings.ts';
import { ensureTicketFacts } from '#analysis/ticket-facts/ticket-facts.ts';
import { datasetByName, FACTS_DATASET } from '#analysis/export/datasets.ts';
import { describe, writeArrow } from '#analysis/export/write-export.ts';
import { columnsFromIpc, departmentRows, landingFlows, selectedRows, ticketsByWeek, type FactColumns, type Selection } from '#dashboard/app/src/lib/crossfilter/facts-columns.ts';
import { ownershipGaps } from '#dashboard/app/src/lib/crossfilter/ownership-gaps.ts';

export interface ArrowVsJson {
  tickets: number;
  load1: number;
  arrow: { bytes: number; writeSeconds: number; readSeconds: number };
  json: { bytes: number; writeSeconds: number; readSeconds: number };
  /** Median of 5 brushes over a quarter of the weeks: rows selected, departments table, flows and gaps recomputed. */
  brushRecomputeMs: number;
  /** Median of clicks on the 5 largest departments: rows selected, weekly chart, departments, flows and gaps. */
  departmentClickRecomputeMs: number;
}

/** Rows per piece of the JSON side. */
const JSON_ROWS = 100_000;

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

export async function measureArrowVsJson(dbPath: string): Promise<ArrowVsJson> {
  const db = await Database.open(dbPath);
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-arrow-bench-'));
  try {
    await ensureTicketFacts(db, await readSettings(db));
    const sql = datasetByName(FACTS_DATASET)!.sql!;
    const connection = await db.connect();
    const arrowPath = join(dir, 'facts.arrows');
    let t = process.hrtime.bigint();
    await writeArrow(connection, sql, await describe(connection, sql), arrowPath, 'stream');
    const arrowWrite = seconds(t);
    connection.closeSync();

    // The JSON is written in pieces of JSON_ROWS rows: a million facts as one JSON text is
    // longer than the longest string V8 holds (JSON.stringify threw "Invalid string length").
    t = process.hrtime.bigint();
    const jsonFiles: string[] = [];
    let jsonBytes = 0;
    for (let offset = 0; ; offset += JSON_ROWS) {
      const rows = await db.all(`SELECT * FROM (${sql}) LIMIT ${JSON_ROWS} OFFSET ${offset}`);
      if (rows.length === 0) break;
      const text = JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
      jsonBytes += Buffer.byteLength(text);
      jsonFiles.push(join(dir, `facts-${jsonFiles.length}.json`));
      writeFileSync(jsonFiles[jsonFiles.length - 1], text);
    }
    const jsonWrite = seconds(t);

    t = process.hrtime.bigint();
    const facts = columnsFromIpc(readFileSync(arrowPath));
    const arrowRead = seconds(t);
    t = process.hrtime.bigint();
    for (const f of jsonFiles) JSON.parse(readFileSync(f, 'utf8'));
    const jsonRead = seconds(t);

    const days = [...facts.day].filter((d) => !Number.isNaN(d)).sort((a, b) => a - b);
    const span = days[days.length - 1] - days[0];
    const figures = (selection: Selection, weeks: boolean) => {
      const rows = selectedRows(facts, selection);
      if (weeks) ticketsByWeek(facts, selectedRows(facts, { range: null, department: selection.department }));
      departmentRows(facts, rows);
      landingFlows(facts, rows);
      ownershipGaps(facts, rows);
    };
    const brushes: Selection[] = [];
    for (let i = 0; i < 5; i++) {
      const from = days[0] + (span * i) / 8;
      brushes.push({ range: { from, to: from + span / 4 }, department: null });
    }
    const clicks: Selection[] = largestDepartments(facts, 5).map((department) => ({ range: null, department }));
    const brushRecomputeMs = median(brushes.map((b) => timed(() => figures(b, false))));
    const departmentClickRecomputeMs = median(clicks.map((c) => timed(() => figures(c, true))));
    return {
      tickets: facts.length,
      load1: Math.round(loadavg()[0] * 10) / 10,
      arrow: { bytes: statSync(arrowPath).size, writeSeconds: round(arrowWrite), readSeconds: round(arrowRead) },
      json: { bytes: jsonBytes, writeSeconds: round(jsonWrite), readSeconds: round(jsonRead) },
      brushRecomputeMs,
      departmentClickRecomputeMs,
    };
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (x: number) => Math.round(x * 100) / 100;

function timed(work: () => void): number {
  const s = process.hrtime.bigint();
  work();
  return seconds(s) * 1000;
}

function median(ms: number[]): number {
  const sorted = [...ms].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)] * 10) / 10;
}

function largestDepartments(facts: FactColumns, n: number): string[] {
  const owned = new Map<string, number>();
  for (const o of facts.owner) if (o !== null) owned.set(o, (owned.get(o) ?? 0) + 1);
  return [...owned].sort((a, b) => b[1] - a[1]).slice(0, n).map(([d]) => d);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { db: { type: 'string' }, out: { type: 'string' } } });
  if (!values.db) throw new Error('--db FILE is required');
  const result = await measureArrowVsJson(values.db);
  const text = JSON.stringify(result, null, 2);
  if (values.out) writeFileSync(values.out, text + '\n');
  console.log(text);
}
