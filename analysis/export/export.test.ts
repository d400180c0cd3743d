import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { arrowReadySelect } from '#core/arrow/duckdb-to-arrow.ts';
import { importFile } from '#ingest/import-file.ts';
import { xlsxToCsv } from '#file-input/xlsx/xlsx-to-csv.ts';
import { eventLogCsv, pathEvents, writeTemp } from '#test/helpers/event-log.ts';
import { ticketFactsDerived } from '../ticket-facts/ticket-facts.ts';
import { CANONICAL_TABLES, DATASETS } from './datasets.ts';
import { COLUMN_MEANINGS } from './dictionary.ts';
import { ExportError, exportDatasets } from './write-export.ts';

const out = () => mkdtempSync(join(tmpdir(), 'switchboard-export-test-'));
let db: Database;

// Three tickets a person can follow: T1 Desk > Payroll Team (1 hop), T2 Payroll Team,
// T3 Desk > Payroll Team > Desk (2 hops, ping-pong). Six assignment events in all. One
// ownership gap: the three tickets' (empty) request type has no declared owner and T1 is misrouted.
beforeAll(async () => {
  db = await Database.open(':memory:');
  await db.run("INSERT INTO group_departments VALUES ('Desk', 'Technology'), ('Payroll Team', 'Payroll')");
  const rows = [...pathEvents('T1', ['Desk', 'Payroll Team']), ...pathEvents('T2', ['Payroll Team']), ...pathEvents('T3', ['Desk', 'Payroll Team', 'Desk'])];
  await importFile(db, writeTemp('export.csv', eventLogCsv(rows)), { derived: ticketFactsDerived });
});
afterAll(() => db.close());

describe('exports', () => {
  it('brings each column to an Arrow-ready type in SQL', () => {
    expect(arrowReadySelect([
      { name: 'n', type: 'BIGINT' }, { name: 'at', type: 'TIMESTAMP WITH TIME ZONE' }, { name: 'day', type: 'DATE' },
      { name: 'ok', type: 'BOOLEAN' }, { name: 'path', type: 'VARCHAR[]' }, { name: 'name', type: 'VARCHAR' },
    ])).toMatchInlineSnapshot(`""n"::DOUBLE AS "n", epoch_ms("at")::DOUBLE AS "at", ("day" - DATE '1970-01-01')::INTEGER AS "day", "ok", to_json("path")::VARCHAR AS "path", "name""`);
  });

  it('writes Parquet that reads back equal to the tables, with a manifest and a dictionary', async () => {
    const dir = out();
    const manifest = await exportDatasets(db, dir, { format: 'parquet' });
    expect(manifest.datasets.map((d) => [d.dataset, d.rows])).toEqual([
      ['imports', 1], ['tickets', 3], ['ticket_events', 6], ['groups', 2], ['departments', 0], ['group_departments', 2],
      ['request_type_owners', 0], ['ticket_facts', 3], ['report_departments', 2], ['report_ownership_gaps', 1],
      ['report_answer_gaps', 0], ['report_trends_week', 1], ['report_trends_month', 1],
    ]);
    for (const table of CANONICAL_TABLES) {
      const path = join(dir, `${table}.parquet`);
      const [{ n }] = await db.all<{ n: number }>(
        `SELECT count(*)::INTEGER AS n FROM ((SELECT * FROM main.${table} EXCEPT ALL SELECT * FROM read_parquet($1))
         UNION ALL (SELECT * FROM read_parquet($1) EXCEPT ALL SELECT * FROM main.${table}))`, [path]);
      expect(n, table).toBe(0);
    }
    const facts = await db.all<{ ticket_id: string; hops: number; ping_pong: boolean }>(
      'SELECT ticket_id, hops, ping_pong FROM read_parquet($1) ORDER BY ticket_id', [join(dir, 'ticket_facts.parquet')]);
    expect(facts).toEqual([{ ticket_id: 'T1', hops: 1, ping_pong: false }, { ticket_id: 'T2', hops: 0, ping_pong: false }, { ticket_id: 'T3', hops: 2, ping_pong: true }]);
    const dictionary = readFileSync(join(dir, 'data-dictionary.csv'), 'utf8').split('\n');
    expect(dictionary[0]).toBe('dataset,column,type,meaning');
    expect(dictionary).toContain('ticket_facts,hops,INTEGER,group changes (path length - 1)');
  });

  it('writes Arrow IPC files with instants in UTC and counts as numbers', async () => {
    const dir = out();
    await exportDatasets(db, dir, { format: 'arrow', datasets: ['ticket_events', 'ticket_facts'] });
    const events = tableFromIPC(readFileSync(join(dir, 'ticket_events.arrow')));
    expect(events.numRows).toBe(6);
    const first = events.get(0)!.toJSON();
    expect(first.ticket_id).toBe('T1');
    expect(new Date(first.occurred_at as number).toISOString()).toBe('2024-08-19T13:00:00.000Z');
    const facts = tableFromIPC(readFileSync(join(dir, 'ticket_facts.arrow')));
    expect(facts.getChild('hops')!.toArray()).toEqual(new Float64Array([1, 0, 2]));
    expect(facts.getChild('group_path')!.get(2)).toBe('["Desk","Payroll Team","Desk"]');
  });

  it('writes XLSX whose first sheet holds the rows, read back with our own workbook reader', async () => {
    const dir = out();
    await exportDatasets(db, dir, { format: 'xlsx', datasets: ['tickets'] });
    const csv = join(dir, 'tickets.csv');
    const sheet = await xlsxToCsv(join(dir, 'tickets.xlsx'), csv);
    expect(sheet.sheetName).toBe('tickets');
    const lines = readFileSync(csv, 'utf8').trim().split(/\r?\n/);
    expect(lines).toHaveLength(4);
    expect(lines[0].split(',').slice(0, 4)).toEqual(['source', 'ticket_id', 'import_id', 'created_at']);
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(['T1', 'T2', 'T3']);
  });

  it('refuses a folder that is not empty and a dataset it does not know', async () => {
    const dir = out();
    await exportDatasets(db, dir, { format: 'csv', datasets: ['groups'] });
    await expect(exportDatasets(db, dir, { format: 'csv' })).rejects.toThrow(ExportError);
    await expect(exportDatasets(db, out(), { format: 'csv', datasets: ['settings'] })).rejects.toThrow(/no dataset named settings/);
  });

  it('explains every column of every table and of the facts in the dictionary', async () => {
    for (const d of DATASETS.filter((x) => x.kind !== 'report')) {
      const columns = await db.all<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE ${d.sql})`);
      const undocumented = columns.map((c) => c.column_name).filter((c) => !COLUMN_MEANINGS[d.name]?.[c]);
      expect(undocumented, d.name).toEqual([]);
    }
  });
});
