/**
 * `switchboard imports list|remove ID`: what was imported, and taking one import back out
 * (see ingest/imports.ts for what removal means when later imports touched its tickets).
 */
import { dbPath, parse, UsageError } from '../args.ts';
import { Database } from '#core/db/database.ts';
import { listImports, removeImport } from '#ingest/imports.ts';
import type { Command } from '../main.ts';

const usage = `Usage: switchboard imports list [--db FILE] [--json]
       switchboard imports remove ID [--db FILE]

  list        every import: id, source, file, status, rows, tickets, events, rejected, times
  remove ID   delete the tickets that import last wrote and the events it added, in one
              transaction, and mark it removed (the file can then be imported again)
  --db FILE   database file (default: $SWITCHBOARD_DB or data/switchboard.duckdb)
  --json      print the list as JSON`;

const iso = (d: Date | null) => (d ? d.toISOString().replace('.000Z', 'Z') : '');

const command: Command = {
  summary: 'list imports, or remove one',
  usage,
  async run(args) {
    const { values, positionals } = parse(args, { db: { type: 'string' }, json: { type: 'boolean' } }, true);
    const [action, id, ...extra] = positionals;
    if (action !== 'list' && action !== 'remove') throw new UsageError(`say 'list' or 'remove ID', got '${action ?? ''}'`);
    if (action === 'list' && id !== undefined) throw new UsageError(`'list' takes no argument, got '${id}'`);
    if (action === 'remove' && (id === undefined || !/^\d+$/.test(id) || extra.length)) {
      throw new UsageError(`'remove' takes one import id (a whole number), got '${[id, ...extra].join(' ')}'`);
    }
    const db = await Database.open(dbPath(values.db));
    try {
      if (action === 'remove') {
        const r = await removeImport(db, Number(id));
        console.log(`import ${r.importId} removed: ${r.ticketsRemoved} tickets, ${r.eventsRemoved} events deleted`);
        return 0;
      }
      const rows = await listImports(db);
      if (values.json) {
        console.log(JSON.stringify(rows, null, 2));
        return 0;
      }
      const header = ['id', 'source', 'file', 'status', 'rows', 'tickets', 'events', 'rejected', 'started', 'finished'];
      const table = rows.map((r) => [
        String(r.import_id), r.source, r.file_name ?? '', r.status, String(r.rows_read), String(r.tickets_imported),
        String(r.events_imported), String(r.rows_rejected), iso(r.started_at), iso(r.finished_at),
      ]);
      const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
      for (const line of [header, ...table]) console.log(line.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
      return 0;
    } finally {
      await db.close();
    }
  },
};
export default command;
