/**
 * The small parts of a workbook a sheet needs before its cells can be read: the sheet
 * list (names in tab order, and where each sheet's XML is), which cell styles are dates,
 * and the shared strings that text cells point into (rich text flattened to plain text).
 */
import { posix } from 'node:path';
import { isDateFormat } from './cell-values.ts';
import { MAX_CELL_CHARS, XlsxError, type XlsxArchive, type XlsxLimits } from './xlsx-archive.ts';

export interface SheetRef {
  name: string;
  /** The sheet's part, such as 'xl/worksheets/sheet1.xml'. */
  part: string;
  hidden: boolean;
}

export interface WorkbookInfo {
  sheets: SheetRef[];
  /** Old Mac workbooks count days from 1904. */
  date1904: boolean;
}

const attr = (attributes: Record<string, string>, suffix: string) =>
  Object.entries(attributes).find(([k]) => k === suffix || k.endsWith(`:${suffix}`))?.[1];

export async function readWorkbook(archive: XlsxArchive): Promise<WorkbookInfo> {
  const listed: { name: string; rid: string; hidden: boolean }[] = [];
  let date1904 = false;
  await archive.parse('xl/workbook.xml', {
    open(name, a) {
      if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
      if (name === 'sheet') listed.push({ name: a.name ?? '', rid: attr(a, 'id') ?? '', hidden: !!a.state && a.state !== 'visible' });
    },
  });
  const targets = new Map<string, string>();
  if (archive.has('xl/_rels/workbook.xml.rels')) {
    await archive.parse('xl/_rels/workbook.xml.rels', {
      open(name, a) {
        if (name === 'Relationship' && a.Id && a.Target) targets.set(a.Id, a.Target);
      },
    });
  }
  const sheets = listed.map(({ name, rid, hidden }) => {
    const target = targets.get(rid);
    // Targets are relative to xl/ ('worksheets/sheet1.xml') or absolute ('/xl/worksheets/sheet1.xml').
    const part = target === undefined ? '' : target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join('xl', target));
    return { name, part, hidden };
  });
  return { sheets, date1904 };
}

/** For each cell style index (a cell's `s`), whether its number format shows a date. */
export async function readDateStyles(archive: XlsxArchive): Promise<boolean[]> {
  if (!archive.has('xl/styles.xml')) return [];
  const formats = new Map<number, string>();
  const xfs: number[] = [];
  let inCellXfs = false;
  await archive.parse('xl/styles.xml', {
    open(name, a) {
      if (name === 'numFmt') formats.set(Number(a.numFmtId), a.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) xfs.push(Number(a.numFmtId ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return xfs.map((id) => isDateFormat(id, formats.get(id)));
}

/**
 * The shared string table. Each item is plain text: the runs of rich text joined, the
 * phonetic guides (`rPh`) left out. Held in memory, so bounded by count, characters and
 * each string's length (Excel's cell limit).
 */
export async function readSharedStrings(archive: XlsxArchive, limits: XlsxLimits): Promise<string[]> {
  const part = ['xl/sharedStrings.xml', 'xl/SharedStrings.xml'].find((p) => archive.has(p));
  if (!part) return [];
  const strings: string[] = [];
  let current = '';
  let chars = 0;
  let inT = false;
  let phonetic = 0;
  await archive.parse(part, {
    open(name) {
      if (name === 'si') current = '';
      else if (name === 't') inT = true;
      else if (name === 'rPh') phonetic++;
    },
    close(name) {
      if (name === 'si') {
        if (strings.length >= limits.maxSharedStrings) {
          throw new XlsxError(`holds more than ${limits.maxSharedStrings.toLocaleString('en-US')} distinct text values (shared strings), more than one import reads at once; split the workbook or save the sheet as CSV`);
        }
        chars += current.length;
        if (chars > limits.maxSharedStringChars) {
          throw new XlsxError(`holds more than ${limits.maxSharedStringChars.toLocaleString('en-US')} characters of distinct text (shared strings), more than one import reads at once; split the workbook or save the sheet as CSV`);
        }
        strings.push(current);
      } else if (name === 't') inT = false;
      else if (name === 'rPh') phonetic--;
    },
    text(text) {
      if (!inT || phonetic !== 0) return;
      if (current.length + text.length > MAX_CELL_CHARS) {
        throw new XlsxError(`shared string ${strings.length + 1} is longer than ${MAX_CELL_CHARS.toLocaleString('en-US')} characters, the most an Excel cell holds; this is not a workbook Excel saved`);
      }
      current += text;
    },
  }, { maxBytes: limits.maxSharedStringsBytes });
  return strings;
}

export function chooseSheet(info: WorkbookInfo, wanted?: string): SheetRef {
  const names = info.sheets.map((s) => `'${s.name}'`).join(', ');
  if (wanted !== undefined) {
    const sheet = info.sheets.find((s) => s.name === wanted) ?? info.sheets.find((s) => s.name.toLowerCase() === wanted.trim().toLowerCase());
    if (!sheet) throw new XlsxError(`has no sheet named '${wanted}'; its sheets are ${names}. Set "sheet" in the mapping to one of them`, 'SB_ERR_BAD_MAPPING');
    return sheet;
  }
  const first = info.sheets.find((s) => !s.hidden && s.part) ?? info.sheets.find((s) => s.part);
  if (!first) throw new XlsxError('has no sheets; save it again from Excel', 'SB_ERR_EMPTY_FILE');
  return first;
}
