import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { DEFAULT_SETTINGS } from '#core/settings.ts';
import { seedHandMadeFixFirst } from '../fix-first/hand-made-district.ts';
import { ownerDecisions, recordOwnerDecision } from './owner-decisions.ts';

// The hand-made district of analysis/fix-first/hand-made-district.ts: Stipend's six tickets
// (Sep 5, 15, 25, Oct 5, 15, 25) all land at the Desk and end in Payroll; Laptop's ten
// (Sep 2, 10, 18, 26, Oct 4, ...) land and stay at the Desk.
describe('owner decisions', () => {
  let db: Database;
  const at = new Date('2024-10-01T00:00:00Z');
  beforeAll(async () => {
    db = await Database.open(':memory:');
    await seedHandMadeFixFirst(db);
    for (const [type, department] of [['Stipend', 'Payroll'], ['Laptop', 'Technology']]) {
      await recordOwnerDecision(db, type, department, at);
      await db.run('INSERT INTO request_type_owners VALUES ($1, $2)', [type, department]);
    }
  });
  afterAll(() => db.close());

  it('counts misroutes before and after, and calls a decision working only once misroutes fall', async () => {
    expect(await ownerDecisions(db, {}, DEFAULT_SETTINGS)).toEqual([
      // Declared Technology: none of Laptop's tickets was misrouted, before (4) or after (6).
      {
        request_type: 'Laptop', department: 'Technology', decided_at: at,
        before: { tickets: 4, misrouted_tickets: 0, misroute_share: 0 }, after: { tickets: 6, misrouted_tickets: 0, misroute_share: 0 }, status: 'working',
      },
      // Declared Payroll, but every Stipend ticket still lands at the Desk: 3 of 3 after.
      {
        request_type: 'Stipend', department: 'Payroll', decided_at: at,
        before: { tickets: 3, misrouted_tickets: 3, misroute_share: 1 }, after: { tickets: 3, misrouted_tickets: 3, misroute_share: 1 }, status: 'not_yet_working',
      },
    ]);
  });

  it('records a repeat once, and shows no decision once the owner is removed', async () => {
    await recordOwnerDecision(db, 'Stipend', 'Payroll', new Date('2024-10-20T00:00:00Z'));
    const [{ n }] = await db.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM owner_decisions WHERE request_type = 'Stipend'`);
    expect(n).toBe(1);
    await recordOwnerDecision(db, 'Stipend', null, new Date('2024-10-21T00:00:00Z'));
    await db.run(`DELETE FROM request_type_owners WHERE request_type = 'Stipend'`);
    expect((await ownerDecisions(db, {}, DEFAULT_SETTINGS)).map((d) => d.request_type)).toEqual(['Laptop']);
  });
});
