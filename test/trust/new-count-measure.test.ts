/**
 * A count added to the measure catalogue is withheld from a department head with no other
 * change: this test adds `question_tickets` (tickets whose subject asks a question, by
 * owner) to the catalogue, and the API's department rows carry it, as a number to a leader
 * and as "<5" to the head of Payroll in Technology's row, although every other count in
 * that row is 5 and shown (test/helpers/reopen-district.ts: Technology owns A1-A5, two of
 * which ask "How do I reset my password?").
 */
import { describe, expect, it, vi } from 'vitest';
import { seedReopenDistrict } from '../helpers/reopen-district.ts';
import { useApp } from '../helpers/app.ts';

vi.mock('#analysis/measures/catalogue.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('#analysis/measures/catalogue.ts')>();
  const added = {
    name: 'question_tickets', label: 'Questions', description: 'owned tickets whose subject asks a question', kind: 'count',
    grains: ['department'], sql: 'count(*) FILTER (WHERE is_question)::INTEGER', department: { by: 'owner' },
  } as const;
  const MEASURES = [...original.MEASURES, added];
  return {
    ...original,
    MEASURES,
    measuresAt: (grain: Parameters<typeof original.measuresAt>[0], measures = MEASURES) => original.measuresAt(grain, measures),
    countMeasureNames: (measures = MEASURES) => original.countMeasureNames(measures),
  };
});

const { as } = useApp(seedReopenDistrict);

describe('a count measure added to the catalogue', () => {
  it('reaches a leader as a number', async () => {
    const { departments } = (await as('leader').inject({ method: 'GET', url: '/api/figures/departments' })).json();
    expect(departments.map((d: Record<string, unknown>) => [d.department, d.tickets_owned, d.question_tickets])).toEqual([
      ['Technology', 5, 2],
      ['Payroll', 5, 0],
    ]);
  });

  it('is withheld from the head of Payroll in another department\'s row, with what derives from it', async () => {
    const { departments } = (await as('department_head', ['Payroll']).inject({ method: 'GET', url: '/api/figures/departments' })).json();
    const W = '<5';
    expect(departments[0]).toEqual({
      department: 'Technology',
      // The new count of two withholds the whole row: its counts of five too (a row's counts
      // are tied to each other, owned minus inbound being landed minus outbound) and every
      // figure derived from them.
      tickets_owned: W, inbound_misrouted: W, tickets_landed: W, outbound_rerouted: W, reopened_tickets: W, resolved_elsewhere: W,
      question_tickets: W,
      inbound_misroute_share: W, outbound_reroute_share: W, median_hours_to_owner: W, median_business_hours_to_owner: W,
      coordination_hours: W, coordination_cost: W, resolved_elsewhere_share: W,
    });
    // The head's own department passes whole.
    expect(departments[1]).toMatchObject({ department: 'Payroll', tickets_owned: 5, question_tickets: 0, reopened_tickets: 1 });
  });

  it('is a column of the report CSV, withheld there too', async () => {
    const csv = (await as('department_head', ['Payroll']).inject({ method: 'GET', url: '/api/report/departments.csv' })).body.trim().split(/\r?\n/);
    const column = csv[0].split(',').indexOf('question_tickets');
    expect(column).toBeGreaterThan(0);
    expect(csv.slice(1).map((row) => [row.split(',')[0], row.split(',')[column]])).toEqual([['Technology', '<5'], ['Payroll', '0']]);
  });
});
