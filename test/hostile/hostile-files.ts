/**
 * Hostile files generated in the test (none are kept in the repository): a gzip bomb, a
 * zip holding one, workbooks whose shared strings are too many or too long, a CSV of
 * 100,000 columns, invalid UTF-8 past the first 256 KB. And `peakRss`, which samples the
 * test process's resident memory while a piece of work runs.
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createGzip, constants } from 'node:zlib';
import { buildZip } from '../ingest/helpers/zip.ts';

export const CSV_HEADER = 'ticket_id,created_at,group,subject\n';

/** A .csv.gz that inflates to about `inflatedMb` MB of valid rows (it compresses about 1,000 times). */
export async function writeGzipBomb(path: string, inflatedMb: number): Promise<void> {
  const gzip = createGzip({ level: constants.Z_BEST_COMPRESSION });
  const out = createWriteStream(path);
  gzip.pipe(out);
  gzip.write(CSV_HEADER);
  const row = 'B1,2024-08-19 08:00:00,IT Service Desk,Laptop\n';
  const block = Buffer.from(row.repeat(Math.ceil((1024 * 1024) / row.length)));
  for (let i = 0; i < inflatedMb; i++) {
    if (!gzip.write(block)) await once(gzip, 'drain');
  }
  gzip.end();
  await once(out, 'finish');
}

const WORKBOOK = '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Tickets" sheetId="1" r:id="rId1"/></sheets></workbook>';
const RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';

/** A workbook whose sheet's rows point at shared strings (`rows` of [index, index, ...]). */
export function workbookBytes(sharedStrings: string, rows: number[][], padding = ''): Buffer {
  const sheetRows = rows
    .map((cells, r) => `<row r="${r + 1}">${cells.map((s, c) => `<c r="${String.fromCharCode(65 + c)}${r + 1}" t="s"><v>${s}</v></c>`).join('')}</row>`)
    .join('');
  const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows}</sheetData>${padding}</worksheet>`;
  return buildZip([
    { name: 'xl/workbook.xml', data: WORKBOOK, deflate: true },
    { name: 'xl/_rels/workbook.xml.rels', data: RELS, deflate: true },
    { name: 'xl/sharedStrings.xml', data: sharedStrings, deflate: true },
    { name: 'xl/worksheets/sheet1.xml', data: sheet, deflate: true },
  ]);
}

const SST = (count: number, items: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${count}" uniqueCount="${count}">${items}</sst>`;

/** `count` short distinct strings ('s0', 's1', ...): the shape that took 2 GB held as JavaScript strings. */
export function manyStringsWorkbook(path: string, count: number): void {
  const items = new Array<string>(count);
  for (let i = 0; i < count; i++) items[i] = `<si><t>s${i}</t></si>`;
  writeFileSync(path, workbookBytes(SST(count, items.join('')), [[0, 1], [2, 3]]));
}

/** One shared string of `chars` letters, which every cell of `rows` rows points at. */
export function longStringWorkbook(path: string, chars: number, rows = 2): void {
  const items = `<si><t>ticket_id</t></si><si><t>subject</t></si><si><t>${'A'.repeat(chars)}</t></si>`;
  writeFileSync(path, workbookBytes(SST(3, items), [[0, 1], ...Array.from({ length: rows }, () => [2, 2])]));
}

/** A CSV whose header has `columns` columns, and one row. */
export function wideCsv(columns: number): string {
  const names = Array.from({ length: columns }, (_, i) => `c${i}`);
  return `${names.join(',')}\n${names.map((_, i) => i).join(',')}\n`;
}

/** `rows` ASCII ticket rows past the 256 KB sample, then one line with bytes that are not UTF-8. */
export function lateInvalidUtf8(rows: number, options: { earlyUtf8?: boolean } = {}): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) lines.push(`H${i},2024-08-19 08:00:00,IT Service Desk,${options.earlyUtf8 && i === 0 ? 'Café printer' : `Laptop number ${i}`}`);
  return Buffer.concat([Buffer.from(CSV_HEADER + lines.join('\n') + '\n'), Buffer.from('H-last,2024-08-19 09:00:00,IT Service Desk,Caf'), Buffer.from([0xe9, 0x0a])]);
}

/** Runs `work` while sampling RSS every 20 ms; the peak and the RSS before, in MB. */
export async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number; beforeMb: number }> {
  const mb = () => process.memoryUsage.rss() / 1024 / 1024;
  const beforeMb = mb();
  let peakMb = beforeMb;
  const timer = setInterval(() => {
    peakMb = Math.max(peakMb, mb());
  }, 20);
  try {
    const result = await work();
    peakMb = Math.max(peakMb, mb());
    return { result, peakMb, beforeMb };
  } finally {
    clearInterval(timer);
  }
}
