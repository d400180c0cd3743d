/**
 * A hand-made district for "Who routes", small enough to check every figure by hand. The
 * analysis test (routing-people.test.ts) and the API test (test/api/people.test.ts) read it.
 *
 * Nine hand-made tickets. Desk is Technology, Payroll Team is Payroll, HR Benefits is
 * Human Resources. ana and ben work the Desk, dee Payroll, cy HR; `req` asks.
 *
 *   T1-T4  Payroll / Stipend  Desk -> Payroll Team by ana (1 h after creation), one week each
 *          from Mon 2024-08-05; ana also notes on T1 before handing it on (a triage touch)
 *   T5     Payroll / Stipend  Desk -> Payroll Team by ben after 5 h     (week of 2024-09-02)
 *   T6     Payroll / Stipend  Desk -> Payroll Team automated after 3 h  (week of 2024-09-02)
 *   T7     HR / Benefits      Desk -> HR Benefits by ben; the requester comments (not routing)
 *   T8     HR / Benefits      Desk -> Payroll Team by ben -> HR Benefits by dee; dee comments
 *          while Payroll holds it (a triage touch); cy sets it In Progress in HR (own ticket)
 *   T9     Hardware           Desk only; ana comments (Technology's own ticket: no touch)
 *
 * Handoffs: ana 4, ben 3 (T5, T7, T8), dee 1; the automated one is no one's. Top 1: 4/8;
 * top 3 and 5: 8/8. Gini: pairs 1 + 3 + 2 = 6, both ways 12, over 2 x 9 x 8/3 = 48: 0.25.
 * Payroll / Stipend reached its owner by a handoff 6 times, 4 through ana: it depends on
 * her. HR / Benefits reached it twice (under 5): depends on no one.
 */
import type { Database } from '#core/db/database.ts';

export async function seedHandMadeRouting(db: Database): Promise<void> {
  await db.run(`INSERT INTO group_departments VALUES ('Desk', 'Technology'), ('Payroll Team', 'Payroll'), ('HR Benefits', 'Human Resources')`);
  const H = 3_600_000;
  const ticket = (id: string, created: string, requestType: string) =>
    db.run(`INSERT INTO tickets (source, ticket_id, import_id, created_at, request_type, requester) VALUES ('t', $1, 1, $2::TIMESTAMPTZ, $3, 'req')`, [id, created, requestType]);
  let seq = 0;
  const event = (id: string, at: number, kind: string, e: { group?: string; actor?: string; actorGroup?: string; automated?: boolean }) =>
    db.run(
      `INSERT INTO ticket_events (source, ticket_id, seq, occurred_at, kind, group_after, actor, actor_group, automated, import_id)
       VALUES ('t', $1, $2, to_timestamp($3::DOUBLE / 1000), $4, $5, $6, $7, $8, 1)`,
      [id, ++seq, at, kind, e.group ?? null, e.actor ?? null, e.actorGroup ?? null, e.automated ?? false],
    );
  /** A ticket created at `created` (UTC) landing at Desk, handed to `to` after `hours` by `by`. */
  const routed = async (id: string, created: string, type: string, to: string, hours: number, by: { actor?: string; automated?: boolean }) => {
    await ticket(id, created, type);
    const t0 = Date.parse(created);
    await event(id, t0, 'assignment', { group: 'Desk', automated: true, actor: 'system' });
    await event(id, t0 + hours * H, 'assignment', { group: to, actorGroup: by.actor ? 'Desk' : undefined, ...by });
  };
  const mondays = ['2024-08-05', '2024-08-12', '2024-08-19', '2024-08-26'];
  for (const [i, day] of mondays.entries()) await routed(`T${i + 1}`, `${day}T15:00:00Z`, 'Payroll / Stipend', 'Payroll Team', 1, { actor: 'ana' });
  await event('T1', Date.parse('2024-08-05T15:30:00Z'), 'note', { actor: 'ana', actorGroup: 'Desk' });
  await routed('T5', '2024-09-03T14:00:00Z', 'Payroll / Stipend', 'Payroll Team', 5, { actor: 'ben' });
  await routed('T6', '2024-09-04T14:00:00Z', 'Payroll / Stipend', 'Payroll Team', 3, { automated: true, actor: 'system' });
  await routed('T7', '2024-09-10T14:00:00Z', 'HR / Benefits', 'HR Benefits', 2, { actor: 'ben' });
  await event('T7', Date.parse('2024-09-10T17:00:00Z'), 'comment', { actor: 'req' });
  await routed('T8', '2024-09-11T14:00:00Z', 'HR / Benefits', 'Payroll Team', 1, { actor: 'ben' });
  await event('T8', Date.parse('2024-09-11T16:00:00Z'), 'comment', { actor: 'dee', actorGroup: 'Payroll Team' });
  await event('T8', Date.parse('2024-09-11T17:00:00Z'), 'assignment', { group: 'HR Benefits', actor: 'dee', actorGroup: 'Payroll Team' });
  await event('T8', Date.parse('2024-09-11T18:00:00Z'), 'status', { actor: 'cy', actorGroup: 'HR Benefits' });
  await ticket('T9', '2024-09-16T15:00:00Z', 'Hardware');
  await event('T9', Date.parse('2024-09-16T15:00:00Z'), 'assignment', { group: 'Desk', actor: 'system', automated: true });
  await event('T9', Date.parse('2024-09-16T16:00:00Z'), 'comment', { actor: 'ana', actorGroup: 'Desk' });
}
