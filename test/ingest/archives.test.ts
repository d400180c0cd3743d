import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { importPath } from '#ingest/import-path.ts';
import { importFile } from '#ingest/import-file.ts';
import { previewFile } from '#ingest/preview.ts';
import { unsafeEntryName } from '#file-input/zip.ts';
import { eventLogCsv, pathEvents, writeTemp } from '../helpers/event-log.ts';
import { buildZip } from './helpers/zip.ts';

let db: Database;
beforeEach(async () => {
  db = await Database.open(':memory:');
});
afterEach(() => db.close());

const counts = async () =>
  (await db.all<{ t: number; e: number; ok: number; failed: number }>(
    `SELECT (SELECT count(*) FROM tickets)::INTEGER t, (SELECT count(*) FROM ticket_events)::INTEGER e,
       (SELECT count(*) FROM imports WHERE status = 'succeeded')::INTEGER ok, (SELECT count(*) FROM imports WHERE status = 'failed')::INTEGER failed`,
  ))[0];

const a = eventLogCsv(pathEvents('T1', ['Desk', 'Payroll Team']));
const b = eventLogCsv(pathEvents('T2', ['Desk']));

describe('zip archives', () => {
  it('imports each file in a zip as its own import and skips what is not an export', async () => {
    const zip = buildZip([
      { name: 'exports/', data: '' },
      { name: 'exports/a.csv', data: a, deflate: true },
      { name: 'exports/b.csv', data: b },
      { name: 'README.md', data: 'not data' },
    ]);
    const outcomes = await importPath(db, writeTemp('exports.zip', zip));
    expect(outcomes.map((o) => [o.fileName, o.summary?.ticketsImported, o.summary?.eventsImported])).toEqual([
      ['exports.zip:exports/a.csv', 1, 2],
      ['exports.zip:exports/b.csv', 1, 1],
    ]);
    expect(await counts()).toEqual({ t: 2, e: 3, ok: 2, failed: 0 });
  });

  it.each([
    ['../escape.csv', /entry '\.\.\/escape\.csv' climbs out of the folder/],
    ['/etc/cron.d/x.csv', /entry '\/etc\/cron\.d\/x\.csv' is an absolute path/],
    ['ok/../../x.csv', /climbs out of the folder/],
    ['C:/x.csv', /is an absolute path/],
    ['..\\x.csv', /uses backslashes/],
  ])('refuses the whole archive when an entry is named %s', async (name, message) => {
    const zip = buildZip([{ name: 'good.csv', data: a }, { name, data: b }]);
    const [outcome] = await importPath(db, writeTemp('evil.zip', zip));
    expect(outcome.error?.message).toMatch(/^evil\.zip: /);
    expect(outcome.error?.message).toMatch(message);
    expect(await counts()).toEqual({ t: 0, e: 0, ok: 0, failed: 1 });
  });

  it('keeps safe names', () => {
    expect(unsafeEntryName('exports/2024/a..b.csv')).toBeUndefined();
  });

  it('refuses a zip bomb by compression ratio, total size and entry count', async () => {
    const zeros = Buffer.alloc(20 * 1024 * 1024, 0x30);
    const bomb = buildZip([{ name: 'bomb.csv', data: zeros, deflate: true }]);
    const [ratio] = await importPath(db, writeTemp('bomb.zip', bomb));
    expect(ratio.error?.message).toMatch(/bomb\.zip: entry 'bomb\.csv' expands \d+ times \(more than 200\); this looks like a zip bomb/);
    const limits = { maxEntries: 2, maxTotalBytes: 100, maxRatio: 200, ratioFloorBytes: 1024 * 1024 };
    const [big] = await importPath(db, writeTemp('big.zip', buildZip([{ name: 'a.csv', data: a }])), { zipLimits: limits });
    expect(big.error?.message).toMatch(/big\.zip: would unpack to more than 100 bytes/);
    const many = buildZip([{ name: '1.csv', data: 'x' }, { name: '2.csv', data: 'x' }, { name: '3.csv', data: 'x' }]);
    const [entries] = await importPath(db, writeTemp('many.zip', many), { zipLimits: limits });
    expect(entries.error?.message).toMatch(/many\.zip: holds 3 entries, more than the 2 allowed/);
    expect(await counts()).toEqual({ t: 0, e: 0, ok: 0, failed: 3 });
  });

  it('refuses a truncated zip', async () => {
    const zip = buildZip([{ name: 'a.csv', data: a }]);
    const [outcome] = await importPath(db, writeTemp('cut.zip', zip.subarray(0, zip.length - 30)));
    expect(outcome.error?.message).toMatch(/cut\.zip: is not a complete zip archive/);
    expect(await counts()).toEqual({ t: 0, e: 0, ok: 0, failed: 1 });
  });
});

describe('refusals', () => {
  it.each([
    ['tickets.json', JSON.stringify({ fruit: [{ name: 'apple', colour: 'red' }] }), /tickets\.json: is not a ticket export any connector recognises \(its top-level keys are fruit\)/],
    ['broken.json', '{"tickets": [', /broken\.json: starts like JSON but is not valid JSON/],
    ['photo.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]), /photo\.jpg: is a binary file/],
    ['cut.csv.gz', gzipSync(Buffer.from(a)).subarray(0, 20), /cut\.csv\.gz: is not a complete gzip file/],
  ])('refuses %s by name and reason, the database untouched', async (name, content, message) => {
    await expect(importFile(db, writeTemp(name, content))).rejects.toThrow(message);
    expect(await counts()).toEqual({ t: 0, e: 0, ok: 0, failed: 1 });
  });

  it('refuses an unknown source name', async () => {
    await expect(importFile(db, writeTemp('a.csv', a), { source: 'nosuch' })).rejects.toThrow(/a\.csv: there is no connector named 'nosuch'; use auto or one of generic/);
  });
});

describe('previewFile', () => {
  it('shows the connector, the column matches, the first rows and the date format, writing nothing', async () => {
    const text = 'Case ID;Opened;Team;Title\n' + Array.from({ length: 25 }, (_, i) => `C${i + 1};${String((i % 28) + 1).padStart(2, '0')}/08/2024 09:00;Desk;Printer ${i + 1}`).join('\n') + '\n';
    const preview = await previewFile(writeTemp('cases.csv', text));
    expect(preview).toMatchObject({
      fileName: 'cases.csv', connector: 'generic', format: 'csv', encoding: 'utf-8', delimiter: ';',
      headers: ['Case ID', 'Opened', 'Team', 'Title'], dateFormat: '%d/%m/%Y %H:%M',
    });
    expect(preview.reason).toMatch(/^generic: columns named like ticket_id, group, created_at, subject \(detected\)$/);
    expect(preview.columnMatches.map((m) => [m.field, m.column])).toEqual([['ticket_id', 'Case ID'], ['group', 'Team'], ['created_at', 'Opened'], ['subject', 'Title']]);
    expect(preview.rows).toHaveLength(20);
    expect(preview.rows[0]).toEqual(['C1', '01/08/2024 09:00', 'Desk', 'Printer 1']);
  });
});
