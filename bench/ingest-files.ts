/**
 * One import of several files, as a process of its own: the first file with the others
 * as its companions (an incident list and its sys_audit, Zendesk tickets and their ticket
 * events), which `switchboard ingest` cannot express since it imports each file alone.
 * The same importFile call the CLI makes, with the per-ticket facts; prints the CLI's
 * summary, so the bench reads the phases the same way.
 *
 * Usage: tsx bench/ingest-files.ts <db> <file> [companion ...]
 */
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import { ticketFactsDerived } from '#analysis/ticket-facts/ticket-facts.ts';
import { formatSummary } from '#cli/commands/ingest.ts';

const [dbPath, first, ...companions] = process.argv.slice(2);
if (!dbPath || !first) {
  console.error('usage: tsx bench/ingest-files.ts <db> <file> [companion ...]');
  process.exit(2);
}
const db = await Database.open(dbPath);
try {
  const summary = await importFile(db, first, { companionFiles: companions, derived: ticketFactsDerived });
  console.error(formatSummary(summary));
} finally {
  await db.close();
}
