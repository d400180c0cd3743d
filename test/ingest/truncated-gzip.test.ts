/**
 * Gzip exports cut off in their last row, or in their compressed bytes. DuckDB reads a
 * .gz itself, so the check reads the decompressed stream's tail: past the 256 KB sample
 * (8,000 rows of about 40 bytes) as well as within it.
 */
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import { findCutOffLastRow, gzipTail, TAIL_BYTES } from '#file-input/truncated-row.ts';
import { writeTemp } from '../helpers/event-log.ts';

const H = 'ticket_id,created_at,group,subject\n';
const rows = (n: number) => Array.from({ length: n }, (_, i) => `H${i + 1},2024-08-19 08:00:00,Desk,Laptop ${i + 1}\n`).join('');
const CUT_REASON = 'the file looks truncated: the last row has 2 of 4 columns and no line break after it; export the file again';

let db: Database;
beforeEach(async () => {
  db = await Database.open(':memory:');
});
afterEach(() => db.close());

const counts = async () =>
  (await db.all<{ t: number; failed: number }>(
    "SELECT (SELECT count(*) FROM tickets)::INTEGER t, (SELECT count(*) FROM imports WHERE status = 'failed')::INTEGER failed",
  ))[0];

describe('a gzip CSV cut off in its last row', () => {
  it.each([
    ['within the sample', 3],
    ['past the sample', 8000],
  ])('%s: the cut row is rejected, the %i rows before it imported', async (_label, n) => {
    const text = H + rows(n) + `H${n + 1},2024-08-2`;
    const s = await importFile(db, writeTemp('cut-row.csv.gz', gzipSync(text)));
    expect([s.connector, s.ticketsImported, s.rowsRejected]).toEqual(['generic', n, 1]);
    // Header on line 1, so the n+1th data row is line n+2.
    expect(s.rejects).toEqual([{ row: n + 2, column: 'created_at', value: '2024-08-2', reason: CUT_REASON }]);
    expect(s.notes).toContain('decompressed to a plain copy: the last row looks cut off (2 of 4 columns)');
  });

  it('imports a complete last row without a line break, read straight from the gzip', async () => {
    const s = await importFile(db, writeTemp('no-final-newline.csv.gz', gzipSync(H + rows(8000) + 'H8001,2024-08-19 08:00:00,,')));
    expect([s.ticketsImported, s.rowsRejected]).toEqual([8001, 0]);
    expect(s.notes.some((n) => n.startsWith('decompressed to a plain copy'))).toBe(false);
  });
});

describe('a gzip cut off in its compressed bytes past the sample', () => {
  it('is refused by name and reason, the database untouched', async () => {
    const gz = gzipSync(H + rows(20000));
    await expect(importFile(db, writeTemp('cut-stream.csv.gz', gz.subarray(0, gz.length - 100)))).rejects.toThrow(
      /^cut-stream\.csv\.gz: is not a complete gzip file \(unexpected end of file\); compress or download it again$/,
    );
    expect(await counts()).toEqual({ t: 0, failed: 1 });
  });
});

describe('reading tails', () => {
  it('keeps exactly the last 64 KB of the decompressed stream', async () => {
    const text = H + rows(8000);
    const tail = await gzipTail(writeTemp('tail.csv.gz', gzipSync(text)));
    expect(tail.length).toBe(TAIL_BYTES);
    expect(tail.toString('utf8')).toBe(text.slice(text.length - TAIL_BYTES));
  });

  it('never judges compressed bytes as text', () => {
    // Stored (level 0) gzip keeps the text as it is, then an 8-byte trailer: read as text,
    // that trailer would look like a cut-off last row of one field.
    const path = writeTemp('stored.csv.gz', gzipSync(H + rows(8000), { level: 0 }));
    expect(findCutOffLastRow(path, ',', 4)).toBeUndefined();
  });
});
