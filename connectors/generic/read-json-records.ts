/**
 * DuckDB's read of a JSON export once the scanner (file-input/json-records.ts) has split
 * it: the records into the temp table `generic_records` (one column `r`, JSON). A wrapper's
 * records are its array's items, every one (an item that is not an object gives a row
 * of empty columns); without a wrapper, the documents that are objects are the records.
 *
 * The paths are bound parameters; the format and the sizes are the scanner's own values.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { ConnectionQueries } from '#core/db/database.ts';
import { ImportError } from '#core/errors.ts';
import type { JsonRecords } from '#file-input/json-records.ts';

/** Whether the file starts with gzip's magic bytes (its name is not trusted). */
export function isGzip(filePath: string): boolean {
  const head = Buffer.alloc(2);
  const fd = openSync(filePath, 'r');
  try {
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** DuckDB's bound on one JSON object or line: the largest one met, at least 1 MiB. */
function maxObjectSize(bytes: number): number {
  return Math.max(bytes + 1, 1 << 20);
}

export async function readRecords(tx: ConnectionQueries, split: JsonRecords, file: { fileName: string; gzip: boolean }): Promise<void> {
  if (split.recordsPath) {
    // doc_no<TAB>record lines: a compact JSON text holds no raw tab or line break.
    await readOrExplain(file.fileName, 'record', () =>
      tx.run(
        `CREATE OR REPLACE TEMP TABLE generic_records AS SELECT j AS r FROM read_csv($path, columns = {'doc_no': 'BIGINT', 'j': 'JSON'},
          delim = '\t', quote = '', escape = '', header = false, auto_detect = false, max_line_size = ${maxObjectSize(split.largestRecord + 24)})`,
        { path: split.recordsPath! },
      ),
    );
    return;
  }
  // A file passed through is the export itself, still gzip when it was.
  const compression = split.passThrough && file.gzip ? `, compression = 'gzip'` : '';
  await readOrExplain(file.fileName, 'document', () =>
    tx.run(
      `CREATE OR REPLACE TEMP TABLE generic_records AS SELECT json AS r FROM read_json_objects($path, format = '${split.format}',
        maximum_object_size = ${maxObjectSize(split.largestDoc)}${compression}) WHERE json_type(json) = 'OBJECT'`,
      { path: split.docsPath },
    ),
  );
}

/**
 * DuckDB's refusal of a record (JSON grammar the byte scan does not check) told with the
 * file's own name and the record's or document's number, not the temp copy's path.
 */
async function readOrExplain(fileName: string, unit: 'record' | 'document', read: () => Promise<unknown>): Promise<void> {
  try {
    await read();
  } catch (e) {
    const message = (e as Error).message;
    const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
    if (line) throw new ImportError('SB_ERR_UNREADABLE', `${fileName}: record ${line} is not valid JSON; export the file again`);
    // DuckDB 1.5.6 counts lines from 2 and bytes from 1: "at byte 7 in line 3" is the seventh byte of the second line.
    const json = /Malformed JSON[^:]*?, at byte (\d+) in line (\d+): ([^.\n]*)/.exec(message);
    if (json) throw new ImportError('SB_ERR_UNREADABLE', `${fileName}: ${unit} ${Number(json[2]) - 1} is not valid JSON (${json[3]}); export the file again`);
    throw e;
  }
}
