/**
 * One pass over the whole text DuckDB is about to read, for what the first 256 KB cannot
 * show: whether every byte is UTF-8 (DuckDB fails on a bad byte deep in a file with an
 * internal error, or imports it mangled), and, for a gzip file, its decompressed tail (for
 * the cut-off-row check) with the inflation held to a budget (decompression-budget.ts).
 *
 * Memory is one chunk plus the tail: the file is streamed, never held. Node's native
 * `isUtf8` checks each chunk; a character split across two chunks is carried over.
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { budgetCounter, DEFAULT_GZIP_LIMITS, type DecompressionLimits } from './decompression-budget.ts';

export interface TextScan {
  /** The last `tailBytes` of the (decompressed) text. */
  tail: Buffer;
  /** Where the first byte that is not UTF-8 sits, when there is one. */
  invalidUtf8?: { line: number; byte: number; asciiBefore: boolean };
  bytes: number;
}

/** Pure: how many bytes at the end of `bytes` start a character that continues past it. */
export function incompleteTail(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let back = 1; back <= Math.min(3, end); back++) {
    const b = bytes[end - back];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
    if (b < 0xc0) return 0; // ASCII ends the chunk cleanly
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return back < need ? back : 0;
  }
  return 0;
}

/** Pure: the index of the first byte of `bytes` that does not belong to valid UTF-8. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (!need || i + need > bytes.length || !isUtf8(bytes.subarray(i, i + need))) return i;
    i += need;
  }
  return bytes.length;
}

function countLines(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

const isAscii = (bytes: Uint8Array) => !bytes.some((b) => b >= 0x80);

export async function scanText(
  path: string,
  options: { gzip: boolean; tailBytes: number; limits?: DecompressionLimits },
): Promise<TextScan> {
  let carry: Buffer = Buffer.alloc(0);
  let lines = 0;
  let offset = 0;
  let asciiSoFar = true;
  let invalid: TextScan['invalidUtf8'];
  const recent: Buffer[] = [];
  let held = 0;
  const consume = async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      recent.push(chunk);
      held += chunk.length;
      while (held - recent[0].length >= options.tailBytes) held -= recent.shift()!.length;
      if (invalid) continue;
      const bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const end = bytes.length - incompleteTail(bytes);
      const whole = bytes.subarray(0, end);
      if (!isUtf8(whole)) {
        const at = firstInvalidUtf8(whole);
        invalid = { line: lines + countLines(whole.subarray(0, at)) + 1, byte: offset + at, asciiBefore: asciiSoFar && isAscii(whole.subarray(0, at)) };
        continue;
      }
      if (asciiSoFar) asciiSoFar = isAscii(whole);
      lines += countLines(whole);
      offset += end;
      carry = Buffer.from(bytes.subarray(end));
    }
  };
  const source = createReadStream(path);
  if (options.gzip) {
    await pipeline(source, createGunzip(), budgetCounter(statSync(path).size, options.limits ?? DEFAULT_GZIP_LIMITS), consume);
  } else {
    await pipeline(source, consume);
  }
  // A character cut by the end of the file.
  if (!invalid && carry.length) invalid = { line: lines + 1, byte: offset, asciiBefore: asciiSoFar };
  const all = Buffer.concat(recent);
  return { tail: all.subarray(Math.max(0, all.length - options.tailBytes)), invalidUtf8: invalid, bytes: offset + carry.length };
}
