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
import { maxObjectSize, readOrExplain } from '../kit/read-export.ts';
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

export async function readRecords(tx: ConnectionQueries, split: JsonRecords, file: { fileName: string; gzip: boolean }): Promise<void> {
  if (split.recordsPath) {
    // doc_no<TAB>record lines: a compact JSON text holds no raw tab or line break.
    await readOrExplain(file.fileName, (line) => `record ${line}`, () =>
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
  await readOrExplain(file.fileName, (line) => `document ${line}`, () =>
    tx.run(
      `CREATE OR REPLACE TEMP TABLE generic_records AS SELECT json AS r FROM read_json_objects($path, format = '${split.format}',
        maximum_object_size = ${maxObjectSize(split.largestDoc)}${compression}) WHERE json_type(json) = 'OBJECT'`,
      { path: split.docsPath },
    ),
  );
}
