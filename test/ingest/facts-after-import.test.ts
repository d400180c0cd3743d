/**
 * After an import, the per-ticket facts of the tickets it wrote are recomputed, and only
 * those when the facts were current before it: the result equals a full rebuild.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import { readSettings } from '#core/settings.ts';
import { refreshTicketFacts, ticketFactsDerived } from '#analysis/ticket-facts/ticket-facts.ts';
import { eventLogCsv, pathEvents, writeTemp } from '../helpers/event-log.ts';

let db: Database;
beforeEach(async () => {
  db = await Database.open(':memory:');
});
afterEach(() => db.close());

const tickets = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => pathEvents(`${prefix}${i}`, i % 2 ? ['Desk', 'Payroll Team'] : ['Desk'])).flat();

/** Rows in the persisted facts and moves that a full rebuild does not give, and the other way round. */
async function differencesFromFullRebuild(): Promise<{ extra: number; missing: number; moves_extra: number; moves_missing: number }> {
  await db.run('CREATE OR REPLACE TEMP TABLE facts_now AS SELECT * FROM cache.ticket_facts');
  await db.run('CREATE OR REPLACE TEMP TABLE moves_now AS SELECT * FROM cache.ticket_moves');
  const settings = await readSettings(db);
  await db.transaction((tx) => refreshTicketFacts(tx, settings));
  const [row] = await db.all<{ extra: number; missing: number; moves_extra: number; moves_missing: number }>(
    `SELECT (SELECT count(*) FROM (SELECT * FROM facts_now EXCEPT ALL SELECT * FROM cache.ticket_facts))::INTEGER AS extra,
            (SELECT count(*) FROM (SELECT * FROM cache.ticket_facts EXCEPT ALL SELECT * FROM facts_now))::INTEGER AS missing,
            (SELECT count(*) FROM (SELECT * FROM moves_now EXCEPT ALL SELECT * FROM cache.ticket_moves))::INTEGER AS moves_extra,
            (SELECT count(*) FROM (SELECT * FROM cache.ticket_moves EXCEPT ALL SELECT * FROM moves_now))::INTEGER AS moves_missing`,
  );
  return row;
}

describe('the per-ticket facts after an import', () => {
  it('are recomputed for the tickets it wrote only, equal to a full rebuild', async () => {
    const first = await importFile(db, writeTemp('first.csv', eventLogCsv(tickets('A', 200))), { derived: ticketFactsDerived });
    expect(first.ticketFactsRecomputed).toBe(200);

    // Five new tickets, and a move to Payroll for three tickets that stayed at the desk.
    const later = [
      ...tickets('B', 5),
      ...['A0', 'A2', 'A4'].map((id) => ({ ticket_id: id, created_at: '2024-08-19T13:00:00Z', event_at: '2024-08-20T09:00:00Z', event_kind: 'assignment', group_after: 'Payroll Team', automated: 'false' })),
    ];
    const second = await importFile(db, writeTemp('second.csv', eventLogCsv(later)), { derived: ticketFactsDerived });
    expect(second).toMatchObject({ status: 'succeeded', ticketsImported: 8, ticketsNew: 5 });
    expect(second.ticketFactsRecomputed).toBe(8);
    const moved = await db.all<{ ticket_id: string; hops: number }>(
      "SELECT ticket_id, hops FROM cache.ticket_facts WHERE ticket_id IN ('A0', 'A1', 'A2') ORDER BY ticket_id",
    );
    expect(moved).toEqual([
      { ticket_id: 'A0', hops: 1 },
      { ticket_id: 'A1', hops: 1 },
      { ticket_id: 'A2', hops: 1 },
    ]);
    const moves = await db.all<{ ticket_id: string; dept_after: string; held_before: string; moves_department: boolean }>(
      "SELECT ticket_id, dept_after, held_before, moves_department FROM cache.ticket_moves WHERE ticket_id IN ('A0', 'A1', 'A2') ORDER BY ticket_id, occurred_at",
    );
    // A0 and A2 moved in the second import (their moves written by it); A1 in the first.
    expect(moves).toEqual(['A0', 'A1', 'A2'].map((ticket_id) => ({ ticket_id, dept_after: 'Payroll Team', held_before: 'Desk', moves_department: true })));
    expect(await differencesFromFullRebuild()).toEqual({ extra: 0, missing: 0, moves_extra: 0, moves_missing: 0 });
  });

  it('are rebuilt for every ticket when something else changed since they were computed', async () => {
    await importFile(db, writeTemp('first.csv', eventLogCsv(tickets('A', 20))), { derived: ticketFactsDerived });
    // The group map changes every ticket's departments; no figure has refreshed the facts since.
    await db.run("INSERT INTO group_departments VALUES ('Payroll Team', 'Payroll')");
    const second = await importFile(db, writeTemp('second.csv', eventLogCsv(tickets('B', 2))), { derived: ticketFactsDerived });
    expect(second.ticketFactsRecomputed).toBe(22);
    expect(await differencesFromFullRebuild()).toEqual({ extra: 0, missing: 0, moves_extra: 0, moves_missing: 0 });
  });
});
