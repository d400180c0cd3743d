import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import { detectEncoding } from '#file-input/encoding.ts';
import { sniffCsv } from '#file-input/dialect.ts';
import { writeTemp } from '../helpers/event-log.ts';

let db: Database;
beforeEach(async () => {
  db = await Database.open(':memory:');
});
afterEach(() => db.close());

/** Two tickets; T1's subject holds accents, a euro sign, a quoted delimiter and a quoted newline. */
function table(delimiter: string, eol: string): string {
  const q = (v: string) => `"${v.replaceAll('"', '""')}"`;
  return [
    ['ticket_id', 'created_at', 'group', 'subject'].join(delimiter),
    ['T1', '2024-08-19 08:00:00', 'IT Service Desk', q(`Café ${delimiter} €5 "fee"${eol}second line`)].join(delimiter),
    ['T2', '2024-08-20 09:30:00', 'Payroll Team', 'Überstunden'].join(delimiter),
  ].join(eol) + eol;
}

const stored = () =>
  db.all<{ ticket_id: string; subject: string; created_at: Date; group_after: string }>(
    `SELECT t.ticket_id, t.subject, t.created_at, e.group_after FROM tickets t JOIN ticket_events e USING (source, ticket_id) ORDER BY ticket_id`,
  );

describe('encodings and dialects', () => {
  const cases: [string, string, string, (text: string) => Buffer][] = [
    ['UTF-8, comma, LF', ',', '\n', (t) => Buffer.from(t, 'utf8')],
    ['UTF-8 with BOM, semicolon, CRLF', ';', '\r\n', (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')])],
    ['UTF-16 LE with BOM, tab, CRLF (Excel "Unicode text")', '\t', '\r\n', (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(t, 'utf-16le')])],
    ['UTF-16 BE with BOM, tab, LF', '\t', '\n', (t) => Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(t, 'utf-16be')])],
    ['UTF-16 LE without a BOM, comma, CRLF', ',', '\r\n', (t) => iconv.encode(t, 'utf-16le')],
    ['UTF-16 BE without a BOM, semicolon, LF', ';', '\n', (t) => iconv.encode(t, 'utf-16be')],
    ['Windows-1252, pipe, CRLF', '|', '\r\n', (t) => iconv.encode(t, 'windows-1252')],
    ['gzip UTF-8, comma, CRLF', ',', '\r\n', (t) => gzipSync(Buffer.from(t, 'utf8'))],
    ['gzip Windows-1252, semicolon, LF', ';', '\n', (t) => gzipSync(iconv.encode(t, 'windows-1252'))],
  ];
  it.each(cases)('%s', async (label, delimiter, eol, encode) => {
    const name = label.startsWith('gzip') ? 'export.csv.gz' : 'export.csv';
    const summary = await importFile(db, writeTemp(name, encode(table(delimiter, eol))));
    expect(summary).toMatchObject({ status: 'succeeded', rowsRead: 2, ticketsImported: 2, eventsImported: 2, rowsRejected: 0 });
    const rows = await stored();
    expect(rows.map((r) => [r.ticket_id, r.subject, r.group_after])).toEqual([
      ['T1', `Café ${delimiter} €5 "fee"${eol}second line`, 'IT Service Desk'],
      ['T2', 'Überstunden', 'Payroll Team'],
    ]);
    // 08:00 wall clock in Chicago (CDT, UTC-5).
    expect(rows[0].created_at.toISOString()).toBe('2024-08-19T13:00:00.000Z');
    const label2 = delimiter === '\t' ? 'tab' : `'${delimiter}'`;
    expect(summary.notes.some((n) => n.startsWith(`delimiter ${label2}: 4 columns`))).toBe(true);
  });

  it('names the encoding it detected', () => {
    expect(detectEncoding(Buffer.from('a,b\n', 'utf8'), true).encoding).toBe('utf-8');
    expect(detectEncoding(Buffer.from([0x61, 0x80, 0x0a]), true).encoding).toBe('windows-1252');
    expect(detectEncoding(iconv.encode('ticket_id\tcreated\n', 'utf-16le'), true).encoding).toBe('utf-16le');
    expect(detectEncoding(iconv.encode('ticket_id\tcreated\n', 'utf-16be'), true).encoding).toBe('utf-16be');
    expect(detectEncoding(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2]), true).encoding).toBeUndefined();
    // A sample cut inside 'é' (0xc3 0xa9) is still UTF-8.
    expect(detectEncoding(Buffer.from([0x61, 0x2c, 0xc3]), false).encoding).toBe('utf-8');
    expect(detectEncoding(Buffer.from([0x61, 0x2c, 0xc3]), true).encoding).toBe('windows-1252');
  });

  it('tells UTF-16 without a BOM from binary, whatever the script', () => {
    // Cyrillic and CJK: 'Ѐ' (U+0400) and '一' (U+4E00) put a zero in the low byte too.
    const cyrillic = 'номер\tгруппа\tтема\nЀ-1\tСлужба\tпринтер\n';
    const cjk = '工单\t组\t一\n一号\t服务台\t打印机\n';
    for (const text of [cyrillic, cjk]) {
      expect(detectEncoding(iconv.encode(text, 'utf-16le'), true).encoding).toBe('utf-16le');
      expect(detectEncoding(iconv.encode(text, 'utf-16be'), true).encoding).toBe('utf-16be');
    }
    expect(detectEncoding(iconv.encode('ticket_id,created\n', 'utf-16le'), true).reason).toBe('UTF-16 LE (no byte-order mark; zero bytes fall in every other position)');
    // Zeros only in odd positions, but the pairs decode to control characters: binary.
    const binary = Buffer.from(Array.from({ length: 64 }, (_, i) => (i % 2 ? 0 : 1 + ((i * 7) % 9))));
    const guess = detectEncoding(binary, true);
    expect([guess.encoding, guess.reason]).toEqual([undefined, 'binary content (NUL bytes)']);
  });

  it('refuses UTF-16 that is not ticket data, naming its decoded columns', async () => {
    const path = writeTemp('fruit.csv', iconv.encode('fruit\tcolour\tprice\r\napple\tred\t1.20\r\n', 'utf-16le'));
    const error = await importFile(db, path).catch((e) => e);
    expect(error.code).toBe('SB_ERR_NOT_A_TICKET_EXPORT');
    expect(error.message).toMatch(/^fruit\.csv: is not a ticket export any connector recognises \(its columns are fruit, colour, price\)/);
    expect(await db.all("SELECT status, file_name FROM imports")).toEqual([{ status: 'failed', file_name: 'fruit.csv' }]);
  });

  it('prefers the delimiter that splits every row like the header', () => {
    const s = sniffCsv('id;amount;note\n1;2,50;a,b\n2;3,75;c\n', { complete: true });
    expect([s.delimiter, s.headers, s.rows]).toEqual([';', ['id', 'amount', 'note'], [['1', '2,50', 'a,b'], ['2', '3,75', 'c']]]);
  });

  it('splits rows at LF under a CRLF header, and keeps a quoted CRLF inside its field', () => {
    const s = sniffCsv('id,note\r\n1,a\n2,"b\r\nc"\r\n3,d\n', { complete: true });
    expect([s.headers, s.rows]).toEqual([['id', 'note'], [['1', 'a'], ['2', 'b\r\nc'], ['3', 'd']]]);
  });
});
