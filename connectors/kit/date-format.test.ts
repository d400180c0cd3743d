/**
 * The vendor kit's date-format choice (read-export.ts): ranked on a file's first rows,
 * counted on every value only when they leave several formats, and otherwise checked from
 * the rejects the vendor writes. The sample here is 2 rows so that a value "after the
 * sample" is the third row of a four-row table, or 1,500 rows for the first look at 1,000.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Database, type ConnectionQueries } from '#core/db/database.ts';
import { REJECTS_DDL } from '#ingest/normalised-rows.ts';
import { timestampSql } from '#core/timestamps.ts';
import { checkDateFormats, fileDateFormat, type DateFormatCheck } from './read-export.ts';

let db: Database | undefined;
afterEach(() => db?.close());

interface Outcome {
  format: string;
  checks: DateFormatCheck[];
  notes: string[];
  /** The statements that counted failures of a format on every value (no LIMIT). */
  fullCounts: number;
}

/** Stages `values` as the table `t` (`_row` 0, 1...), chooses its format on a 2-row sample, writes a vendor-style reject per value the format does not parse, then checks. */
async function choose(values: string[], sampleRows = 2): Promise<Outcome> {
  db = await Database.open(':memory:');
  return db.transaction(async (tx: ConnectionQueries) => {
    await tx.run(REJECTS_DDL);
    await tx.run(`CREATE TEMP TABLE t AS SELECT i::BIGINT AS _row, v AS opened_at FROM unnest($values) WITH ORDINALITY AS u(v, i)`, { values });
    await tx.run('UPDATE t SET _row = _row - 1');
    const notes: string[] = [];
    const checks: DateFormatCheck[] = [];
    let fullCounts = 0;
    const all = tx.all.bind(tx);
    tx.all = (async (sql: string, params?: never) => {
      if (sql.includes('FILTER (WHERE') && !sql.includes('LIMIT')) fullCounts += 1;
      return all(sql, params);
    }) as typeof tx.all;
    const format = await fileDateFormat(tx, { table: 't', columns: ['opened_at'], timeZone: 'America/Chicago', fileName: 'incidents.csv', notes, checks, sampleRows });
    tx.all = all;
    await tx.run(
      `INSERT INTO rejects SELECT _row, 'opened_at', opened_at, 'incidents.csv row ' || (_row + 2) || ': not a date' FROM t
       WHERE opened_at IS NOT NULL AND ${timestampSql('opened_at', format, '$tz')} IS NULL`,
      { tz: 'America/Chicago' },
    );
    await checkDateFormats(tx, checks, notes);
    return { format, checks, notes, fullCounts };
  });
}

describe('fileDateFormat and checkDateFormats', () => {
  it('takes the one format a clean sample leaves without counting every value, and counts the later bad value from its reject', async () => {
    const out = await choose(['2024-04-03 09:00:00', '2024-04-04 10:00:00', 'yesterday', '2024-04-05 11:00:00']);
    expect(out.format).toBe('iso');
    expect(out.fullCounts).toBe(0);
    expect(out.checks).toEqual([
      { table: 't', columns: ['opened_at'], format: 'iso', fileName: 'incidents.csv', timeZone: 'America/Chicago', rejectColumns: ['opened_at'], rowsOf: 't', perValue: false },
    ]);
    expect(out.notes).toEqual(["incidents.csv: dates values parse as 'iso'; 1 value(s) that do not fit it are rejected"]);
  });

  it('counts every value when the sample fits month-first and day-first, and a later 13/04/2024 decides day-first', async () => {
    const out = await choose(['03/04/2024 09:00', '04/04/2024 10:00', '13/04/2024 11:00', '05/04/2024 12:00']);
    expect(out.format).toBe('%d/%m/%Y %H:%M');
    expect(out.fullCounts).toBe(1);
    expect(out.checks).toEqual([]);
    expect(out.notes).toEqual(["incidents.csv: dates values parse as '%d/%m/%Y %H:%M'"]);
  });

  it('notes an all-ISO file with no rejects', async () => {
    const out = await choose(['2024-04-03T09:00:00Z', '2024-04-04 10:00:00', '2024-04-05 11:00:00+02:00']);
    expect(out.format).toBe('iso');
    expect(out.fullCounts).toBe(0);
    expect(out.notes).toEqual(["incidents.csv: dates values parse as 'iso'"]);
  });

  it('tries every format on the first 1,000 values and the one they leave on the rest of the sample', async () => {
    const iso = Array.from({ length: 1_500 }, (_, i) => `2024-04-${String((i % 28) + 1).padStart(2, '0')} 09:00:00`);
    const out = await choose(iso, 1_500);
    expect(out.format).toBe('iso');
    expect(out.fullCounts).toBe(0);
    expect(out.notes).toEqual(["incidents.csv: dates values parse as 'iso'"]);
  });

  it('ranks every format on the whole sample when the one the first 1,000 leave fails on a later sampled value', async () => {
    const values = Array.from({ length: 1_500 }, (_, i) => (i === 1_200 ? '13/04/2024 09:00' : `2024-04-${String((i % 28) + 1).padStart(2, '0')} 09:00:00`));
    const out = await choose(values, 1_500);
    expect(out.format).toBe('iso');
    expect(out.checks).toEqual([]);
    expect(out.fullCounts).toBe(1);
    expect(out.notes).toEqual(["incidents.csv: dates values parse as 'iso'; 1 value(s) that do not fit it are rejected"]);
  });

  it('refuses a file whose values after a clean sample mostly do not parse', async () => {
    await expect(choose(['2024-04-03 09:00:00', '2024-04-04 10:00:00', 'soon', 'later', 'never'])).rejects.toThrow(
      "incidents.csv: no known date format parses most values; the closest, 'iso', fails on 3 of 5. Set dateFormat (for example \"%d/%m/%Y %H:%M\")",
    );
  });
});
