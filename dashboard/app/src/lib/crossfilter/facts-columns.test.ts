import { describe, expect, it } from 'vitest';
import { departmentRows, landingFlows, ticketsByWeek, weekOf, type FactColumns } from './facts-columns';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
// Four tickets: two in the week of Mon 2024-08-19, two in the next.
// A: Technology -> Payroll (misrouted), B: Payroll -> Payroll, C: Technology -> Technology, D: Technology -> Payroll (misrouted).
const facts: FactColumns = {
  length: 4,
  day: new Float64Array([day('2024-08-19'), day('2024-08-21'), day('2024-08-26'), day('2024-08-30')]),
  firstLanding: ['Technology', 'Payroll', 'Technology', 'Technology'],
  owner: ['Payroll', 'Payroll', 'Technology', 'Payroll'],
  misrouted: [true, false, false, true],
};

describe('figures recomputed in the browser', () => {
  it('starts weeks on Mondays', () => {
    expect(new Date(weekOf(day('2024-08-25'))).toISOString().slice(0, 10)).toBe('2024-08-19');
    expect(ticketsByWeek(facts).map((w) => [new Date(w.week).toISOString().slice(0, 10), w.tickets, w.misrouted_tickets])).toEqual([
      ['2024-08-19', 2, 1], ['2024-08-26', 2, 1],
    ]);
  });

  it('counts the departments of a period by owner and by first landing', () => {
    expect(departmentRows(facts, { from: day('2024-08-19'), to: day('2024-08-25') })).toEqual([
      { department: 'Payroll', tickets_owned: 2, inbound_misrouted: 1, tickets_landed: 1, outbound_rerouted: 0 },
      { department: 'Technology', tickets_owned: 0, inbound_misrouted: 0, tickets_landed: 1, outbound_rerouted: 1 },
    ]);
  });

  it('groups flows by first landing and owner', () => {
    expect(landingFlows(facts, null)).toEqual([
      { from: 'Technology', to: 'Payroll', tickets: 2 }, { from: 'Payroll', to: 'Payroll', tickets: 1 }, { from: 'Technology', to: 'Technology', tickets: 1 },
    ]);
  });
});
