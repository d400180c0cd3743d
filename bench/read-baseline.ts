/**
 * The practical limit for a connector's ingest: DuckDB's own read of the same export
 * files (read_csv, or read_json for JSON) into tables of a fresh file database, nothing
 * else. Run as its own process (like the ingest) so both timings include starting Node
 * and opening the file. bench/read-csv-baseline.ts is the one-CSV case.
 *
 * Usage: tsx bench/read-baseline.ts <fresh.duckdb> <file> [file ...]
 */
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [dbPath, ...files] = process.argv.slice(2);
if (!dbPath || !files.length) {
  console.error('usage: tsx bench/read-baseline.ts <fresh.duckdb> <file> [file ...]');
  process.exit(2);
}

function isJson(path: string): boolean {
  const head = Buffer.alloc(64);
  const fd = openSync(path, 'r');
  const n = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  return /^\uFEFF?\s*[[{]/.test(head.subarray(0, n).toString('utf8'));
}

const instance = await DuckDBInstance.create(dbPath);
const connection = await instance.connect();
let rows = 0;
for (const [i, file] of files.entries()) {
  // One wrapper object is one document as large as the file.
  const read = isJson(file)
    ? `read_json($1, format = 'auto', maximum_object_size = ${Math.max(statSync(file).size + 1, 1 << 24)})`
    : 'read_csv($1, header = true)';
  const prepared = await connection.prepare(`CREATE TABLE f${i} AS SELECT * FROM ${read}`);
  prepared.bindVarchar(1, file);
  await prepared.run();
  rows += Number((await connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM f${i}`)).getRowObjectsJS()[0].n);
}
await connection.run('CHECKPOINT');
connection.closeSync();
instance.closeSync();
console.log(JSON.stringify({ rows }));
