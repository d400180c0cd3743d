import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { readJsonRecords } from './read-export.ts';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-read-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(name: string, text: string) {
  const filePath = join(dir, name);
  writeFileSync(filePath, text);
  const db = await Database.open(':memory:');
  try {
    return await db.transaction(async (tx) => {
      await readJsonRecords(tx, { filePath, fileName: name, docs: 't_docs', records: 'raw_t', keys: ['tickets'] });
      const docs = await tx.all<{ doc_no: number; j: string }>('SELECT doc_no::INTEGER AS doc_no, j::VARCHAR AS j FROM t_docs ORDER BY doc_no');
      const records = await tx.all<{ line: number; doc_no: number; id: string }>(
        `SELECT _line::INTEGER AS line, doc_no::INTEGER AS doc_no, json_extract_string(j, '$.id') AS id FROM raw_t ORDER BY _line`,
      );
      return { docs, records };
    });
  } finally {
    await db.close();
  }
}

describe('readJsonRecords', () => {
  it('stages the records of wrapper pages with their document, and the documents with their other keys', async () => {
    const { docs, records } = await read('pages.json', '{"tickets":[{"id":"a"},{"id":"b"}],"groups":[{"id":7}]}\n{"tickets":[{"id":"c"}],"next_page":null}\n');
    expect(docs).toEqual([
      { doc_no: 0, j: '{"tickets":[],"groups":[{"id":7}]}' },
      { doc_no: 1, j: '{"tickets":[],"next_page":null}' },
    ]);
    expect(records).toEqual([
      { line: 0, doc_no: 0, id: 'a' },
      { line: 1, doc_no: 0, id: 'b' },
      { line: 2, doc_no: 1, id: 'c' },
    ]);
  });

  it('stages a newline-delimited file without wrappers as its own records', async () => {
    const { docs, records } = await read('lines.jsonl', '{"id":"a"}\n{"id":"b"}\n');
    expect(docs.map((d) => d.doc_no)).toEqual([0, 1]);
    expect(records).toEqual([{ line: 0, doc_no: 0, id: 'a' }, { line: 1, doc_no: 1, id: 'b' }]);
  });

  it('stages the items of a top-level array as documents and records', async () => {
    const { docs, records } = await read('array.json', '[\n {"id": "a"},\n {"id": "b"}\n]\n');
    expect(docs).toEqual([{ doc_no: 0, j: '{"id": "a"}' }, { doc_no: 1, j: '{"id": "b"}' }]);
    expect(records).toEqual([{ line: 0, doc_no: 0, id: 'a' }, { line: 1, doc_no: 1, id: 'b' }]);
  });

  it('names the file and the record when DuckDB refuses a record the byte scan let through', async () => {
    await expect(read('bad.json', '{"tickets":[{"id":"a"},{"id" "b"}]}')).rejects.toThrow('bad.json: record 2 is not valid JSON; export the file again');
    await expect(read('bad-doc.json', '{"tickets":[{"id":"a"}]}\n{"tickets":[],"count" 2}\n')).rejects.toThrow(
      'bad-doc.json: document 2 is not valid JSON (unexpected character); export the file again',
    );
    await expect(read('bad-line.jsonl', '{"id":"a"}\n{"id" "b"}\n')).rejects.toThrow('bad-line.jsonl: line 2, byte 7 of it is not valid JSON (unexpected character); export the file again');
  });
});
