/**
 * The zip inside an .xlsx, read with the same care as an archive of exports: the central
 * directory is checked before anything is inflated (entry names, entry count, declared
 * sizes), and every byte inflated is counted again, because declared sizes can lie. An
 * entry is never written to disk: it is streamed straight into the XML parser.
 */
import { StringDecoder } from 'node:string_decoder';
import yauzl from 'yauzl';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { unsafeEntryName } from '../zip.ts';
import type { ImportErrorCode } from '#core/errors.ts';

export interface XlsxLimits {
  maxEntries: number;
  /** Uncompressed bytes of all the parts read, declared and counted. */
  maxTotalBytes: number;
  /** Inflated / compressed bytes of one part, once it passes `ratioFloorBytes` (a bomb expands thousands of times). */
  maxRatio: number;
  ratioFloorBytes: number;
  /** The shared strings part's XML, counted as it is inflated. */
  maxSharedStringsBytes: number;
  /**
   * The shared strings are held in memory (cells point into them by number, in any order),
   * so what is held is bounded by count and by characters: 24 million short strings held
   * as JavaScript strings took 2 GB. A workbook past these is refused, naming the file.
   */
  maxSharedStrings: number;
  maxSharedStringChars: number;
}

/** Excel's own limit on one cell: 32,767 characters. A longer value was not written by a spreadsheet. */
export const MAX_CELL_CHARS = 32_767;
/** Excel's widest sheet (column XFD). */
export const MAX_SHEET_COLUMNS = 16_384;
/** One CSV row as DuckDB reads it at most (its max_line_size); a longer sheet row could not be imported anyway. */
export const MAX_ROW_CHARS = 2_000_000;

export const DEFAULT_XLSX_LIMITS: XlsxLimits = {
  maxEntries: 10_000,
  maxTotalBytes: 4 * 1024 ** 3,
  maxRatio: 200,
  ratioFloorBytes: 32 * 1024 ** 2,
  maxSharedStringsBytes: 512 * 1024 ** 2,
  maxSharedStrings: 2_000_000,
  maxSharedStringChars: 100_000_000,
};

/** XML is fed to the parser in slices this long, so the rows one slice produces stay small before they are written. */
const PARSE_SLICE_CHARS = 16 * 1024;

/** A problem with the workbook itself; the caller prefixes the file's name. */
export class XlsxError extends Error {
  constructor(
    message: string,
    readonly code: ImportErrorCode = 'SB_ERR_UNREADABLE',
  ) {
    super(message);
  }
}

export interface XlsxArchive {
  has(name: string): boolean;
  /**
   * Streams one part through a SAX parser. Handlers run synchronously per chunk;
   * `afterChunk` is awaited between chunks (the sheet writer waits for its file there).
   */
  parse(name: string, handlers: XmlHandlers, options?: ParseOptions): Promise<void>;
  close(): void;
}

export interface ParseOptions {
  maxBytes?: number;
  afterChunk?: () => Promise<void>;
  /** Where the parser is, for an error about damaged XML ("sheet 'Requests', cell C7"). */
  position?: () => string;
}

export interface XmlHandlers {
  /** Tag names come without a namespace prefix (`x:c` and `c` are both `c`). */
  open?(name: string, attributes: Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (err, zip) => (err ? reject(err) : resolve(zip!))),
  );
}

function readEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (e: yauzl.Entry) => {
      entries.push(e);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

function openStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s!))));
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** Whether the zip at `path` is a workbook: its entries include xl/workbook.xml. */
export async function isXlsx(path: string): Promise<boolean> {
  let zip: yauzl.ZipFile | undefined;
  try {
    zip = await openZip(path);
    return (await readEntries(zip)).some((e) => e.fileName === 'xl/workbook.xml');
  } catch {
    // A damaged zip is reported by the archive reader with its reason.
    return false;
  } finally {
    zip?.close();
  }
}

export async function openXlsx(path: string, limits: XlsxLimits = DEFAULT_XLSX_LIMITS): Promise<XlsxArchive> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(path);
  } catch (e) {
    throw new XlsxError(`is not a complete workbook (${(e as Error).message}); save or download it again`, 'SB_ERR_BAD_ARCHIVE');
  }
  try {
    if (zip.entryCount > limits.maxEntries) throw new XlsxError(`holds ${zip.entryCount} parts, more than the ${limits.maxEntries} a workbook may have`, 'SB_ERR_BAD_ARCHIVE');
    const entries = new Map<string, yauzl.Entry>();
    for (const entry of await readEntries(zip)) {
      const unsafe = unsafeEntryName(entry.fileName);
      if (unsafe) throw new XlsxError(`part '${entry.fileName}' ${unsafe}; this is not a workbook Excel wrote`, 'SB_ERR_BAD_ARCHIVE');
      entries.set(entry.fileName, entry);
    }
    let inflated = 0;
    const archive: XlsxArchive = {
      has: (name) => entries.has(name),
      async parse(name, handlers, options = {}) {
        const entry = entries.get(name);
        if (!entry) throw new XlsxError(`has no part '${name}'; save it again from Excel`);
        const maxBytes = Math.min(options.maxBytes ?? Infinity, limits.maxTotalBytes - inflated);
        if (entry.uncompressedSize > maxBytes) {
          throw new XlsxError(`part '${name}' would unpack to ${entry.uncompressedSize} bytes, more than the ${maxBytes} allowed; this looks like a zip bomb, or split the workbook`, 'SB_ERR_BAD_ARCHIVE');
        }
        const parser = new SaxesParser({ xmlns: false, position: false });
        if (handlers.open) parser.on('opentag', (t: SaxesTagPlain) => handlers.open!(localName(t.name), t.attributes));
        if (handlers.close) parser.on('closetag', (t: SaxesTagPlain) => handlers.close!(localName(t.name)));
        if (handlers.text) {
          parser.on('text', handlers.text);
          parser.on('cdata', handlers.text);
        }
        const decoder = new StringDecoder('utf8');
        const ratioBudget = Math.max(limits.ratioFloorBytes, limits.maxRatio * Math.max(entry.compressedSize, 1));
        const feed = async (text: string) => {
          for (let i = 0; i < text.length; i += PARSE_SLICE_CHARS) {
            parser.write(text.slice(i, i + PARSE_SLICE_CHARS));
            if (options.afterChunk) await options.afterChunk();
          }
        };
        let counted = 0;
        const stream = await openStream(zip, entry);
        try {
          for await (const chunk of stream as AsyncIterable<Buffer>) {
            counted += chunk.length;
            inflated += chunk.length;
            // Declared sizes are checked above and by yauzl; this catches a part that lies.
            if (counted > maxBytes) throw new XlsxError(`part '${name}' unpacks to more than ${maxBytes} bytes; this looks like a zip bomb, or split the workbook`, 'SB_ERR_BAD_ARCHIVE');
            if (counted > ratioBudget) {
              throw new XlsxError(`part '${name}' expands more than ${limits.maxRatio} times its ${entry.compressedSize} compressed bytes; this looks like a zip bomb, not a workbook Excel saved`, 'SB_ERR_BAD_ARCHIVE');
            }
            await feed(decoder.write(chunk));
          }
          await feed(decoder.end());
          parser.close();
        } catch (e) {
          if (e instanceof XlsxError) throw e;
          const where = options.position ? ` at ${options.position()}` : '';
          throw new XlsxError(`part '${name}' could not be read${where} (${(e as Error).message.split('\n')[0]}); the workbook is damaged, save it again from Excel`);
        } finally {
          (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        }
      },
      close: () => zip.close(),
    };
    return archive;
  } catch (e) {
    zip.close();
    if (e instanceof XlsxError) throw e;
    throw new XlsxError(`is not a complete workbook (${(e as Error).message}); save or download it again`, 'SB_ERR_BAD_ARCHIVE');
  }
}
