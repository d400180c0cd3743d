/**
 * Unpacks a zip of exports into a temp folder, refusing anything unsafe before a byte is
 * written: entry names that escape the folder ('../', absolute, drive letters,
 * backslashes), too many entries, too many bytes once uncompressed, or a compression
 * ratio no real export has (a zip bomb). The central directory is read first and every
 * entry checked; only then are entries streamed out, and the bytes actually written are
 * counted again, because the sizes a zip declares can lie.
 *
 * Errors are values: `{ entries }` or `{ error }`, with the archive's name and what to do.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import yauzl from 'yauzl';

export interface ZipLimits {
  maxEntries: number;
  maxTotalBytes: number;
  /** Uncompressed / compressed size, checked for entries above `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 1000,
  maxTotalBytes: 4 * 1024 ** 3,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};

/** File types worth importing; others (readme, images, __MACOSX metadata) are skipped. */
const IMPORTABLE = /\.(csv|tsv|txt|json|ndjson|jsonl|gz|xlsx)$/i;

export interface ZipEntryFile {
  /** The entry's name inside the archive, as a relative path. */
  name: string;
  /** Where it was written. */
  path: string;
}

export interface UnzipResult {
  entries?: ZipEntryFile[];
  skipped: string[];
  error?: string;
  /** Removes the temp folder. */
  cleanup(): void;
}

/** Pure: why an entry name is unsafe, or undefined when it stays inside the folder. */
export function unsafeEntryName(name: string): string | undefined {
  if (name.includes('\u0000')) return 'contains a NUL character';
  if (name.includes('\\')) return 'uses backslashes (a Windows path that could escape the folder)';
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return 'is an absolute path';
  const normal = posix.normalize(name);
  if (normal === '..' || normal.startsWith('../') || name.split('/').includes('..')) return "climbs out of the folder with '..'";
  return undefined;
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true }, (err, zip) =>
      err ? reject(err) : resolve(zip!),
    ),
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

function entryName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  // General-purpose bit 11 marks UTF-8 names; without it the zip standard says CP437.
  return (entry.generalPurposeBitFlag & 0x800) !== 0 ? raw.toString('utf8') : iconv.decode(raw, 'cp437');
}

function openStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s!))));
}

export async function unzipExports(zipPath: string, archiveName: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<UnzipResult> {
  let dir: string | undefined;
  const cleanup = () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  };
  const fail = (error: string): UnzipResult => {
    cleanup();
    return { error: `${archiveName}: ${error}`, skipped: [], cleanup };
  };
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(zipPath);
  } catch (e) {
    return fail(`is not a complete zip archive (${(e as Error).message}); download or compress it again`);
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      return fail(`holds ${zip.entryCount} entries, more than the ${limits.maxEntries} allowed; split it into smaller archives`);
    }
    let entries: yauzl.Entry[];
    try {
      entries = await readEntries(zip);
    } catch (e) {
      return fail(`is not a complete zip archive (${(e as Error).message}); download or compress it again`);
    }
    const wanted: { entry: yauzl.Entry; name: string }[] = [];
    const skipped: string[] = [];
    let declared = 0;
    for (const entry of entries) {
      const name = entryName(entry);
      const unsafe = unsafeEntryName(name);
      if (unsafe) return fail(`entry '${name}' ${unsafe}; refusing the whole archive`);
      if (name.endsWith('/')) continue;
      if (!IMPORTABLE.test(name) || name.startsWith('__MACOSX/') || posix.basename(name).startsWith('.')) {
        skipped.push(name);
        continue;
      }
      declared += entry.uncompressedSize;
      if (declared > limits.maxTotalBytes) {
        return fail(`would unpack to more than ${limits.maxTotalBytes} bytes; split it into smaller archives`);
      }
      if (entry.uncompressedSize > limits.ratioFloorBytes && entry.uncompressedSize > limits.maxRatio * Math.max(entry.compressedSize, 1)) {
        return fail(`entry '${name}' expands ${Math.round(entry.uncompressedSize / Math.max(entry.compressedSize, 1))} times (more than ${limits.maxRatio}); this looks like a zip bomb, not an export`);
      }
      wanted.push({ entry, name });
    }
    dir = mkdtempSync(join(tmpdir(), 'switchboard-zip-'));
    const out: ZipEntryFile[] = [];
    let written = 0;
    for (const [i, { entry, name }] of wanted.entries()) {
      // Entries land under numbered names: the archive's own paths are never used as paths.
      const target = join(dir, `${i}-${posix.basename(name).replace(/[^\w.-]/g, '_')}`);
      // The ratio is checked again on the bytes inflated, since a zip can declare any size.
      const entryBudget = Math.max(limits.ratioFloorBytes, limits.maxRatio * Math.max(entry.compressedSize, 1));
      let entryBytes = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          written += chunk.length;
          entryBytes += chunk.length;
          if (written > limits.maxTotalBytes) done(new Error(`unpacks to more than ${limits.maxTotalBytes} bytes`));
          else if (entryBytes > entryBudget) done(new Error(`expands more than ${limits.maxRatio} times`));
          else done(null, chunk);
        },
      });
      try {
        await pipeline(await openStream(zip, entry), counter, createWriteStream(target));
      } catch (e) {
        return fail(`entry '${name}' could not be unpacked (${(e as Error).message}); the archive is damaged or a zip bomb`);
      }
      out.push({ name, path: target });
    }
    return { entries: out, skipped, cleanup };
  } finally {
    zip.close();
  }
}
