import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { DEFAULT_SETTINGS } from '#core/settings.ts';
import { ticketFactsFingerprint } from '#analysis/ticket-facts/ticket-facts.ts';

let db: Database;
beforeAll(async () => {
  db = await Database.open(':memory:');
});
afterAll(() => db.close());

describe('what the per-ticket facts depend on', () => {
  it('not the school calendar (it shapes the forecast only), but the cost assumptions', async () => {
    const base = await ticketFactsFingerprint(db, DEFAULT_SETTINGS);
    const calendar = { ...DEFAULT_SETTINGS, schoolCalendar: { ...DEFAULT_SETTINGS.schoolCalendar, firstDay: '08-20' } };
    expect(await ticketFactsFingerprint(db, calendar)).toBe(base);
    const cost = { ...DEFAULT_SETTINGS, cost: { ...DEFAULT_SETTINGS.cost, triageMinutes: 20 } };
    expect(await ticketFactsFingerprint(db, cost)).not.toBe(base);
  });
});
