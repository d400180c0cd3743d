/**
 * `switchboard consortium --from DIR --db FILE`: one database from many districts'
 * partitioned exports (`switchboard export --partitioned --district NAME --to DIR` in each
 * district, the folders copied together), then `switchboard serve --db FILE` shows them
 * with the source filter as the district filter and /api/consortium comparing them.
 */
import { dbPath, parse, UsageError } from '../args.ts';
import { Database } from '#core/db/database.ts';
import { loadConsortium } from '#ingest/consortium/load-partitions.ts';
import type { Command } from '../main.ts';

const usage = `Usage: switchboard consortium --from DIR --db FILE

Reads DIR/tickets, DIR/ticket_events, DIR/imports and the mapping tables, each partitioned
by district (and month), into FILE, which must be new or empty. Sources become
DISTRICT/source and groups 'DISTRICT / group'; departments and request types are shared.`;

const command: Command = {
  summary: "build one database from many districts' partitioned exports",
  usage,
  async run(args) {
    const { values } = parse(args, { db: { type: 'string' }, from: { type: 'string' } });
    if (!values.from) throw new UsageError('--from DIR is required');
    if (!values.db) throw new UsageError('--db FILE is required (a new database for the consortium)');
    const db = await Database.open(dbPath(values.db));
    try {
      const r = await loadConsortium(db, values.from);
      console.log(`consortium of ${r.districts.length} districts (${r.districts.join(', ')}): ${r.tickets} tickets, ${r.events} events`);
      for (const note of r.notes) console.log(`  note: ${note}`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
export default command;
