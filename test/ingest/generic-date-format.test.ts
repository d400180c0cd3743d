/**
 * How the generic connector decides a file's date format: ranked on the file's first
 * 20,000 rows, then held to every value. A file whose first rows fit two formats is
 * decided on all of its rows; a format that fits the first rows but not most of the file
 * is refused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import type { ImportError } from '#core/errors.ts';
import { writeTemp } from '../helpers/event-log.ts';

let db: Database;
beforeEach(async () => {
  db = await Database.open(':memory:');
});
afterEach(() => db.close());

/** One ticket per row: id T<n>, created at `created(n)`, assigned to IT Service Desk. */
function ticketList(rows: number, created: (n: number) => string): string {
  const lines = ['ticket_id,created_at,group'];
  for (let n = 1; n <= rows; n++) lines.push(`T${n},${created(n)},IT Service Desk`);
  return lines.join('\n') + '\n';
}

const createdAt = async (id: string) =>
  (await db.all<{ at: Date }>('SELECT created_at AS at FROM tickets WHERE ticket_id = $1', [id]))[0].at.toISOString();

describe('the generic connector decides the date format', () => {
  it('on every row when the first 20,000 fit both month-first and day-first', async () => {
    // Rows 1-20,000 say 01/02/2024 (1 Feb or 2 Jan); the last 10 say 25/03/2024, which only day-first reads.
    const csv = ticketList(20_010, (n) => (n <= 20_000 ? '01/02/2024 09:00' : '25/03/2024 09:00'));
    const summary = await importFile(db, writeTemp('day-first.csv', csv));
    expect(summary).toMatchObject({ status: 'succeeded', ticketsImported: 20_010, rowsRejected: 0 });
    expect(summary.notes).toContain("dates: values parse as '%d/%m/%Y %H:%M'");
    // 1 February, 09:00 in Chicago (CST, UTC-6).
    expect(await createdAt('T1')).toBe('2024-02-01T15:00:00.000Z');
    // 25 March, 09:00 in Chicago (CDT, UTC-5).
    expect(await createdAt('T20010')).toBe('2024-03-25T14:00:00.000Z');
  });

  it('says so when every value fits both, and reads them month-first', async () => {
    const csv = ticketList(3, (n) => `0${n}/02/2024 09:00`);
    const summary = await importFile(db, writeTemp('ambiguous.csv', csv));
    expect(summary.notes).toContain(
      "dates: the values fit both month-first and day-first; chose '%m/%d/%Y %H:%M' (set dateFormat to '%d/%m/%Y %H:%M' if days come first)",
    );
    // 2 March (month-first), 09:00 CST.
    expect(await createdAt('T3')).toBe('2024-03-02T15:00:00.000Z');
  });

  it('rejects the later values the first rows\' format does not read, by row', async () => {
    const csv = ticketList(20_003, (n) => (n <= 20_001 ? '2024-08-19T13:00:00Z' : '19.08.2024 13:00'));
    const summary = await importFile(db, writeTemp('later.csv', csv));
    expect(summary).toMatchObject({ ticketsImported: 20_001, rowsRejected: 2 });
    expect(summary.notes).toContain("dates: values parse as 'iso'; 2 value(s) that do not fit it are rejected");
    // The header is row 1: ticket T20002 is on row 20,003.
    expect(summary.rejects.map((r) => [r.row, r.column, r.value])).toEqual([
      [20_003, 'created_at', '19.08.2024 13:00'],
      [20_004, 'created_at', '19.08.2024 13:00'],
    ]);
  });

  it('refuses the file when the first rows\' format fails on most of it', async () => {
    const csv = ticketList(50_000, (n) => (n <= 20_000 ? '2024-08-19T13:00:00Z' : 'yesterday'));
    const failure = await importFile(db, writeTemp('mostly-bad.csv', csv)).catch((e: ImportError) => e);
    expect(failure).toMatchObject({ code: 'SB_ERR_DATE_FORMAT' });
    expect((failure as Error).message).toContain("no known date format parses most values; the closest, 'iso', fails on 30000 of 50000");
    const [{ n }] = await db.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM tickets');
    expect(n).toBe(0);
  });
});
