/**
 * Which text encoding a file's first bytes are in. Pure: it sees a Buffer, not a file.
 *
 * District exports come from spreadsheets as often as from helpdesks: Excel's "Unicode
 * text" is UTF-16 LE with a BOM (tab-delimited), older Excel and Windows tools write
 * Windows-1252 without saying so. A byte-order mark decides where there is one; otherwise
 * text that is valid UTF-8 is UTF-8, and anything else is taken as Windows-1252 (every
 * byte decodes, and it is what those tools write). NUL bytes in a file without a UTF-16
 * pattern mean a binary file (an image, a spreadsheet saved as .xlsx...).
 */

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface EncodingGuess {
  encoding?: TextEncoding;
  /** Length of the byte-order mark at the start, 0 when there is none. */
  bomLength: number;
  reason: string;
}

/** `complete` is true when `head` is the whole file (a cut multi-byte character is then an error). */
export function detectEncoding(head: Uint8Array, complete: boolean): EncodingGuess {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3, reason: 'UTF-8 (with a byte-order mark)' };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2, reason: 'UTF-16 LE (byte-order mark; Excel "Unicode text")' };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2, reason: 'UTF-16 BE (byte-order mark)' };
  const zeros = utf16ZeroPattern(head);
  if (zeros) return { encoding: zeros, bomLength: 0, reason: `${zeros === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE'} (no byte-order mark; zero bytes fall in every other position)` };
  if (head.includes(0)) return { bomLength: 0, reason: 'binary content (NUL bytes)' };
  if (isUtf8(head, complete)) return { encoding: 'utf-8', bomLength: 0, reason: 'UTF-8' };
  return { encoding: 'windows-1252', bomLength: 0, reason: 'Windows-1252 (not valid UTF-8)' };
}

/**
 * UTF-16 text without a BOM, told by where its zero bytes fall in the first 4 KB: Latin
 * text has a zero high byte in almost every code unit, and even Cyrillic or CJK exports
 * have them in their delimiters and line breaks, so zeros sit mostly on one side.
 * A few on the other side are allowed (U+0100, U+4E00 '一' have a zero low byte). The
 * candidate must then decode to text: no control characters besides tab, CR and LF, and
 * surrogates in pairs; a binary file whose zeros happen to fall one way fails there.
 */
function utf16ZeroPattern(head: Uint8Array): TextEncoding | undefined {
  const n = Math.min(head.length - (head.length % 2), 4096);
  if (n < 8) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) if (head[i] === 0) (i % 2 === 0 ? even++ : odd++);
  const enough = Math.max(2, (n / 2) * 0.05);
  const candidate: TextEncoding | undefined =
    odd >= enough && even * 2 < odd ? 'utf-16le' : even >= enough && odd * 2 < even ? 'utf-16be' : undefined;
  return candidate && decodesAsUtf16Text(head.subarray(0, n), candidate === 'utf-16le') ? candidate : undefined;
}

function decodesAsUtf16Text(bytes: Uint8Array, littleEndian: boolean): boolean {
  let highSurrogate = false;
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const unit = littleEndian ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1];
    if (unit < 0x20 && unit !== 0x09 && unit !== 0x0a && unit !== 0x0d) return false;
    const isHigh = unit >= 0xd800 && unit <= 0xdbff;
    const isLow = unit >= 0xdc00 && unit <= 0xdfff;
    if (isLow !== highSurrogate) return false;
    highSurrogate = isHigh;
  }
  return true;
}

function isUtf8(bytes: Uint8Array, complete: boolean): boolean {
  let end = bytes.length;
  if (!complete) {
    // The sample may end inside a multi-byte character: drop an incomplete tail.
    let i = end - 1;
    while (i >= 0 && end - i <= 3 && (bytes[i] & 0xc0) === 0x80) i--;
    if (i >= 0 && bytes[i] >= 0xc0) {
      const need = bytes[i] >= 0xf0 ? 4 : bytes[i] >= 0xe0 ? 3 : 2;
      if (end - i < need) end = i;
    }
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}
