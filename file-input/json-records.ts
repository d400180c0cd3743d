/**
 * A JSON export as newline-delimited records of bounded size, before DuckDB reads it.
 *
 * Vendors wrap their records in one object (`{"tickets": [...], "count": 3, "next_page":
 * null}`). Read by DuckDB as one document, such a file is parsed whole and split with
 * `json_extract(w, '$[*]')`, which grows much faster than the file (a 121 MiB wrapper took
 * over a minute and 2.6 GiB). Here a byte-level scan (strings, escapes and nesting tracked, nothing parsed) reads the
 * file in fixed chunks and writes:
 * - `records.tsv`: the items of the record array under the wrapper key (or the document
 *   itself when it has none), one per line as `doc_no<TAB>json`, whitespace outside
 *   strings removed. A compact JSON text holds no raw tab or line break (they must be
 *   escaped inside strings), so the line is a safe two-column row for read_csv.
 * - `docs.ndjson`: every top-level document, one per line, with its record arrays emptied
 *   (`"tickets": []`), so the wrapper's other keys (sideloaded "groups", "names",
 *   "ticket_id", "count") stay readable and its top-level keys still name its shape.
 * A top-level array is split the same way (each item a document). A file that already is
 * newline-delimited or one top-level array, with no wrapper array in it, is left as it is
 * (`passThrough`), and its documents are its records. The scan starts in that hope and
 * starts again (at most twice) writing documents, or documents and records, as soon as
 * the file shows it needs them.
 *
 * Memory is one chunk, two 1 MiB write buffers and at most one record (a document is kept
 * until it shows whether it is a wrapper or a record itself); a record over the cap stops
 * the scan with an error naming the file, the record and what to do. Brackets that do not
 * match, a raw control character in a string and a file that ends inside a document are
 * refused here with their byte offset; the rest of JSON's grammar is checked by DuckDB.
 *
 * A gzip file (`gzip`) is inflated as it is read, within the decompression budget. A
 * reader that does not know the wrapper key (the generic connector) first calls
 * jsonTopLevel, which counts the first document's arrays without keeping their items.
 */
import { closeSync, createReadStream, ftruncateSync, openSync, statSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { ImportError } from '#core/errors.ts';
import { budgetCounter, DecompressionBudgetError, DEFAULT_GZIP_LIMITS, type DecompressionLimits } from './decompression-budget.ts';

/** The largest record (one ticket, event or wrapper-less document) a JSON export may hold. */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/** How much of the file is read at a time. */
const CHUNK_BYTES = 1 << 20;

export interface JsonRecordsOptions {
  /** The keys whose array holds the records, most wanted first (a connector's documented wrapper keys). */
  recordKeys: readonly string[];
  /** The file's name as the person knows it, for errors. */
  fileName: string;
  /** Where the newline-delimited copies are written (the caller removes it). */
  dir: string;
  maxRecordBytes?: number;
  chunkBytes?: number;
  /** The file is gzip: it is inflated as it is read, within `gzipLimits` (decompression-budget.ts). */
  gzip?: boolean;
  gzipLimits?: DecompressionLimits;
}

export interface JsonRecords {
  /** The documents: the file itself when passThrough, else docs.ndjson in `dir`. */
  docsPath: string;
  passThrough: boolean;
  /** How DuckDB reads docsPath: one document a line, or the items of a top-level array (a file passed through). */
  format: 'newline_delimited' | 'array';
  /** `doc_no<TAB>record` lines when a record array was split; unset when every document is its own record. */
  recordsPath?: string;
  docs: number;
  records: number;
  /** Bytes of the longest document line and the longest record, for DuckDB's maximum_object_size. */
  largestDoc: number;
  largestRecord: number;
}

type Mode = 'pass' | 'docs' | 'split';

/** Splits `filePath` (see the header). Throws ImportError for malformed JSON or a record over the cap. */
export async function jsonRecords(filePath: string, options: JsonRecordsOptions): Promise<JsonRecords> {
  let mode: Mode = 'pass';
  for (;;) {
    const scan = new Scan(mode, options);
    try {
      await scan.run(filePath);
      return scan.result(filePath);
    } catch (e) {
      scan.close();
      if (!(e instanceof Restart)) throw e;
      mode = e.mode;
    }
  }
}

/** Thrown when the scan finds the file needs more written than its mode writes. */
class Restart {
  constructor(readonly mode: Mode) {}
}

/** A file written through a buffer, that can be cut back to an earlier size. */
class Out {
  private readonly fd: number;
  private readonly buf = Buffer.allocUnsafe(1 << 20);
  private len = 0;
  /** File position of buf[0]. */
  private pos = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  get size(): number {
    return this.pos + this.len;
  }

  write(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (this.len + n > this.buf.length) this.flush();
    if (n > this.buf.length) {
      writeSync(this.fd, src, start, n, this.pos);
      this.pos += n;
      return;
    }
    this.buf.set(src.subarray(start, end), this.len);
    this.len += n;
  }

  writeBytes(bytes: Uint8Array): void {
    this.write(bytes, 0, bytes.length);
  }

  /** Drops everything written after `size`. */
  truncate(size: number): void {
    if (size >= this.pos) {
      this.len = size - this.pos;
      return;
    }
    this.len = 0;
    this.pos = size;
    ftruncateSync(this.fd, size);
  }

  flush(): void {
    if (this.len) writeSync(this.fd, this.buf, 0, this.len, this.pos);
    this.pos += this.len;
    this.len = 0;
  }

  close(): void {
    this.flush();
    ftruncateSync(this.fd, this.pos);
    closeSync(this.fd);
  }
}

const QUOTE = 0x22, BACKSLASH = 0x5c, LBRACE = 0x7b, RBRACE = 0x7d, LBRACKET = 0x5b, RBRACKET = 0x5d;
const COMMA = 0x2c, COLON = 0x3a, SPACE = 0x20, TAB = 0x09, LF = 0x0a, CR = 0x0d;
const OBJECT = 1, ARRAY = 2;
/** Where the bytes being scanned go. */
const NONE = 0, DOC = 1, ITEM = 2, SKIP = 3;
const NEWLINE = Buffer.from('\n');
/** Longer keys are never a vendor's wrapper key (a longer wanted key raises the bound: see Scan.maxKey). */
const MAX_KEY_BYTES = 64;

class Scan {
  private readonly cap: number;
  private readonly keys: Buffer[];
  /** Key bytes captured at most: the longest wanted key, never less than MAX_KEY_BYTES. */
  private readonly maxKey: number;
  private docsOut?: Out;
  private recordsOut?: Out;

  // The position in the file and its nesting.
  private offset = 0;
  private inString = false;
  private escape = false;
  private readonly stack: number[] = [];
  /** Depth of a document's first byte: 0 for a stream of documents, 1 inside a top-level array; -1 before the first byte. */
  private base = -1;
  private arrayClosed = false;

  // The document being read.
  private docOpen = false;
  private docScalar = false;
  private docStart = 0;
  private docBytes = 0;
  private docNoPrefix = Buffer.alloc(0);
  /** Rank of the record array chosen in this document (-1: none yet, the document is its own record). */
  private chosenRank = -1;
  private docRecordsSize = 0;
  private docRecordsCount = 0;
  /** The document's bytes, kept (up to the cap) in case it turns out to be a record itself. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private pendingOn = false;
  private newlineSinceDoc = true;

  // Keys at the document's top level.
  private expectKey = false;
  private capturing = false;
  private key: number[] = [];
  private lastKeyRank = -1;
  private afterColonRank = -1;

  // The record array being split.
  private inWrapper = false;
  private itemTarget = SKIP;
  private itemOpen = false;
  private itemBytes = 0;
  private itemStart = 0;
  private itemNo = 0;

  // Where bytes go: [spanStart, i) of the current chunk goes to `target`.
  private target = NONE;
  private spanStart = 0;

  private docs = 0;
  private records = 0;
  private largestDoc = 0;
  private largestRecord = 0;

  constructor(
    private readonly mode: Mode,
    private readonly options: JsonRecordsOptions,
  ) {
    this.cap = options.maxRecordBytes ?? MAX_RECORD_BYTES;
    this.keys = options.recordKeys.map((k) => Buffer.from(k));
    this.maxKey = Math.max(MAX_KEY_BYTES, ...this.keys.map((k) => k.length));
    if (mode !== 'pass') this.docsOut = new Out(join(options.dir, 'docs.ndjson'));
    if (mode === 'split') this.recordsOut = new Out(join(options.dir, 'records.tsv'));
  }

  async run(filePath: string): Promise<void> {
    let first = true;
    for await (const chunk of readChunks(filePath, this.options)) {
      const bytesRead = chunk.length;
      let from = 0;
      if (first && bytesRead >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        // A byte-order mark: DuckDB's newline-delimited read is not trusted with it.
        if (this.mode === 'pass') throw new Restart('docs');
        from = 3;
      }
      first = false;
      this.scanChunk(chunk, from, bytesRead);
      this.offset += bytesRead;
    }
    this.finish();
  }

  result(filePath: string): JsonRecords {
    const docsPath = this.docsOut?.path ?? filePath;
    const recordsPath = this.recordsOut?.path;
    this.close();
    return {
      docsPath,
      passThrough: this.mode === 'pass',
      format: this.mode === 'pass' && this.base === 1 ? 'array' : 'newline_delimited',
      ...(recordsPath ? { recordsPath } : {}),
      docs: this.docs,
      records: this.records,
      largestDoc: this.largestDoc,
      largestRecord: this.largestRecord,
    };
  }

  close(): void {
    this.docsOut?.close();
    this.recordsOut?.close();
    this.docsOut = undefined;
    this.recordsOut = undefined;
  }

  private scanChunk(chunk: Buffer, from: number, end: number): void {
    this.spanStart = from;
    for (let i = from; i < end; i++) {
      const b = chunk[i];
      if (this.inString) {
        if (this.escape) {
          this.escape = false;
          if (this.capturing && this.key.length <= this.maxKey) this.key.push(b);
        } else if (b === BACKSLASH) {
          this.escape = true;
          // Keys are matched as written, escapes and all: a vendor's plain key never matches an escaped one.
          if (this.capturing && this.key.length <= this.maxKey) this.key.push(b);
        } else if (b === QUOTE) {
          this.inString = false;
          if (this.capturing) this.endKey();
        } else if (b < 0x20) {
          throw this.malformed(`a raw control character (0x${b.toString(16).padStart(2, '0')}) inside a string`, i);
        } else if (this.capturing && this.key.length <= this.maxKey) {
          this.key.push(b);
        }
        continue;
      }
      if (b === SPACE || b === TAB || b === CR || b === LF) {
        this.flush(chunk, i);
        this.spanStart = i + 1;
        if (this.docOpen && this.docScalar && this.stack.length === this.base) this.endDoc(chunk, i);
        if (b === LF) {
          if (this.docOpen) {
            if (this.mode === 'pass' && this.base === 0) throw new Restart('docs');
          } else {
            this.newlineSinceDoc = true;
          }
        }
        continue;
      }
      const wrapperRank = this.afterColonRank;
      this.afterColonRank = -1;
      const depth = this.stack.length;
      if (this.base === -1) {
        if (b === LBRACKET) {
          // A top-level array: each item is a document (DuckDB reads one without wrappers as it is).
          this.base = 1;
          this.stack.push(ARRAY);
          this.spanStart = i + 1;
          continue;
        }
        this.base = 0;
      }
      if (this.arrayClosed) throw this.malformed('more JSON after the end of the top-level array', i);
      if (this.docOpen && this.docScalar && depth === this.base) this.endDoc(chunk, i);
      if (this.inWrapper && depth === this.base + 2) {
        // Directly inside the record array: between items, or an item's first byte.
        if (b === COMMA || b === RBRACKET) {
          if (this.itemOpen) this.endItem(chunk, i);
          if (b === COMMA) {
            this.spanStart = i + 1;
            continue;
          }
          this.inWrapper = false;
          this.setTarget(chunk, DOC, i);
        } else if (!this.itemOpen) {
          this.startItem(chunk, i);
        }
      } else if (depth === this.base && !this.docOpen) {
        if (b === COMMA && this.base === 1) {
          this.spanStart = i + 1;
          continue;
        }
        if (b === COMMA || b === COLON || b === RBRACE || b === RBRACKET) {
          if (!(b === RBRACKET && this.base === 1)) throw this.malformed(`an unexpected '${String.fromCharCode(b)}'`, i);
        } else {
          this.startDoc(chunk, i, b);
        }
      }
      switch (b) {
        case QUOTE:
          this.inString = true;
          if (this.expectKey && depth === this.base + 1) {
            this.capturing = true;
            this.key.length = 0;
          }
          break;
        case LBRACE:
        case LBRACKET:
          this.stack.push(b === LBRACE ? OBJECT : ARRAY);
          if (depth === this.base) this.expectKey = b === LBRACE;
          if (b === LBRACKET && wrapperRank >= 0 && depth === this.base + 1) this.enterWrapper(chunk, i, wrapperRank);
          break;
        case RBRACE:
        case RBRACKET: {
          const top = this.stack.pop();
          if (top !== (b === RBRACE ? OBJECT : ARRAY)) throw this.malformed(`a '${String.fromCharCode(b)}' that closes nothing open`, i);
          if (this.base === 1 && depth === 1) {
            this.arrayClosed = true;
            this.flush(chunk, i);
            this.spanStart = i + 1;
          } else if (depth === this.base + 1 && this.docOpen) {
            this.endDoc(chunk, i + 1);
          }
          break;
        }
        case COMMA:
          if (depth === this.base + 1 && this.stack[depth - 1] === OBJECT) this.expectKey = true;
          break;
        case COLON:
          if (depth === this.base + 1) {
            this.afterColonRank = this.lastKeyRank;
            this.lastKeyRank = -1;
          }
          break;
        default:
      }
    }
    this.flush(chunk, end);
    this.spanStart = 0;
  }

  private endKey(): void {
    this.capturing = false;
    this.expectKey = false;
    const k = this.key;
    this.lastKeyRank = k.length > this.maxKey ? -1 : this.keys.findIndex((w) => w.length === k.length && w.every((x, j) => x === k[j]));
  }

  /** Sends [spanStart, i) of the chunk to the current target. */
  private flush(chunk: Buffer, i: number): void {
    const start = this.spanStart;
    this.spanStart = i;
    if (i <= start) return;
    const n = i - start;
    if (this.target === DOC) {
      this.docBytes += n;
      this.docsOut?.write(chunk, start, i);
      if (this.pendingOn) {
        this.pendingBytes += n;
        if (this.pendingBytes > this.cap) {
          this.pendingOn = false;
          this.pending = [];
        } else {
          this.pending.push(Buffer.from(chunk.subarray(start, i)));
        }
      }
    } else if (this.target === ITEM) {
      this.itemBytes += n;
      if (this.itemBytes > this.cap) throw this.tooLarge(this.itemNo, this.itemStart, 'record');
      this.recordsOut!.write(chunk, start, i);
    }
  }

  private setTarget(chunk: Buffer, target: number, i: number): void {
    this.flush(chunk, i);
    this.target = target;
  }

  private startDoc(chunk: Buffer, i: number, b: number): void {
    // Two documents on one line are not newline-delimited.
    if (this.mode === 'pass' && this.base === 0 && !this.newlineSinceDoc) throw new Restart('docs');
    this.docOpen = true;
    this.docScalar = b !== LBRACE && b !== LBRACKET;
    this.docStart = this.offset + i;
    this.docBytes = 0;
    this.docNoPrefix = Buffer.from(`${this.docs}\t`);
    this.chosenRank = -1;
    this.docRecordsSize = this.recordsOut?.size ?? 0;
    this.docRecordsCount = this.records;
    this.pending = [];
    this.pendingBytes = 0;
    this.pendingOn = this.mode === 'split';
    this.expectKey = false;
    this.lastKeyRank = -1;
    this.setTarget(chunk, DOC, i);
  }

  private endDoc(chunk: Buffer, i: number): void {
    this.setTarget(chunk, NONE, i);
    this.docOpen = false;
    this.newlineSinceDoc = false;
    this.docsOut?.writeBytes(NEWLINE);
    const line = this.mode === 'pass' ? this.offset + i - this.docStart : this.docBytes;
    this.largestDoc = Math.max(this.largestDoc, line);
    if (this.chosenRank === -1) {
      // No record array: the document is a record itself.
      this.records++;
      if (this.docBytes > this.cap) throw this.tooLarge(this.records, this.docStart, 'document');
      this.largestRecord = Math.max(this.largestRecord, this.docBytes);
      if (this.recordsOut) {
        this.recordsOut.writeBytes(this.docNoPrefix);
        for (const p of this.pending) this.recordsOut.writeBytes(p);
        this.recordsOut.writeBytes(NEWLINE);
      }
    }
    this.pending = [];
    this.pendingOn = false;
    this.docs++;
  }

  /** The '[' at chunk[i] opens the array of a wrapper key of rank `rank`. */
  private enterWrapper(chunk: Buffer, i: number, rank: number): void {
    if (this.mode !== 'split') throw new Restart('split');
    this.setTarget(chunk, NONE, i + 1); // the '[' stays in the document: "tickets": []
    this.inWrapper = true;
    this.itemOpen = false;
    if (this.chosenRank !== -1 && rank > this.chosenRank) {
      // A less wanted key than one already split in this document: its items are skipped.
      this.itemTarget = SKIP;
      return;
    }
    if (this.chosenRank !== -1) {
      // A more wanted key after a less wanted one: its items replace theirs.
      this.recordsOut!.truncate(this.docRecordsSize);
      this.records = this.docRecordsCount;
    }
    this.chosenRank = rank;
    this.itemTarget = ITEM;
    this.pending = [];
    this.pendingOn = false;
  }

  private startItem(chunk: Buffer, i: number): void {
    this.itemOpen = true;
    if (this.itemTarget === ITEM) {
      this.records++;
      this.itemNo = this.records;
      this.itemBytes = 0;
      this.itemStart = this.offset + i;
      this.flush(chunk, i);
      this.recordsOut!.writeBytes(this.docNoPrefix);
    }
    this.setTarget(chunk, this.itemTarget, i);
  }

  private endItem(chunk: Buffer, i: number): void {
    const kept = this.target === ITEM;
    this.setTarget(chunk, NONE, i);
    this.itemOpen = false;
    if (kept) {
      this.recordsOut!.writeBytes(NEWLINE);
      this.largestRecord = Math.max(this.largestRecord, this.itemBytes);
    }
  }

  private finish(): void {
    const at = this.offset;
    if (this.inString || this.stack.length > 0) {
      throw new ImportError(
        'SB_ERR_UNREADABLE',
        `${this.options.fileName}: ends inside a JSON ${this.inString ? 'string' : 'document'} (at byte ${at}, document ${this.docs + 1}); the file looks cut off: export it again`,
      );
    }
    if (this.docOpen) this.endDoc(Buffer.alloc(0), 0);
  }

  private malformed(what: string, i: number): ImportError {
    return new ImportError(
      'SB_ERR_UNREADABLE',
      `${this.options.fileName}: is not valid JSON: ${what} at byte ${this.offset + i} (document ${this.docs + 1}); export the file again`,
    );
  }

  private tooLarge(record: number, start: number, kind: string): ImportError {
    return new ImportError(
      'SB_ERR_UNREADABLE',
      `${this.options.fileName}: record ${record} (the ${kind} from byte ${start}) is larger than ${this.cap} bytes, the most one record may hold; ` +
        'check that this is the vendor\'s ticket export, or export fewer fields per record',
    );
  }
}

/**
 * The file's bytes in chunks: read in place, or inflated through gunzip within the
 * decompression budget (a gzip stream that is cut off or passes its budget is refused
 * with the file's name). The plain read reuses one buffer: a consumer copies what it keeps.
 */
async function* readChunks(filePath: string, options: { fileName: string; chunkBytes?: number; gzip?: boolean; gzipLimits?: DecompressionLimits }): AsyncGenerator<Buffer> {
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  if (!options.gzip) {
    const handle = await open(filePath, 'r');
    try {
      const chunk = Buffer.allocUnsafe(chunkBytes);
      for (let offset = 0; ; ) {
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, offset);
        if (bytesRead === 0) return;
        offset += bytesRead;
        yield chunk.subarray(0, bytesRead);
      }
    } finally {
      await handle.close();
    }
  }
  const out = new PassThrough();
  // The pipeline's failure (a corrupt stream, the budget) reaches the loop below through `out`.
  const done = pipeline(
    createReadStream(filePath),
    createGunzip({ chunkSize: Math.max(64, Math.min(chunkBytes, CHUNK_BYTES)) }),
    budgetCounter(statSync(filePath).size, options.gzipLimits ?? DEFAULT_GZIP_LIMITS),
    out,
  ).catch((e: unknown) => out.destroy(e as Error));
  try {
    for await (const chunk of out) yield chunk as Buffer;
  } catch (e) {
    if (e instanceof DecompressionBudgetError) throw new ImportError('SB_ERR_BAD_ARCHIVE', `${options.fileName}: ${e.message}`);
    throw new ImportError('SB_ERR_BAD_ARCHIVE', `${options.fileName}: is not a complete gzip file (${(e as Error).message}); compress or download it again`);
  } finally {
    out.destroy();
    await done;
  }
}

/** One array under a top-level key of a file's first document. */
export interface TopLevelArray {
  /** The key, decoded. */
  key: string;
  /** The key as written between its quotes (escapes kept): what `recordKeys` matches. */
  rawKey: string;
  items: number;
  /** Whether its first item is an object. */
  firstIsObject: boolean;
}

export interface JsonTopLevel {
  /** Top-level documents (a top-level array's items), counted up to 2: 2 is two or more. */
  docs: number;
  /** Whether the first document is an object. */
  firstIsObject: boolean;
  /** The first document's array-valued keys, in the order written (only when it is an object). */
  arrays: TopLevelArray[];
}

/**
 * A first pass for a reader that does not know the wrapper key (the generic connector):
 * the top level of the file's first document, its array-valued keys with their item
 * counts, and whether another document follows. Items are counted, never kept, so memory
 * is one chunk whatever the file. It stops at the second document (or at a first one that
 * is not an object). Nothing is validated here: jsonRecords refuses malformed JSON.
 */
export async function jsonTopLevel(filePath: string, options: { fileName: string; chunkBytes?: number; gzip?: boolean; gzipLimits?: DecompressionLimits }): Promise<JsonTopLevel> {
  const result: JsonTopLevel = { docs: 0, firstIsObject: false, arrays: [] };
  let inString = false, escape = false, depth = 0;
  /** Depth of a document's first byte: 0 for a stream of documents, 1 inside a top-level array. */
  let base = -1;
  let expectKey = false, capturing = false, key: number[] = [], lastKey: number[] | undefined, afterColon: number[] | undefined;
  let current: TopLevelArray | undefined, itemOpen = false;
  let first = true;
  const raw = (bytes: number[]) => Buffer.from(bytes).toString('utf8');
  for await (const chunk of readChunks(filePath, options)) {
    let i = first && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0;
    first = false;
    for (; i < chunk.length; i++) {
      const b = chunk[i];
      if (inString) {
        if (!escape && b === QUOTE) {
          inString = false;
          if (capturing) {
            capturing = false;
            expectKey = false;
            lastKey = key.length > MAX_TOP_KEY_BYTES ? undefined : key;
          }
          continue;
        }
        escape = !escape && b === BACKSLASH;
        if (capturing && key.length <= MAX_TOP_KEY_BYTES) key.push(b);
        continue;
      }
      if (b === SPACE || b === TAB || b === CR || b === LF) continue;
      const arrayKey = afterColon;
      afterColon = undefined;
      if (base === -1) {
        base = b === LBRACKET ? 1 : 0;
        if (base === 1) {
          depth = 1;
          continue;
        }
      }
      if (depth === base) {
        if (b === COMMA || b === RBRACKET || b === RBRACE) {
          if (depth === 0) return { ...result, docs: 2 }; // malformed: jsonRecords says where
          if (b === RBRACKET) return result;
          continue;
        }
        // A document's first byte.
        result.docs++;
        if (result.docs === 2) return result;
        result.firstIsObject = b === LBRACE;
        if (!result.firstIsObject) return { ...result, docs: 2 };
      }
      if (current && depth === base + 2 && b !== RBRACKET) {
        if (b === COMMA) itemOpen = false;
        else if (!itemOpen) {
          itemOpen = true;
          if (current.items++ === 0) current.firstIsObject = b === LBRACE;
        }
      }
      switch (b) {
        case QUOTE:
          inString = true;
          if (expectKey && depth === base + 1) {
            capturing = true;
            key = [];
          }
          break;
        case LBRACE:
        case LBRACKET:
          if (depth === base) expectKey = true;
          if (b === LBRACKET && depth === base + 1 && arrayKey) {
            const rawKey = raw(arrayKey);
            current = { key: decodeKey(rawKey), rawKey, items: 0, firstIsObject: false };
            itemOpen = false;
            result.arrays.push(current);
          }
          depth++;
          break;
        case RBRACE:
        case RBRACKET:
          depth--;
          if (depth === base + 1) current = undefined;
          if (depth < 0) return { ...result, docs: 2 };
          break;
        case COMMA:
          if (depth === base + 1) expectKey = true;
          break;
        case COLON:
          if (depth === base + 1) {
            afterColon = lastKey;
            lastKey = undefined;
          }
          break;
        default:
      }
    }
  }
  return result;
}

/** Keys longer than this are never taken for the record array's (no export names one so). */
const MAX_TOP_KEY_BYTES = 4096;

function decodeKey(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/** One array under a top-level key of a file's first document, with its first records. */
export interface SampledArray extends TopLevelArray {
  /** Its first items that are objects, decoded: the first always, more up to the sample's `records` within SAMPLE_ARRAY_BYTES. */
  records: Record<string, unknown>[];
}

export interface JsonSample {
  /**
   * 'object': one JSON object (a wrapper of record arrays, or a record itself);
   * 'array': one top-level array, whose items are the records;
   * 'lines': several documents, each a record (newline-delimited JSON).
   */
  shape: 'object' | 'array' | 'lines';
  /** The first document's top-level keys as written (decoded; a repeated key repeated), each with its array when the value is one. */
  keys: { key: string; array?: SampledArray }[];
  /** The first document's arrays, in the order written, their items counted to its end. */
  arrays: SampledArray[];
  /**
   * The first records (up to `records`) of what the generic reader reads: an object's
   * largest array whose first item is an object (the first written on a tie), else the
   * object itself; an array's items that are objects; the documents that are objects.
   */
  records: Record<string, unknown>[];
  /** The key of the array `records` come from, when they come from one. */
  recordKey?: string;
  /** 'lines' only: whether the first document ends on the file's first line and the second starts on a later line. */
  firstOnFirstLine?: boolean;
  /** 'lines' only: the second document's first byte. */
  secondAt?: number;
  /** Bytes scanned (decompressed, a byte-order mark counted), and whether that is the whole file. */
  bytesRead: number;
  complete: boolean;
}

export interface JsonSampleOptions {
  fileName: string;
  /** Records kept per array and of the file (the first object always); SAMPLE_RECORDS when absent. */
  records?: number;
  maxRecordBytes?: number;
  chunkBytes?: number;
  gzip?: boolean;
  gzipLimits?: DecompressionLimits;
}

/** Records a sample keeps when not told. */
export const SAMPLE_RECORDS = 20;
/** Bytes of records a sample keeps per array (and of a file's own records) beyond the first record. */
const SAMPLE_ARRAY_BYTES = 1 << 20;

/** A span of the file being kept, across chunks. */
interface Capture {
  parts: Buffer[];
  bytes: number;
  /** Where it starts in the current chunk (0 after its first). */
  from: number;
  /** Its first byte in the file. */
  start: number;
  /** Over the record cap it is dropped (a first document that may be a wrapper), not refused. */
  soft: boolean;
  dropped: boolean;
}

/**
 * A sample of a JSON file for detection, without parsing the whole file: the first
 * document's top-level keys, the first records of each of its arrays (all items counted,
 * few kept), and the first records the generic reader reads. It reads as far as the sample
 * needs: a top-level array, or newline-delimited documents, stop after `records` records;
 * an object is read to its end (its keys and its arrays' counts decide), and past it to
 * see whether another document follows. Memory is one chunk and the sampled records.
 * Brackets that do not match, a file that ends inside a document and a sampled record that
 * does not parse are refused with the file's name and the byte; the rest of the grammar is
 * left to jsonRecords and DuckDB.
 */
export async function jsonSample(filePath: string, options: JsonSampleOptions): Promise<JsonSample> {
  const scan = new SampleScan(options);
  let first = true;
  let stopped = false;
  for await (const chunk of readChunks(filePath, options)) {
    const from = first && chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0;
    first = false;
    if (scan.scan(chunk, from)) {
      stopped = true;
      break;
    }
  }
  if (!stopped) scan.end();
  if (scan.refetch) {
    // The first of several documents, not kept while it looked like a wrapper: a record after all.
    scan.records.unshift(await readRecord(filePath, options, scan.refetch.start, scan.refetch.end));
  }
  return scan.result(!stopped);
}

class SampleScan {
  private readonly want: number;
  private readonly cap: number;
  private offset = 0;
  private stoppedAt = 0;
  private inString = false;
  private escape = false;
  private readonly stack: number[] = [];
  /** 1: a top-level array; 0: a stream of documents; -1: before the first byte. */
  private base = -1;
  private shape: JsonSample['shape'] = 'object';

  // Documents (base 0).
  private docs = 0;
  private docOpen = false;
  /** A document that is a number, true, false or null: it runs to whitespace or punctuation. */
  private docScalar = false;
  private docCapture?: Capture;
  private firstStart = 0;
  private firstEnd = 0;
  /** The first document's bytes, while it may be a record (not a wrapper, within the cap). */
  private firstDoc?: Buffer;
  /** Whether a line break came before the first document ended, and after it. */
  private lfInFirst = false;
  private lfAfterFirst = false;
  private secondAt = 0;
  /** The first of several documents, to be read again (see jsonSample). */
  refetch?: { start: number; end: number };

  // The first document's top level.
  private expectKey = false;
  private capturing = false;
  private key: number[] = [];
  private lastKey: number[] | undefined;
  private afterColon: number[] | undefined;
  private current?: SampledArray;
  private currentBytes = 0;
  private itemOpen = false;
  private itemCapture?: Capture;

  readonly keys: { key: string; array?: SampledArray }[] = [];
  readonly arrays: SampledArray[] = [];
  /** A top-level array's records, or the documents'. */
  readonly records: Record<string, unknown>[] = [];
  private recordBytes = 0;

  constructor(private readonly options: JsonSampleOptions) {
    this.want = Math.max(1, options.records ?? SAMPLE_RECORDS);
    this.cap = options.maxRecordBytes ?? MAX_RECORD_BYTES;
  }

  /** Scans chunk[from..]; true when the sample is taken (the rest of the file is not needed). */
  scan(chunk: Buffer, from: number): boolean {
    if (this.scanChunk(chunk, from)) return true;
    for (const capture of [this.docCapture, this.itemCapture]) {
      if (!capture) continue;
      this.grow(capture, chunk, chunk.length);
      capture.from = 0;
    }
    this.offset += chunk.length;
    return false;
  }

  private scanChunk(chunk: Buffer, from: number): boolean {
    /** The next backslash at or after i (-1: none in the chunk; -2: not looked for yet). */
    let backslash = -2;
    for (let i = from; i < chunk.length; i++) {
      if (this.inString && !this.escape && !this.capturing) {
        // Inside a string only its closing quote or a backslash matters: jump to the next of them.
        const quote = chunk.indexOf(QUOTE, i);
        if (backslash !== -1 && backslash < i) backslash = chunk.indexOf(BACKSLASH, i);
        const next = backslash !== -1 && (quote === -1 || backslash < quote) ? backslash : quote;
        if (next === -1) break;
        i = next;
      }
      const b = chunk[i];
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (b === BACKSLASH) this.escape = true;
        else if (b === QUOTE) {
          this.inString = false;
          if (this.capturing) {
            this.capturing = false;
            this.expectKey = false;
            this.lastKey = this.key;
          }
          // A document that is a string ends with its quote.
          if (this.docOpen && this.stack.length === 0) this.endDoc(chunk, i + 1);
          continue;
        }
        if (this.capturing && this.key.length <= MAX_TOP_KEY_BYTES) this.key.push(b);
        continue;
      }
      if (b === SPACE || b === TAB || b === CR || b === LF) {
        if (this.docScalar) this.endDoc(chunk, i);
        if (b === LF && this.base === 0) {
          if (this.docs === 0 || (this.docs === 1 && this.docOpen)) this.lfInFirst = true;
          else if (this.docs === 1) this.lfAfterFirst = true;
        }
        continue;
      }
      if (this.docScalar) {
        if (b !== COMMA && b !== COLON && b !== LBRACE && b !== RBRACE && b !== LBRACKET && b !== RBRACKET && b !== QUOTE) continue;
        this.endDoc(chunk, i);
      }
      if (this.base === -1) {
        if (b === LBRACKET) {
          this.base = 1;
          this.shape = 'array';
          this.stack.push(ARRAY);
          continue;
        }
        this.base = 0;
      }
      const depth = this.stack.length;
      const arrayKey = this.afterColon;
      this.afterColon = undefined;
      if (this.base === 1) {
        if (depth === 1) {
          // Between the top-level array's items, or an item's first byte.
          if (b === RBRACKET) {
            this.stoppedAt = this.offset + i + 1;
            return true;
          }
          if (b === COMMA) continue;
          if (b === LBRACE) {
            if (this.records.length > 0 && this.recordBytes > SAMPLE_ARRAY_BYTES) {
              this.stoppedAt = this.offset + i;
              return true;
            }
            this.itemCapture = this.capture(i, false);
          }
        }
      } else if (depth === 0) {
        if (b === COMMA || b === COLON || b === RBRACE || b === RBRACKET) throw this.malformed(`an unexpected '${String.fromCharCode(b)}'`, i);
        if (this.docs === 1) {
          // A second document: the file is documents, each a record.
          this.shape = 'lines';
          this.secondAt = this.offset + i;
          this.keepFirstDoc();
        }
        if (this.docs > 0 && (this.records.length >= this.want || this.recordBytes > SAMPLE_ARRAY_BYTES)) {
          this.stoppedAt = this.offset + i;
          return true;
        }
        this.startDoc(i, b);
        if (this.docScalar) continue;
      } else if (this.current && depth === 2) {
        // Directly inside an array of the first document: between items, or an item's first byte.
        if (b === COMMA) this.itemOpen = false;
        else if (b !== RBRACKET && !this.itemOpen) this.startItem(i, b);
      }
      switch (b) {
        case QUOTE:
          this.inString = true;
          if (this.expectKey && depth === 1) {
            this.capturing = true;
            this.key = [];
          }
          break;
        case LBRACE:
        case LBRACKET:
          if (this.base === 0 && depth === 0) this.expectKey = b === LBRACE && this.docs === 1;
          if (b === LBRACKET && arrayKey) this.startArray(arrayKey);
          this.stack.push(b === LBRACE ? OBJECT : ARRAY);
          break;
        case RBRACE:
        case RBRACKET: {
          const top = this.stack.pop();
          if (top !== (b === RBRACE ? OBJECT : ARRAY)) throw this.malformed(`a '${String.fromCharCode(b)}' that closes nothing open`, i);
          const inner = this.stack.length;
          if (this.itemCapture && inner === (this.base === 1 ? 1 : 2)) {
            if (this.endItem(chunk, i + 1)) {
              this.stoppedAt = this.offset + i + 1;
              return true;
            }
          } else if (this.base === 0 && inner === 1 && b === RBRACKET) {
            this.current = undefined;
          } else if (this.base === 0 && inner === 0) {
            this.endDoc(chunk, i + 1);
          }
          break;
        }
        case COMMA:
          if (this.base === 0 && depth === 1 && this.docs === 1) this.expectKey = true;
          break;
        case COLON:
          if (this.base === 0 && depth === 1 && this.docs === 1 && this.lastKey) {
            this.afterColon = this.lastKey;
            this.keys.push({ key: decodeKey(Buffer.from(this.lastKey).toString('utf8')) });
            this.lastKey = undefined;
          }
          break;
        default:
      }
    }
    return false;
  }

  private capture(i: number, soft: boolean): Capture {
    return { parts: [], bytes: 0, from: i, start: this.offset + i, soft, dropped: false };
  }

  private startDoc(i: number, b: number): void {
    this.docs++;
    this.docOpen = true;
    this.docScalar = b !== LBRACE && b !== LBRACKET && b !== QUOTE;
    if (this.docs === 1) this.firstStart = this.offset + i;
    this.docCapture = b === LBRACE ? this.capture(i, this.docs === 1) : undefined;
  }

  private endDoc(chunk: Buffer, end: number): void {
    this.docOpen = false;
    this.docScalar = false;
    if (this.docs === 1) this.firstEnd = this.offset + end;
    const capture = this.docCapture;
    this.docCapture = undefined;
    const bytes = capture && this.take(capture, chunk, end);
    if (!bytes) return;
    if (this.docs === 1) {
      // Kept until the file shows whether it is a record: another document follows, or it holds no array of records.
      this.firstDoc = bytes;
      return;
    }
    this.records.push(this.decode(bytes, capture!.start));
    this.recordBytes += bytes.length;
  }

  /** A second document follows the first: the first is a record. */
  private keepFirstDoc(): void {
    if (this.firstDoc) {
      this.records.push(this.decode(this.firstDoc, this.firstStart));
      this.recordBytes += this.firstDoc.length;
      this.firstDoc = undefined;
      return;
    }
    if (this.firstEnd - this.firstStart > this.cap) throw this.tooLarge(this.firstStart);
    this.refetch = { start: this.firstStart, end: this.firstEnd };
  }

  private startArray(rawBytes: number[]): void {
    const rawKey = Buffer.from(rawBytes).toString('utf8');
    this.current = { key: decodeKey(rawKey), rawKey, items: 0, firstIsObject: false, records: [] };
    this.currentBytes = 0;
    this.itemOpen = false;
    this.arrays.push(this.current);
    this.keys[this.keys.length - 1].array = this.current;
  }

  private startItem(i: number, b: number): void {
    const array = this.current!;
    this.itemOpen = true;
    if (array.items++ === 0) {
      array.firstIsObject = b === LBRACE;
      // An array of objects: the document is a wrapper, not a record itself.
      if (array.firstIsObject) this.docCapture = undefined;
    }
    if (b !== LBRACE || array.records.length >= this.want || (array.records.length > 0 && this.currentBytes > SAMPLE_ARRAY_BYTES)) return;
    this.itemCapture = this.capture(i, false);
  }

  /** An item kept is complete at chunk[end - 1]; true when a top-level array has all the records it needs. */
  private endItem(chunk: Buffer, end: number): boolean {
    const capture = this.itemCapture!;
    this.itemCapture = undefined;
    const bytes = this.take(capture, chunk, end)!;
    const record = this.decode(bytes, capture.start);
    if (this.base === 0) {
      this.current!.records.push(record);
      this.currentBytes += bytes.length;
      return false;
    }
    this.records.push(record);
    this.recordBytes += bytes.length;
    return this.records.length >= this.want;
  }

  private grow(capture: Capture, chunk: Buffer, end: number): void {
    const n = end - capture.from;
    if (capture.dropped || n <= 0) return;
    capture.bytes += n;
    if (capture.bytes > this.cap) {
      if (!capture.soft) throw this.tooLarge(capture.start);
      capture.dropped = true;
      capture.parts = [];
      return;
    }
    capture.parts.push(Buffer.from(chunk.subarray(capture.from, end)));
  }

  private take(capture: Capture, chunk: Buffer, end: number): Buffer | undefined {
    this.grow(capture, chunk, end);
    if (capture.dropped) return undefined;
    return capture.parts.length === 1 ? capture.parts[0] : Buffer.concat(capture.parts);
  }

  private decode(bytes: Buffer, start: number): Record<string, unknown> {
    try {
      return JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    } catch (e) {
      throw this.error(`the record from byte ${start} does not parse: ${(e as Error).message}`);
    }
  }

  end(): void {
    if (this.inString || this.stack.length > 0) {
      throw this.error(`it ends inside a ${this.inString ? 'string' : 'document'} at byte ${this.offset}: the file looks cut off`);
    }
    if (this.docOpen) this.endDoc(Buffer.alloc(0), 0);
    this.stoppedAt = this.offset;
  }

  result(complete: boolean): JsonSample {
    let records = this.records;
    let recordKey: string | undefined;
    if (this.shape === 'object') {
      let chosen: SampledArray | undefined;
      for (const a of this.arrays) if (a.items > 0 && a.firstIsObject && (!chosen || a.items > chosen.items)) chosen = a;
      if (chosen) {
        records = chosen.records;
        recordKey = chosen.key;
      } else {
        records = this.firstDoc ? [this.decode(this.firstDoc, this.firstStart)] : [];
      }
    }
    return {
      shape: this.shape,
      keys: this.keys,
      arrays: this.arrays,
      records: records.slice(0, this.want),
      ...(recordKey !== undefined ? { recordKey } : {}),
      ...(this.shape === 'lines' ? { firstOnFirstLine: !this.lfInFirst && this.lfAfterFirst, secondAt: this.secondAt } : {}),
      bytesRead: this.stoppedAt,
      complete,
    };
  }

  private error(what: string): ImportError {
    return new ImportError('SB_ERR_NOT_A_TICKET_EXPORT', `${this.options.fileName}: starts like JSON but is not valid JSON (${what}); export it again`);
  }

  private malformed(what: string, i: number): ImportError {
    return this.error(`${what} at byte ${this.offset + i}`);
  }

  private tooLarge(start: number): ImportError {
    return new ImportError(
      'SB_ERR_UNREADABLE',
      `${this.options.fileName}: the record from byte ${start} is larger than ${this.cap} bytes, the most one record may hold; ` +
        'check that this is the vendor\'s ticket export, or export fewer fields per record',
    );
  }
}

/** Bytes [start, end) of the (decompressed) file, decoded as one record. */
async function readRecord(filePath: string, options: JsonSampleOptions, start: number, end: number): Promise<Record<string, unknown>> {
  const parts: Buffer[] = [];
  let at = 0;
  for await (const chunk of readChunks(filePath, options)) {
    const from = Math.max(start - at, 0);
    const to = Math.min(end - at, chunk.length);
    if (to > from) parts.push(Buffer.from(chunk.subarray(from, to)));
    at += chunk.length;
    if (at >= end) break;
  }
  try {
    return JSON.parse(Buffer.concat(parts).toString('utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new ImportError('SB_ERR_NOT_A_TICKET_EXPORT', `${options.fileName}: starts like JSON but is not valid JSON (the record from byte ${start} does not parse: ${(e as Error).message}); export it again`);
  }
}
