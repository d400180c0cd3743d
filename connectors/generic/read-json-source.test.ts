/**
 * The generic connector's JSON reading through the record scanner, on hand-made files:
 * which array holds the records, every shape it reads, gzip, and the record cap.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { readJsonSource } from './read-source.ts';

const root = mkdtempSync(join(tmpdir(), 'switchboard-generic-json-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let db: Database;
beforeEach(async () => {
  db = await Database.open(':memory:');
});
afterEach(() => db.close());

function file(name: string, text: string | Buffer): string {
  const path = join(root, name);
  writeFileSync(path, text);
  return path;
}

/** The source's columns, notes and rows (values as text). */
async function read(name: string, text: string | Buffer, limits = {}) {
  // The temp tables live on the transaction's connection; nothing is kept.
  return db.transaction(
    async (tx) => {
      const source = await readJsonSource(tx, file(name, text), name, limits);
      const rows = await tx.all<Record<string, string | null>>(`SELECT * FROM ${source.from}`);
      return { columns: source.columns, notes: source.notes, rows: rows.map((r) => source.columns.map((c) => r[c])) };
    },
    { rollback: true },
  );
}

describe('readJsonSource', () => {
  it('finds the record array when it is not the first key', async () => {
    const r = await read('first.json', '{"count":2,"meta":{"page":1},"tickets":[{"id":"T1","group":{"name":"IT"}},{"id":"T2","group":{"name":"HR"}}]}');
    expect(r).toEqual({ columns: ['id', 'group.name'], notes: ['records: the "tickets" array (2 records)'], rows: [['T1', 'IT'], ['T2', 'HR']] });
  });

  it('takes the larger of two arrays of objects, whichever comes first, and skips arrays of scalars', async () => {
    const r = await read('two.json', '{"users":[{"u":1}],"ids":[1,2,3,4],"tickets":[{"id":"A"},{"id":"B"},{"id":"C"}]}');
    expect(r).toEqual({ columns: ['id'], notes: ['records: the "tickets" array (3 records; also "users" (1))'], rows: [['A'], ['B'], ['C']] });
  });

  it('takes the first written of two arrays of the same length, and a key written with escapes', async () => {
    const r = await read('tie.json', '{"t\\u0069ckets":[{"id":"A"}],"users":[{"u":1}]}');
    expect(r).toEqual({ columns: ['id'], notes: ['records: the "tickets" array (1 records; also "users" (1))'], rows: [['A']] });
  });

  it('reads a top-level array, its objects the records', async () => {
    const r = await read('array.json', '[\n {"id":"A","n":1},\n {"id":"B","n":2}\n]\n');
    expect(r).toEqual({ columns: ['id', 'n'], notes: [], rows: [['A', '1'], ['B', '2']] });
  });

  it('reads newline-delimited records, even when each holds an array of objects', async () => {
    const r = await read('lines.ndjson', '{"id":"A","events":[{"e":1}]}\n{"id":"B","events":[{"e":2},{"e":3}]}\n');
    expect(r).toEqual({ columns: ['id'], notes: [], rows: [['A'], ['B']] });
  });

  it('reads a gzip wrapper through gunzip', async () => {
    const r = await read('wrapped.json.gz', gzipSync('{"users":[{"u":1}],"tickets":[{"id":"A"},{"id":"B"}]}'));
    expect(r).toEqual({ columns: ['id'], notes: ['records: the "tickets" array (2 records; also "users" (1))'], rows: [['A'], ['B']] });
  });

  it('reads a gzip of newline-delimited records as it is', async () => {
    const r = await read('lines.json.gz', gzipSync('{"id":"A"}\n{"id":"B"}\n'));
    expect(r.rows).toEqual([['A'], ['B']]);
  });

  it('refuses a cut-off gzip naming the file', async () => {
    const gz = gzipSync(`{"tickets":[${'{"id":"A"},'.repeat(2000)}{"id":"B"}]}`);
    await expect(read('cut.json.gz', gz.subarray(0, gz.length - 10))).rejects.toThrow(/^cut\.json\.gz: is not a complete gzip file/);
  });

  it('refuses a record over the cap, naming the file, the record and its byte', async () => {
    await expect(read('big.json', '{"tickets":[{"id":"A"},{"id":"B","s":"0123456789012345678901234567890123456789"}]}', { maxRecordBytes: 32 })).rejects.toThrow(
      'big.json: record 2 (the record from byte 23) is larger than 32 bytes, the most one record may hold',
    );
  });

  it('refuses malformed JSON with its byte', async () => {
    await expect(read('bad.json', '{"tickets":[{"id":"A"}}')).rejects.toThrow("bad.json: is not valid JSON: a '}' that closes nothing open at byte 22 (document 1)");
  });
});
