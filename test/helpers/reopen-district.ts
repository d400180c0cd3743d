/**
 * Ten tickets written straight into the canonical tables (no connector), small enough to
 * count by hand, for the reopened measure and the department guard:
 *
 *   A1-A5  Payroll Team 13:00 -> Desk 14:00, resolved 15:00, status "In Progress" 16:00
 *          (reopened), resolved again 17:00. First landing Payroll, owner Technology.
 *          A1 and A2 ask "How do I reset my password?" (questions); A3-A5 do not.
 *   B1-B5  Desk 13:00 -> Payroll Team 14:00, resolved 15:00. First landing Technology,
 *          owner Payroll. B1-B3: an automatic status "Closed" at 16:00 (not a reopening).
 *          B4: a status change with no status recorded at 16:00 (reopened). B5, created a
 *          week later: status "Pending" at 13:30, before its resolution (not reopened).
 *
 * A1-A5 and B1-B4 are created Monday 2024-09-02, B5 Monday 2024-09-09 (13:00 UTC, 08:00 in
 * Chicago). Reopened: 6 of 10 (Technology owns 5 of them, Payroll 1). Each department owns
 * 5, 5 of them misrouted in; landed 5, 5 rerouted out and resolved elsewhere.
 */
import type { Queryable } from '#core/db/database.ts';

type Event = [hour: string, kind: string, group: string | null, detail: string | null, automated?: boolean];

const A_EVENTS: Event[] = [
  ['13:00', 'assignment', 'Payroll Team', null],
  ['14:00', 'assignment', 'Desk', null],
  ['15:00', 'resolution', null, 'Resolved'],
  ['16:00', 'status', null, 'In Progress'],
  ['17:00', 'resolution', null, 'Resolved'],
];
const B_EVENTS: Event[] = [
  ['13:00', 'assignment', 'Desk', null],
  ['14:00', 'assignment', 'Payroll Team', null],
  ['15:00', 'resolution', null, 'Resolved'],
];

const TICKETS: { id: string; day: string; subject: string; events: Event[] }[] = [
  ...[1, 2, 3, 4, 5].map((n) => ({ id: `A${n}`, day: '2024-09-02', subject: n <= 2 ? 'How do I reset my password?' : 'Password reset', events: A_EVENTS })),
  ...[1, 2, 3].map((n) => ({ id: `B${n}`, day: '2024-09-02', subject: 'Stipend missing', events: [...B_EVENTS, ['16:00', 'status', null, 'Closed', true] as Event] })),
  { id: 'B4', day: '2024-09-02', subject: 'Stipend missing', events: [...B_EVENTS, ['16:00', 'status', null, null]] },
  { id: 'B5', day: '2024-09-09', subject: 'Stipend missing', events: [B_EVENTS[0], ['13:30', 'status', null, 'Pending'], ...B_EVENTS.slice(1)] },
];

export async function seedReopenDistrict(db: Queryable): Promise<void> {
  await db.run("INSERT INTO group_departments VALUES ('Desk', 'Technology'), ('Payroll Team', 'Payroll')");
  for (const t of TICKETS) {
    const last = t.events.filter((e) => e[1] === 'resolution').at(-1)!;
    await db.run(
      `INSERT INTO tickets (source, ticket_id, import_id, created_at, resolved_at, status, category, request_type, subject)
       VALUES ('generic', $1, 1, $2::TIMESTAMPTZ, $3::TIMESTAMPTZ, 'Resolved', 'Account', 'Account', $4)`,
      [t.id, `${t.day}T13:00:00Z`, `${t.day}T${last[0]}:00Z`, t.subject],
    );
    for (const [i, [hour, kind, group, detail, automated]] of t.events.entries()) {
      await db.run(
        `INSERT INTO ticket_events (source, ticket_id, seq, occurred_at, kind, group_after, actor, automated, detail, import_id)
         VALUES ('generic', $1, $2, $3::TIMESTAMPTZ, $4, $5, 'person-1', $6, $7, 1)`,
        [t.id, i + 1, `${t.day}T${hour}:00Z`, kind, group, automated ?? false, detail],
      );
    }
  }
}
