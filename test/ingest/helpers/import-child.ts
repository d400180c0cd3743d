/**
 * A child process for the crash test: imports one file into a database file and prints
 * each progress phase on its own line, so the parent can kill it at a known point.
 */
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';

const [dbFile, file] = process.argv.slice(2);
const db = await Database.open(dbFile);
let last = '';
await importFile(db, file, {
  onProgress: (p) => {
    if (p.phase !== last) process.stdout.write(`phase ${p.phase}\n`);
    last = p.phase;
  },
});
db.close();
process.stdout.write('finished\n');
