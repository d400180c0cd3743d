/**
 * The practical limit for the ingest: DuckDB's own `read_csv` of the same export into a
 * table of a fresh file database, nothing else. Run as its own process (like the CLI's
 * ingest) so both timings include starting Node and opening the file.
 *
 * Usage: tsx bench/read-csv-baseline.ts <csv> <fresh.duckdb>
 */
import { DuckDBInstance } from '@duckdb/node-api';

const [csvPath, dbPath] = process.argv.slice(2);
if (!csvPath || !dbPath) {
  console.error('usage: tsx bench/read-csv-baseline.ts <csv> <fresh.duckdb>');
  process.exit(2);
}
const instance = await DuckDBInstance.create(dbPath);
const connection = await instance.connect();
const prepared = await connection.prepare('CREATE TABLE events AS SELECT * FROM read_csv($1, header = true)');
prepared.bindVarchar(1, csvPath);
await prepared.run();
const rows = (await connection.runAndReadAll('SELECT count(*)::INTEGER AS n FROM events')).getRowObjectsJS()[0].n;
await connection.run('CHECKPOINT');
connection.closeSync();
instance.closeSync();
console.log(JSON.stringify({ rows }));
