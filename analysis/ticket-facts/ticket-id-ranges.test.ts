import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { inTicketIdRange, ticketIdRangeParams, ticketIdRanges } from './ticket-id-ranges.ts';

let db: Database;
beforeAll(async () => {
  db = await Database.open(':memory:');
  // Eight tickets; T3 exists in two sources. In ticket_id order: T1 T2 T3 T3 T4 T5 T6 T7.
  for (const [source, id] of [['a', 'T5'], ['a', 'T1'], ['b', 'T3'], ['a', 'T7'], ['a', 'T3'], ['a', 'T2'], ['a', 'T6'], ['a', 'T4']]) {
    await db.run(`INSERT INTO tickets (source, ticket_id, import_id, created_at) VALUES ($1, $2, 1, TIMESTAMPTZ '2024-08-19 13:00:00+00')`, [source, id]);
  }
});
afterAll(() => db.close());

async function ticketsIn(range: { from: string | null; to: string | null }): Promise<string[]> {
  const rows = await db.all<{ k: string }>(
    `SELECT t.source || ':' || t.ticket_id AS k FROM tickets t WHERE true${inTicketIdRange(range, 't')} ORDER BY t.ticket_id, t.source`,
    ticketIdRangeParams(range),
  );
  return rows.map((r) => r.k);
}

describe('ticket_id ranges for a sliced rebuild', () => {
  it('cut where the tickets before an id reach each multiple of the slice, keeping an id in one range', async () => {
    // Tickets before each id: T1 0, T2 1, T3 2, T4 4 (T3 is two tickets), T5 5, T6 6, T7 7;
    // by threes, T4 and T6 open the second and third range.
    const ranges = await ticketIdRanges(db, 3);
    expect(ranges).toEqual([
      { from: null, to: 'T4' },
      { from: 'T4', to: 'T6' },
      { from: 'T6', to: null },
    ]);
    expect(await Promise.all(ranges.map(ticketsIn))).toEqual([
      ['a:T1', 'a:T2', 'a:T3', 'b:T3'],
      ['a:T4', 'a:T5'],
      ['a:T6', 'a:T7'],
    ]);
  });

  it('is one unbounded range when every ticket fits in one slice', async () => {
    expect(await ticketIdRanges(db, 8)).toEqual([{ from: null, to: null }]);
    expect(await ticketIdRanges(db, 1)).toHaveLength(7);
  });

  it('weighs a ticket by its events too', async () => {
    // T1 with 4 events weighs 5: rows before each id are T1 0, T2 5, T3 6, T4 8, T5 9, T6 10, T7 11.
    for (let seq = 1; seq <= 4; seq++) {
      await db.run(
        `INSERT INTO ticket_events (source, ticket_id, seq, occurred_at, kind, import_id) VALUES ('a', 'T1', $1, TIMESTAMPTZ '2024-08-19 13:00:00+00', 'note', 1)`,
        [seq],
      );
    }
    try {
      const ranges = await ticketIdRanges(db, 3);
      expect(await Promise.all(ranges.map(ticketsIn))).toEqual([['a:T1'], ['a:T2'], ['a:T3', 'b:T3', 'a:T4'], ['a:T5', 'a:T6', 'a:T7']]);
    } finally {
      await db.run('DELETE FROM ticket_events');
    }
  });
});
