/**
 * A file cut off in its last row is told from a last row that is merely short of a line
 * break, or whose trailing columns are empty.
 */
import { describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import { cutOffLastRow } from '#file-input/truncated-row.ts';
import { writeTemp } from '../helpers/event-log.ts';

const H = 'ticket_id,created_at,group,subject\n';

describe('cutOffLastRow', () => {
  it.each([
    ['cut mid-date', H + 'H1,2024-08-19 08:00:00,Desk,Laptop\nH2,2024-08-2', { fields: 2, expected: 4, lastValue: '2024-08-2' }],
    ['cut after a delimiter', H + 'H1,2024-08-19 08:00:00,Desk,Laptop\nH2,2024-08-20 09:00:00,', { fields: 3, expected: 4, lastValue: '' }],
    ['cut inside a quoted value that closes', H + 'H1,2024-08-19 08:00:00,"Desk, north"', { fields: 3, expected: 4, lastValue: 'Desk, north' }],
  ])('%s: a reject', (_label, tail, verdict) => {
    expect(cutOffLastRow(tail, ',', 4)).toEqual(verdict);
  });

  it.each([
    ['ends with a line break', H + 'H1,2024-08-2\n'],
    ['ends with CR', H + 'H1,2024-08-2\r'],
    ['a full last row without a line break', H + 'H1,2024-08-19 08:00:00,Desk,Laptop'],
    ['empty trailing columns without a line break', H + 'H1,2024-08-19 08:00:00,,'],
    ['the end of a quoted multi-line value', H + 'H1,2024-08-19 08:00:00,Desk,"two\nlines"'],
    ['one long line', 'H1,2024-08-2'],
  ])('%s: no verdict', (_label, tail) => {
    expect(cutOffLastRow(tail, ',', 4)).toBeUndefined();
  });

  it('splits on the file delimiter', () => {
    expect(cutOffLastRow('a;b;c\n1;2', ';', 3)).toEqual({ fields: 2, expected: 3, lastValue: '2' });
    expect(cutOffLastRow('a;b;c\n1,2,3;4', ';', 3)).toEqual({ fields: 2, expected: 3, lastValue: '4' });
  });
});

describe('importing a last row without a line break', () => {
  it('imports a complete one, empty trailing columns included', async () => {
    const db = await Database.open(':memory:');
    try {
      const path = writeTemp('no-final-newline.csv', H + 'H1,2024-08-19 08:00:00,Desk,Laptop\nH2,2024-08-20 09:00:00,,');
      const s = await importFile(db, path);
      expect([s.ticketsImported, s.rowsRejected]).toEqual([2, 0]);
      expect(await db.all('SELECT ticket_id, subject FROM tickets ORDER BY 1')).toEqual([{ ticket_id: 'H1', subject: 'Laptop' }, { ticket_id: 'H2', subject: null }]);
    } finally {
      db.close();
    }
  });
});
