/**
 * `switchboard demo`: the synthetic district, straight into a database or as export files.
 */
import { dbPath, parse, positiveInt, UsageError } from '../args.ts';
import { Database } from '#core/db/database.ts';
import { writeDistrictToDatabase } from '#fixtures/synthetic-district/write-duckdb.ts';
import { writeDistrictExports } from '#fixtures/synthetic-district/write-exports.ts';
import type { Command } from '../main.ts';

const usage = `Usage: switchboard demo [--tickets N] [--seed N] [--db FILE | --out FOLDER]

Generates a seeded, deterministic synthetic school district (departments, schools, request
types with true owners, misroutes, ping-pong, redirects) and its ground truth.
  --tickets N     how many tickets (default 20000; 1,000 to 5,000,000 run in constant memory)
  --seed N        the random seed (default: the built-in seed; same seed, same district)
  --db FILE       write straight into this database (default: $SWITCHBOARD_DB or data/switchboard.duckdb)
  --out FOLDER    write export files instead (generic-events.csv, ground-truth.csv, ...)`;

const command: Command = {
  summary: 'write a synthetic district into a database or as export files',
  usage,
  async run(args) {
    const { values } = parse(args, { tickets: { type: 'string' }, seed: { type: 'string' }, db: { type: 'string' }, out: { type: 'string' } });
    const tickets = positiveInt('tickets', values.tickets, 20_000, 5_000_000);
    const seed = values.seed === undefined ? undefined : positiveInt('seed', values.seed, 1, 2 ** 31);
    if (values.db && values.out) throw new UsageError('give --db or --out, not both');
    const started = Date.now();
    if (values.out) {
      await writeDistrictExports(values.out, { tickets, seed });
      console.error(`wrote a district of ${tickets} tickets to ${values.out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return 0;
    }
    const db = await Database.open(dbPath(values.db));
    try {
      const result = await writeDistrictToDatabase(db, { tickets, seed });
      console.error(`wrote ${result.tickets} tickets and ${result.events} events to ${db.path} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      await db.close();
    }
    return 0;
  },
};
export default command;
