/**
 * "Information only": resolved within 30 minutes of creation, with one human reply and no
 * reassignment. The 30 minutes are elapsed time, to the second at the edge, and across the
 * night the clocks go forward (Chicago, 2024-03-10 02:00 CST became 03:00 CDT).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { DEFAULT_SETTINGS } from '#core/settings.ts';
import { ticketFacts } from './ticket-facts.ts';

// [ticket, created, resolved]; each has an assignment to Desk at creation and one human comment.
const TICKETS: [string, string, string | null][] = [
  ['AT-30-MIN', '2024-08-20T15:00:00Z', '2024-08-20T15:30:00Z'],
  ['30-MIN-1-S', '2024-08-20T15:00:00Z', '2024-08-20T15:30:01Z'],
  // 01:50 CST to 03:15 CDT: 85 minutes on the wall clock, 25 elapsed.
  ['DST-25-MIN', '2024-03-10T07:50:00Z', '2024-03-10T08:15:00Z'],
  // 01:20 CDT to 01:45 CST on the night the clocks go back: 25 on the clock, 85 elapsed.
  ['DST-85-MIN', '2024-11-03T06:20:00Z', '2024-11-03T07:45:00Z'],
  ['OPEN', '2024-08-20T15:00:00Z', null],
];

let db: Database;
beforeAll(async () => {
  db = await Database.open(':memory:');
  await db.run("SET TimeZone = 'America/Chicago'");
  for (const [id, created, resolved] of TICKETS) {
    await db.run(
      `INSERT INTO tickets (source, ticket_id, import_id, created_at, resolved_at, subject) VALUES ('s', $1, 1, $2::TIMESTAMPTZ, $3::TIMESTAMPTZ, 'Printer toner')`,
      [id, created, resolved],
    );
    await db.run(
      `INSERT INTO ticket_events (source, ticket_id, seq, occurred_at, kind, group_after, automated, import_id) VALUES
         ('s', $1, 1, $2::TIMESTAMPTZ, 'assignment', 'Desk', false, 1),
         ('s', $1, 2, $2::TIMESTAMPTZ + INTERVAL 1 MINUTE, 'comment', NULL, false, 1)`,
      [id, created],
    );
  }
});
afterAll(() => db.close());

describe('information only', () => {
  it('counts elapsed time up to 30 minutes, not the wall clock', async () => {
    const facts = await ticketFacts(db, {}, DEFAULT_SETTINGS);
    expect(Object.fromEntries(facts.map((f) => [f.ticket_id, f.information_only]))).toEqual({
      'AT-30-MIN': true,
      '30-MIN-1-S': false,
      'DST-25-MIN': true,
      'DST-85-MIN': false,
      OPEN: false,
    });
  });
});
