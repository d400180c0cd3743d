/**
 * `switchboard mappings list|export|remove ID`: the column mappings people confirmed with
 * `ingest --field` (or the upload page), each kept for files with the same columns
 * (connectors/generic/saved-mappings.ts). Export writes JSON that a person can read, keep
 * beside the exports, or turn into a mapping file.
 */
import { writeFileSync } from 'node:fs';
import { dbPath, parse, UsageError } from '../args.ts';
import { Database } from '#core/db/database.ts';
import { listMappings, removeMapping } from '#connectors/generic/saved-mappings.ts';
import type { Command } from '../main.ts';

const usage = `Usage: switchboard mappings list [--db FILE]
       switchboard mappings export [--db FILE] [--out FILE]
       switchboard mappings remove ID [--db FILE]

  list        every saved mapping: id, the file it was confirmed on, when, its fields
  export      every saved mapping as JSON (to --out FILE, else standard output)
  remove ID   delete one; the next file with those columns is detected again
  --db FILE   database file (default: $SWITCHBOARD_DB or data/switchboard.duckdb)`;

const command: Command = {
  summary: 'list, export or remove the column mappings confirmed with ingest --field',
  usage,
  async run(args) {
    const { values, positionals } = parse(args, { db: { type: 'string' }, out: { type: 'string' } }, true);
    const [action, id, ...extra] = positionals;
    if (action !== 'list' && action !== 'export' && action !== 'remove') throw new UsageError(`say 'list', 'export' or 'remove ID', got '${action ?? ''}'`);
    if (action !== 'remove' && id !== undefined) throw new UsageError(`'${action}' takes no argument, got '${id}'`);
    if (action === 'remove' && (id === undefined || !/^\d+$/.test(id) || extra.length)) {
      throw new UsageError(`'remove' takes one mapping id (a whole number), got '${[id, ...extra].join(' ')}'`);
    }
    const db = await Database.open(dbPath(values.db));
    try {
      if (action === 'remove') {
        if (!(await removeMapping(db, Number(id)))) {
          console.error(`there is no saved mapping ${id}; 'switchboard mappings list' shows them`);
          return 1;
        }
        console.log(`mapping ${id} removed`);
        return 0;
      }
      const rows = await listMappings(db);
      if (action === 'export') {
        const json = JSON.stringify(rows.map((r) => ({ id: r.mappingId, fileName: r.fileName, columns: r.columns, fields: r.fields, createdAt: r.createdAt })), null, 2);
        if (values.out) writeFileSync(values.out, json + '\n');
        else console.log(json);
        return 0;
      }
      if (!rows.length) console.log('no saved mappings');
      for (const r of rows) {
        const fields = Object.entries(r.fields).map(([f, c]) => `${f}=${c === '' ? '(none)' : c}`).join(', ');
        console.log(`${r.mappingId}  ${r.fileName ?? ''}  ${r.createdAt.toISOString().slice(0, 10)}  ${r.columns.length} columns  ${fields}`);
      }
      return 0;
    } finally {
      await db.close();
    }
  },
};
export default command;
