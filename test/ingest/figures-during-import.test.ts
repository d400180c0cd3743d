/**
 * A figure asked for while an import runs: the import rebuilds the per-ticket facts once it
 * commits, and a figure that finds them stale rebuilds them too. The two must not
 * write the facts table at the same time (DuckDB refuses the second writer: "write-write
 * conflict"), so the two rebuilds queue one behind the other, and whichever runs second
 * finds the facts current or makes them so.
 */
import { ticketFactsDerived } from '#analysis/ticket-facts/ticket-facts.ts';
import { describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import { readSettings } from '#core/settings.ts';
import { routingSummary } from '#analysis/routing-summary/routing-summary.ts';
import { eventLogCsv, pathEvents, writeTemp } from '../helpers/event-log.ts';

function tickets(prefix: string, n: number) {
  return eventLogCsv(Array.from({ length: n }, (_, i) => pathEvents(`${prefix}${i}`, i % 2 ? ['Desk', 'Payroll Team'] : ['Desk'])).flat());
}

describe('figures during an import', () => {
  it('queue with the import instead of failing it, and the facts end current', async () => {
    const db = await Database.open(':memory:');
    try {
      await importFile(db, writeTemp('first.csv', tickets('A', 200)), { derived: ticketFactsDerived });
      // Stale facts: a map changed outside any import.
      await db.run("INSERT INTO group_departments VALUES ('Payroll Team', 'Payroll')");
      const importing = importFile(db, writeTemp('second.csv', tickets('B', 5_000)), { derived: ticketFactsDerived });
      const settings = await readSettings(db);
      const during = routingSummary(db, {}, settings);
      const [imported, summary] = await Promise.all([importing, during]);
      expect(imported).toMatchObject({ status: 'succeeded', ticketsImported: 5_000 });
      // The figure counts the tickets before the import or after it, never a part.
      expect([200, 5_200]).toContain(summary.tickets);
      const [{ n }] = await db.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM cache.ticket_facts');
      expect(n).toBe(5_200);
    } finally {
      await db.close();
    }
  });
});
