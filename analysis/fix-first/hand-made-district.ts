/**
 * A hand-made district for fix first and what-if, small enough to check every figure by
 * hand; the analysis test (fix-first.test.ts) and the API test (test/api/fix-first.test.ts)
 * read it. Desk is Technology, Payroll Team is Payroll; settings are the defaults (triage
 * 15 min, touch 6 min, $42/h). Creation days run from 2024-09-02 to 2024-11-13 (Chicago):
 * 73 days, so yearly figures are the window's x 365 / 73 = 5.
 *
 *   L1-L10  Laptop, South: land at the Desk and stay there (owner Technology, 0 h to owner)
 *   S1-S6   Stipend, North: Desk, moved to Payroll Team automatically after 2 h: misrouted,
 *           one handoff (15 min triage by Payroll = $10.50), 2 h to owner
 *   W1-W5   W-2 copy, South, "How do I get a copy of my W-2?": at the Desk ana comments,
 *           and it is closed "Referred: please submit this to Payroll" after 1 h: misrouted,
 *           redirected, asks; one touch outside the owner (6 min = $4.20), 1 h to owner
 *
 * In the window: 21 tickets, 11 misrouted, 6 x 15 + 5 x 6 = 120 minutes = 2 h, $63 + $21 =
 * $84; yearly x 5: 55 misroutes, 10 h, $420. Hours to owner: ten 0, five 1, six 2.
 */
import type { Database } from '#core/db/database.ts';

export async function seedHandMadeFixFirst(db: Database): Promise<void> {
  await db.run(`INSERT INTO group_departments VALUES ('Desk', 'Technology'), ('Payroll Team', 'Payroll')`);
  const H = 3_600_000;
  let seq = 0;
  const ticket = (id: string, created: string, type: string, location: string, extra: { subject?: string; code?: string; text?: string; resolvedAfterH?: number } = {}) =>
    db.run(
      `INSERT INTO tickets (source, ticket_id, import_id, created_at, resolved_at, request_type, location, subject, requester, resolution_code, resolution_text)
       VALUES ('t', $1, 1, $2::TIMESTAMPTZ, $2::TIMESTAMPTZ + to_hours($3::INTEGER), $4, $5, $6, 'req', $7, $8)`,
      [id, created, extra.resolvedAfterH ?? null, type, location, extra.subject ?? null, extra.code ?? null, extra.text ?? null],
    );
  const event = (id: string, at: number, kind: string, e: { group?: string; actor?: string; automated?: boolean }) =>
    db.run(
      `INSERT INTO ticket_events (source, ticket_id, seq, occurred_at, kind, group_after, actor, automated, import_id)
       VALUES ('t', $1, $2, to_timestamp($3::DOUBLE / 1000), $4, $5, $6, $7, 1)`,
      [id, ++seq, at, kind, e.group ?? null, e.actor ?? null, e.automated ?? false],
    );
  const day = (offset: number) => new Date(Date.parse('2024-09-02T15:00:00Z') + offset * 24 * H).toISOString();
  // Laptop: days 0, 8, 16, ... 64 and 72 (the last creation day).
  const laptopDays = [0, 8, 16, 24, 32, 40, 48, 56, 64, 72];
  for (const [i, d] of laptopDays.entries()) {
    await ticket(`L${i + 1}`, day(d), 'Laptop', 'South');
    await event(`L${i + 1}`, Date.parse(day(d)), 'assignment', { group: 'Desk', automated: true, actor: 'system' });
  }
  for (let i = 0; i < 6; i++) {
    const at = day(3 + i * 10);
    await ticket(`S${i + 1}`, at, 'Stipend', 'North');
    await event(`S${i + 1}`, Date.parse(at), 'assignment', { group: 'Desk', automated: true, actor: 'system' });
    await event(`S${i + 1}`, Date.parse(at) + 2 * H, 'assignment', { group: 'Payroll Team', automated: true, actor: 'system' });
  }
  for (let i = 0; i < 5; i++) {
    const at = day(5 + i * 10);
    await ticket(`W${i + 1}`, at, 'W-2 copy', 'South', {
      subject: 'How do I get a copy of my W-2?',
      code: 'Referred',
      text: 'Please submit this to Payroll.',
      resolvedAfterH: 1,
    });
    await event(`W${i + 1}`, Date.parse(at), 'assignment', { group: 'Desk', automated: true, actor: 'system' });
    await event(`W${i + 1}`, Date.parse(at) + H / 2, 'comment', { actor: 'ana' });
  }
}
