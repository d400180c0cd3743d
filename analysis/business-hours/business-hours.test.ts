/**
 * Business hours on hand-made intervals. Calendar: Mon-Fri 07:00-16:00 America/Chicago
 * (CDT = UTC-5 in summer, CST = UTC-6 in winter), Labor Day 2024-09-02 and the winter
 * break 2024-12-23..2025-01-01 closed. Each expected number is counted on a wall clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { DEFAULT_SETTINGS, type Settings } from '#core/settings.ts';
import { buildBusinessHoursSql, validateCalendar } from './business-hours.ts';

const SETTINGS: Settings = { ...DEFAULT_SETTINGS, calendar: { ...DEFAULT_SETTINGS.calendar, holidays: ['2024-09-02', '2024-12-23..2025-01-01'] } };

const CASES: [string, string, string | null, number | null][] = [
  // k, a, b (UTC), expected business hours
  ['same day, inside the window', '2024-08-19T14:00:00Z', '2024-08-19T16:30:00Z', 2.5], // Mon 09:00-11:30
  ['before opening to after closing', '2024-08-19T10:00:00Z', '2024-08-19T23:00:00Z', 9], // Mon 05:00-18:00
  ['over a weekend', '2024-08-23T20:00:00Z', '2024-08-26T14:00:00Z', 3], // Fri 15:00 -> Mon 09:00: 1 + 2
  ['created on a Saturday', '2024-08-24T15:00:00Z', '2024-08-26T13:30:00Z', 1.5], // Sat -> Mon 08:30: 07:00-08:30
  ['over Labor Day', '2024-08-30T20:00:00Z', '2024-09-03T14:00:00Z', 3], // Fri 15:00 -> Tue 09:00, Mon closed
  ['over the winter break range', '2024-12-20T21:00:00Z', '2025-01-02T14:00:00Z', 2], // Fri 15:00 CST -> Thu 08:00 CST: 1 + 1, the break closed
  ['over the spring DST change', '2024-03-08T21:00:00Z', '2024-03-11T13:00:00Z', 2], // Fri 15:00 CST -> Mon 08:00 CDT
  ['over the autumn DST change', '2024-11-01T20:00:00Z', '2024-11-04T15:00:00Z', 3], // Fri 15:00 CDT -> Mon 09:00 CST
  ['a whole working week', '2024-08-19T00:00:00Z', '2024-08-26T00:00:00Z', 45],
  ['end before start', '2024-08-19T16:00:00Z', '2024-08-19T14:00:00Z', 0],
  ['no end', '2024-08-19T16:00:00Z', null, null],
];

let db: Database;
beforeAll(async () => {
  db = await Database.open(':memory:');
  await db.run('CREATE TEMP TABLE intervals (k VARCHAR, a TIMESTAMPTZ, b TIMESTAMPTZ)');
  for (const [k, a, b] of CASES) await db.run('INSERT INTO intervals VALUES ($1, $2, $3)', [k, new Date(a), b === null ? null : new Date(b)]);
});
afterAll(() => db.close());

describe('business hours', () => {
  it('counts working time across weekends, holidays and DST changes', async () => {
    const q = buildBusinessHoursSql('intervals', SETTINGS);
    const got = new Map((await db.all<{ k: string; business_hours: number | null }>(q.sql, q.params)).map((r) => [r.k, r.business_hours]));
    for (const [k, , , expected] of CASES) expect([k, got.get(k)]).toEqual([k, expected]);
  });

  it('uses the calendar it is given', async () => {
    const saturdays: Settings = { ...SETTINGS, calendar: { workingDays: [6], dayStart: '09:00', dayEnd: '12:00', holidays: [] } };
    const q = buildBusinessHoursSql('intervals', saturdays);
    const got = new Map((await db.all<{ k: string; business_hours: number }>(q.sql, q.params)).map((r) => [r.k, r.business_hours]));
    expect(got.get('over a weekend')).toBe(3);
    expect(got.get('created on a Saturday')).toBe(2); // Sat 10:00 -> 12:00
  });

  it('rejects a calendar it cannot use', () => {
    expect(validateCalendar({ ...SETTINGS, calendar: { ...SETTINGS.calendar, dayStart: '16:00', dayEnd: '07:00' } })).toEqual([
      'calendar.dayStart (16:00) must be before dayEnd (07:00)',
    ]);
    expect(validateCalendar({ ...SETTINGS, calendar: { workingDays: [0, 8], dayStart: '16:00', dayEnd: '7:00', holidays: ['2024-13'] } })).toEqual([
      "calendar.dayEnd must be HH:MM, got '7:00'",
      'calendar.workingDays must be ISO weekdays 1-7',
      "calendar holiday '2024-13' must be YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD",
    ]);
  });
});
