/**
 * Gets one export file ready for DuckDB and for connector detection, without touching the
 * database: refuses what is not text (empty, binary, a zip that reached here), decodes
 * the first bytes (through gzip where the file is compressed), detects the encoding, and
 * samples the header or the first JSON records. A JSON file is never parsed whole: the
 * scanner of json-records.ts reads as far as its sample needs (all of a wrapper object,
 * for its keys and its arrays' sizes; the first records of an array or of
 * newline-delimited documents), so no size limit applies.
 *
 * DuckDB reads UTF-8 (with or without a BOM) and gzip itself, so such files are read where
 * they are (a gzip CSV is inflated once to check its tail: see truncated-row.ts). Anything else (UTF-16, Windows-1252, gzip without a .gz name) is transcoded,
 * streaming, to a UTF-8 copy in a temp folder that `cleanup()` removes; nothing is held in
 * memory, so a 1 GB export costs disk, not RAM.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import iconv from 'iconv-lite';
import type { FileSample } from './file-sample.ts';
import { ImportError } from '#core/errors.ts';
import { sniffCsv } from './dialect.ts';
import { findHeaderLine } from './header-line.ts';
import { detectEncoding, type TextEncoding } from './encoding.ts';
import { cutOffLastRow, TAIL_BYTES } from './truncated-row.ts';
import { budgetCounter, DecompressionBudgetError, DEFAULT_GZIP_LIMITS, type DecompressionLimits } from './decompression-budget.ts';
import { scanText } from './text-scan.ts';
import { isXlsx, xlsxToCsv, XlsxError, type XlsxLimits } from './xlsx/xlsx-to-csv.ts';
import { jsonSample, type SampledArray } from './json-records.ts';

export const SAMPLE_BYTES = 256 * 1024;
/**
 * The most columns a delimited file may have: Excel's own limit (column XFD). A header
 * wider than any spreadsheet could write is refused before DuckDB plans a table of it
 * (100,000 columns cost DuckDB half a minute and a gigabyte before it gave up).
 */
export const MAX_COLUMNS = 16_384;

export interface PreparedFile {
  /** What DuckDB reads: the file itself, or its UTF-8 copy in a temp folder. */
  path: string;
  format: 'csv' | 'json';
  encoding: TextEncoding;
  gzip: boolean;
  delimiter?: string;
  sample: FileSample;
  /** The first data rows (CSV), as text, for previews. */
  rows: string[][];
  /**
   * JSON: the first records (up to SAMPLE_RECORDS) the generic reader reads: an object's
   * largest array whose first item is an object (`recordKey`), else the object; an array's
   * objects; newline-delimited documents.
   */
  records?: Record<string, unknown>[];
  recordKey?: string;
  /** sha256 of the file's bytes as uploaded. */
  checksum: string;
  /** How the file was read: encoding, compression, delimiter. */
  notes: string[];
  /**
   * Rows above the CSV's header line in the original (a spreadsheet's title rows): the
   * row a person sees is the data row's line number plus this. 0 for text files.
   */
  rowOffset?: number;
  cleanup(): void;
}

export interface PrepareOptions {
  delimiter?: string;
  /** The workbook sheet to read (an .xlsx); the first visible sheet when absent. */
  sheet?: string;
  xlsxLimits?: XlsxLimits;
  /** How far a gzip file may inflate (decompression-budget.ts). */
  gzipLimits?: DecompressionLimits;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The first `max` bytes of the (decompressed) file, and whether that is all of it. */
async function readHead(path: string, gzip: boolean, max: number): Promise<{ bytes: Buffer; complete: boolean }> {
  const chunks: Buffer[] = [];
  let length = 0;
  const source = createReadStream(path, gzip ? {} : { end: max });
  const stream = gzip ? source.pipe(createGunzip()) : source;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      if (length > max) break;
    }
  } finally {
    source.destroy();
    stream.destroy();
  }
  const bytes = Buffer.concat(chunks);
  return { bytes: bytes.subarray(0, max), complete: bytes.length <= max };
}

async function firstBytes(path: string, n: number): Promise<Buffer> {
  const { bytes } = await readHead(path, false, n);
  return bytes;
}

export function isZip(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05) && (head[3] === 0x04 || head[3] === 0x06);
}

/**
 * What detection sees of a JSON file, from the scanner's sample (json-records.ts): a file
 * that is one object gives its top-level keys and the first record of each array holding
 * one (`firstRecord` is the first such array's, in the order JavaScript gives an object's
 * keys); an array gives its first object; newline-delimited documents give the first,
 * which must end on the first line.
 */
async function sampleJson(path: string, fileName: string, gzip: boolean, gzipLimits: DecompressionLimits): Promise<{ sample: FileSample; records: Record<string, unknown>[]; recordKey?: string }> {
  const scanned = await jsonSample(path, { fileName, gzip, gzipLimits });
  const { records, recordKey } = scanned;
  if (scanned.shape === 'array') return { sample: { fileName, firstRecord: records[0] }, records };
  if (scanned.shape === 'lines') {
    if (!scanned.firstOnFirstLine) {
      throw new ImportError(
        'SB_ERR_NOT_A_TICKET_EXPORT',
        `${fileName}: starts like JSON but is not valid JSON (a second document starts at byte ${scanned.secondAt}, after a first that is not alone on the first line; several documents are read one a line); export it again`,
      );
    }
    return { sample: { fileName, firstRecord: records[0] }, records };
  }
  // The keys as an object, so that their order and a repeated key's value are JSON.parse's.
  const doc: Record<string, SampledArray | null> = {};
  for (const { key, array } of scanned.keys) Object.defineProperty(doc, key, { value: array ?? null, enumerable: true, writable: true, configurable: true });
  const holding = Object.entries(doc).flatMap(([k, a]) => (a && a.records.length > 0 ? [[k, a.records[0]] as const] : []));
  return {
    sample: { fileName, topLevelKeys: Object.keys(doc), firstRecord: holding[0]?.[1], firstRecords: Object.fromEntries(holding) },
    records,
    ...(recordKey !== undefined ? { recordKey } : {}),
  };
}

async function transcode(path: string, gzip: boolean, encoding: TextEncoding, dir: string, ext: string, limits: DecompressionLimits): Promise<string> {
  const out = join(dir, `utf8.${ext}`);
  const stages: NodeJS.ReadWriteStream[] = [];
  // The copy is written to disk: a gzip bomb must stop at its budget, not fill the disk.
  if (gzip) stages.push(createGunzip(), budgetCounter(statSync(path).size, limits));
  // decodeStream strips the byte-order mark; the copy is plain UTF-8 without one.
  if (encoding !== 'utf-8') stages.push(iconv.decodeStream(encoding), iconv.encodeStream('utf8'));
  await pipeline(createReadStream(path), ...(stages as [NodeJS.ReadWriteStream]), createWriteStream(out));
  return out;
}

/**
 * A workbook: its sheet is converted to a UTF-8 CSV in a temp folder, which is then
 * prepared like any CSV. The checksum stays the workbook's, so importing it again changes
 * nothing.
 */
async function prepareWorkbook(path: string, fileName: string, options: PrepareOptions): Promise<PreparedFile> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-xlsx-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  try {
    const csvPath = join(dir, 'sheet.csv');
    let sheet;
    try {
      sheet = await xlsxToCsv(path, csvPath, { sheet: options.sheet, limits: options.xlsxLimits });
    } catch (e) {
      if (e instanceof XlsxError) throw new ImportError(e.code, `${fileName}: ${e.message}`);
      throw e;
    }
    const inner = await prepareFile(csvPath, fileName, { delimiter: ',' });
    const others = sheet.sheetNames.length > 1 ? ` (of ${sheet.sheetNames.map((n) => `'${n}'`).join(', ')}; choose another with "sheet" in a mapping)` : '';
    return {
      ...inner,
      checksum: await sha256File(path),
      notes: [`spreadsheet: sheet '${sheet.sheetName}'${others}, rows ${sheet.headerRow}-${sheet.lastRow}, read as CSV`, ...sheet.notes],
      rowOffset: sheet.headerRow - 1,
      cleanup: () => {
        inner.cleanup();
        removeDir();
      },
    };
  } catch (e) {
    removeDir();
    throw e;
  }
}

function tooManyColumns(fileName: string, columns: number): ImportError {
  return new ImportError(
    'SB_ERR_UNREADABLE',
    `${fileName}: its header has ${columns.toLocaleString('en-US')} columns, more than the ${MAX_COLUMNS.toLocaleString('en-US')} a spreadsheet can hold; export only the ticket columns (id, dates, group, subject)`,
  );
}

export async function prepareFile(path: string, fileName: string, options: PrepareOptions = {}): Promise<PreparedFile> {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new ImportError('SB_ERR_UNREADABLE', `${fileName}: is not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError('SB_ERR_UNREADABLE', `${fileName}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}); check the path`);
  }
  if (size === 0) throw new ImportError('SB_ERR_EMPTY_FILE', `${fileName}: is empty; export the tickets again`);
  const start = await firstBytes(path, 4);
  if (isZip(start)) {
    if (await isXlsx(path)) return prepareWorkbook(path, fileName, options);
    throw new ImportError('SB_ERR_ARCHIVE', `${fileName}: is a zip archive; import it as an archive (each file in it becomes its own import)`);
  }
  const gzip = start[0] === 0x1f && start[1] === 0x8b;
  let head: { bytes: Buffer; complete: boolean };
  try {
    head = await readHead(path, gzip, SAMPLE_BYTES);
  } catch (e) {
    throw new ImportError('SB_ERR_BAD_ARCHIVE', `${fileName}: is not a complete gzip file (${(e as Error).message}); compress or download it again`);
  }
  if (head.bytes.length === 0) throw new ImportError('SB_ERR_EMPTY_FILE', `${fileName}: is empty once decompressed; export the tickets again`);
  const guess = detectEncoding(head.bytes, head.complete);
  if (!guess.encoding) {
    throw new ImportError('SB_ERR_BINARY_FILE', `${fileName}: is a binary file (an image, a spreadsheet or a program?), not a ticket export; export the tickets as CSV or JSON`);
  }
  const encoding = guess.encoding;
  const text = iconv.decode(head.bytes, encoding);
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  const gzipLimits = options.gzipLimits ?? DEFAULT_GZIP_LIMITS;
  const budgetError = (e: unknown) =>
    e instanceof DecompressionBudgetError ? new ImportError('SB_ERR_BAD_ARCHIVE', `${fileName}: ${e.message}`) : undefined;
  const format = trimmed.startsWith('{') || trimmed.startsWith('[') ? 'json' : 'csv';
  const notes = [`encoding: ${guess.reason}${gzip ? ', gzip-compressed' : ''}`];

  let dir: string | undefined;
  const cleanup = () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  };
  try {
    let readPath = path;
    // DuckDB decompresses by the .gz name and reads UTF-8 with or without a BOM; a file
    // named .gz that is not compressed would fail inside DuckDB, so it is read as a copy.
    const needsCopy = encoding !== 'utf-8' || gzip !== /\.gz$/i.test(path);
    if (needsCopy) {
      dir = mkdtempSync(join(tmpdir(), 'switchboard-import-'));
      try {
        readPath = await transcode(path, gzip, encoding, dir, format, gzipLimits);
      } catch (e) {
        throw budgetError(e) ?? new ImportError('SB_ERR_UNREADABLE', `${fileName}: could not be decoded as ${encoding}${gzip ? ' gzip' : ''} (${(e as Error).message}); save it again as UTF-8 CSV`);
      }
      notes.push(`transcoded to UTF-8 for reading`);
    }
    // The whole text DuckDB will read, once: a byte that is not UTF-8 past the sample
    // (and, for gzip, a bomb past its budget and the tail for the cut-row check).
    const readGzip = gzip && readPath === path;
    let scanned: Awaited<ReturnType<typeof scanText>> | undefined;
    if (encoding === 'utf-8' && !head.complete) {
      try {
        scanned = await scanText(readPath, { gzip: readGzip, tailBytes: TAIL_BYTES, limits: gzipLimits });
      } catch (e) {
        throw budgetError(e) ?? new ImportError('SB_ERR_BAD_ARCHIVE', `${fileName}: is not a complete gzip file (${(e as Error).message}); compress or download it again`);
      }
      const bad = scanned.invalidUtf8;
      if (bad && bad.asciiBefore) {
        // Plain ASCII until then: a Windows-1252 export whose first accent comes late.
        dir ??= mkdtempSync(join(tmpdir(), 'switchboard-import-'));
        readPath = await transcode(readPath, readGzip, 'windows-1252', dir, `1252.${format}`, gzipLimits);
        notes.push(`line ${bad.line} is not UTF-8 and every line before it is plain ASCII: read as Windows-1252`);
        scanned = undefined;
      } else if (bad) {
        throw new ImportError('SB_ERR_UNREADABLE', `${fileName}: line ${bad.line} (byte ${bad.byte}) is not valid UTF-8, though the text before it is; the file mixes encodings. Save it again as UTF-8 (in Excel: "CSV UTF-8") and import that`);
      }
    }
    const checksum = await sha256File(path);
    if (format === 'json') {
      const { sample, records, recordKey } = await sampleJson(readPath, fileName, gzip && readPath === path, gzipLimits);
      return {
        path: readPath, format, encoding, gzip: gzip && readPath === path, sample, rows: [], records, ...(recordKey !== undefined ? { recordKey } : {}), checksum, notes, cleanup,
      };
    }
    if (!head.complete && !/[\r\n]/.test(text)) {
      const widest = Math.max(...[',', ';', '\t', '|'].map((d) => text.split(d).length));
      if (widest > MAX_COLUMNS) {
        throw new ImportError('SB_ERR_UNREADABLE', `${fileName}: its header has more than the ${MAX_COLUMNS.toLocaleString('en-US')} columns a spreadsheet can hold (its first ${SAMPLE_BYTES / 1024} KB are one line); export only the ticket columns (id, dates, group, subject)`);
      }
      throw new ImportError('SB_ERR_UNREADABLE', `${fileName}: has no line break in its first ${SAMPLE_BYTES / 1024} KB, so no header row; export the tickets again as CSV with column names on the first line`);
    }
    let sniff = sniffCsv(text, { complete: head.complete, delimiter: options.delimiter });
    // A title, an "exported on" line or a blank line above the header (header-line.ts).
    let rowOffset: number | undefined;
    if (!options.delimiter) {
      const found = findHeaderLine(text, { complete: head.complete });
      if (found.skip > 0) {
        sniff = sniffCsv(text.replace(/^\uFEFF/, '').split('\n').slice(found.skip).join('\n'), { complete: head.complete, delimiter: found.delimiter });
        rowOffset = found.skip;
        notes.push(found.reason!);
      }
    }
    if (sniff.headers.length === 0 || sniff.headers.every((h) => h === '')) {
      throw new ImportError('SB_ERR_EMPTY_FILE', `${fileName}: has no header row; export the tickets again with column names`);
    }
    if (sniff.headers.length > MAX_COLUMNS) throw tooManyColumns(fileName, sniff.headers.length);
    notes.push(sniff.reason);
    if (gzip && readPath === path) {
      // DuckDB would read this gzip itself, where the cut-off-row check cannot see the
      // text. One pass over the decompressed stream finds its tail (and a compressed
      // stream that ends early); a cut last row sends the file through a plain copy,
      // where the check rejects that row instead of importing it padded.
      // The scan above inflated it within its budget and kept the tail.
      const tail = head.complete || !scanned ? head.bytes : scanned.tail;
      const cut = cutOffLastRow(tail.toString('utf8'), sniff.delimiter, sniff.headers.length);
      if (cut) {
        dir = mkdtempSync(join(tmpdir(), 'switchboard-import-'));
        readPath = await transcode(path, gzip, encoding, dir, format, gzipLimits);
        notes.push(`decompressed to a plain copy: the last row looks cut off (${cut.fields} of ${cut.expected} columns)`);
      }
    }
    return {
      path: readPath, format, encoding, gzip: gzip && readPath === path, delimiter: sniff.delimiter,
      sample: { fileName, headers: sniff.headers }, rows: sniff.rows, checksum, notes, cleanup, ...(rowOffset ? { rowOffset } : {}),
    };
  } catch (e) {
    cleanup();
    throw e;
  }
}
