import { describe, expect, it } from 'vitest';
import { departmentRows, everyRow, keepDepartmentRow, landingFlows, pathDictionary, selectedRows, ticketsByWeek, weekOf, type FactColumns } from './facts-columns';
import { exactSum, ownershipGaps } from './ownership-gaps';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

interface Ticket {
  day: string;
  landing: string;
  owner: string;
  path?: string[];
  type: string | null;
  cost: number;
  declared: string | null;
}

/** A ticket: lands and is owned by Technology, type Laptop, no cost, no declared owner, unless overridden. */
const ticket = (o: Partial<Ticket>): Ticket => ({ day: '2024-08-19', landing: 'Technology', owner: 'Technology', type: 'Laptop', cost: 0, declared: null, ...o });

function columns(tickets: Ticket[]): FactColumns {
  const paths = tickets.map((t) => JSON.stringify(t.path ?? (t.landing === t.owner ? [t.landing] : [t.landing, t.owner])));
  return {
    length: tickets.length,
    day: Float64Array.from(tickets, (t) => day(t.day)),
    firstLanding: tickets.map((t) => t.landing),
    owner: tickets.map((t) => t.owner),
    misrouted: tickets.map((t) => t.landing !== t.owner),
    ...pathDictionary(paths),
    requestType: tickets.map((t) => t.type),
    declaredOwner: tickets.map((t) => t.declared),
    coordinationCost: Float64Array.from(tickets, (t) => t.cost),
  };
}

// Five tickets: A and B in the week of Mon 2024-08-19, C, D and E in the next.
const facts = columns([
  ticket({ day: '2024-08-19', owner: 'Payroll', path: ['Technology', 'HR', 'Payroll'], type: 'Payroll', cost: 10.5 }), // A: passed through HR
  ticket({ day: '2024-08-21', landing: 'Payroll', owner: 'Payroll', type: 'Payroll' }), // B
  ticket({ day: '2024-08-26', declared: 'Technology' }), // C
  ticket({ day: '2024-08-30', owner: 'Payroll', type: 'Payroll', cost: 15.25 }), // D
  ticket({ day: '2024-08-27', landing: 'Payroll', owner: 'HR', type: 'Payroll', cost: 4.2 }), // E
]);
const week2 = { from: day('2024-08-26'), to: day('2024-09-01') };

describe('figures recomputed in the browser', () => {
  it('starts weeks on Mondays', () => {
    expect(new Date(weekOf(day('2024-08-25'))).toISOString().slice(0, 10)).toBe('2024-08-19');
    expect(ticketsByWeek(facts).map((w) => [new Date(w.week).toISOString().slice(0, 10), w.tickets, w.misrouted_tickets])).toEqual([
      ['2024-08-19', 2, 1], ['2024-08-26', 3, 2],
    ]);
  });

  it('parses each distinct department path once', () => {
    expect(pathDictionary(['["A","B"]', null, '["A","B"]'])).toEqual({ pathOf: new Uint32Array([0, 1, 0]), paths: [['A', 'B'], []] });
  });

  it('selects tickets that touched a department: on its path, first landed there, or owned by it', () => {
    const rows = (department: string | null, range = null as typeof week2 | null) => [...selectedRows(facts, { range, department })];
    expect(rows(null)).toEqual([0, 1, 2, 3, 4]);
    expect(rows('HR')).toEqual([0, 4]); // A on its path, E owned
    expect(rows('Technology')).toEqual([0, 2, 3]); // first landings
    expect(rows('Payroll')).toEqual([0, 1, 3, 4]);
    expect(rows('Technology', week2)).toEqual([2, 3]);
    expect(rows(null, { from: day('2024-08-19'), to: day('2024-08-25') })).toEqual([0, 1]);
  });

  it('counts the departments of a period by owner and by first landing', () => {
    expect(departmentRows(facts, selectedRows(facts, { range: { from: day('2024-08-19'), to: day('2024-08-25') }, department: null }))).toEqual([
      { department: 'Payroll', tickets_owned: 2, inbound_misrouted: 1, tickets_landed: 1, outbound_rerouted: 0 },
      { department: 'Technology', tickets_owned: 0, inbound_misrouted: 0, tickets_landed: 1, outbound_rerouted: 1 },
    ]);
    // HR's tickets (A and E): every department they passed through, HR's own row among them.
    expect(departmentRows(facts, selectedRows(facts, { range: null, department: 'HR' }))).toEqual([
      { department: 'HR', tickets_owned: 1, inbound_misrouted: 1, tickets_landed: 0, outbound_rerouted: 0 },
      { department: 'Payroll', tickets_owned: 1, inbound_misrouted: 1, tickets_landed: 1, outbound_rerouted: 1 },
      { department: 'Technology', tickets_owned: 0, inbound_misrouted: 0, tickets_landed: 1, outbound_rerouted: 1 },
    ]);
  });

  it('groups flows by first landing and owner', () => {
    expect(landingFlows(facts, everyRow(facts))).toEqual([
      { from: 'Technology', to: 'Payroll', tickets: 2 },
      { from: 'Payroll', to: 'HR', tickets: 1 }, { from: 'Payroll', to: 'Payroll', tickets: 1 }, { from: 'Technology', to: 'Technology', tickets: 1 },
    ]);
    expect(landingFlows(facts, selectedRows(facts, { range: week2, department: 'Technology' }))).toEqual([
      { from: 'Technology', to: 'Payroll', tickets: 1 }, { from: 'Technology', to: 'Technology', tickets: 1 },
    ]);
  });
});

describe('ownership gaps in the browser', () => {
  it('adds money as the server does, exactly to nine decimals', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(exactSum([0.1, 0.2])).toBe(0.3);
    expect(exactSum([5e6, 5e6])).toBe(1e7); // past 2^53 units of 1e-9: added as BigInt
  });

  it('ranks request types by cost with owners, shares and the gap rule', () => {
    const gaps = ownershipGaps(facts, everyRow(facts));
    // Payroll: A, B, D owned by Payroll, E by HR; A, D, E misrouted; 10.50 + 15.25 + 4.20; no declared owner.
    expect(gaps.map(({ owner_entropy, ...g }) => g)).toEqual([
      {
        request_type: 'Payroll', tickets: 4,
        owners: [{ department: 'Payroll', tickets: 3, share: 0.75 }, { department: 'HR', tickets: 1, share: 0.25 }],
        top_owner: 'Payroll', top_owner_share: 0.75, misroute_share: 0.75, coordination_cost: 29.95, declared_owner: null, gap: true,
      },
      {
        request_type: 'Laptop', tickets: 1, owners: [{ department: 'Technology', tickets: 1, share: 1 }],
        top_owner: 'Technology', top_owner_share: 1, misroute_share: 0, coordination_cost: 0, declared_owner: 'Technology', gap: false,
      },
    ]);
    // -(0.75 ln 0.75 + 0.25 ln 0.25) / ln 2
    expect(gaps[0].owner_entropy).toBeCloseTo(0.811278, 6);
    expect(gaps[1].owner_entropy).toBe(0);
  });

  it('recomputes the gaps for a department and a period', () => {
    const gaps = ownershipGaps(facts, selectedRows(facts, { range: week2, department: 'Technology' }));
    expect(gaps.map((g) => [g.request_type, g.tickets, g.top_owner, g.misroute_share, g.coordination_cost, g.gap])).toEqual([
      ['Payroll', 1, 'Payroll', 1, 15.25, true], // D alone
      ['Laptop', 1, 'Technology', 0, 0, false], // C, declared
    ]);
  });
});

describe('the clicked department row', () => {
  it('stays in the table when the department only passed its tickets on', () => {
    const rows = departmentRows(facts, selectedRows(facts, { range: { from: day('2024-08-19'), to: day('2024-08-19') }, department: 'HR' }));
    expect(rows.map((r) => r.department)).toEqual(['Payroll', 'Technology']); // A alone: HR only on its path
    expect(keepDepartmentRow(rows, 'HR').map((r) => [r.department, r.tickets_owned, r.tickets_landed])).toEqual([['Payroll', 1, 0], ['Technology', 0, 1], ['HR', 0, 0]]);
    expect(keepDepartmentRow(rows, 'Payroll')).toBe(rows);
    expect(keepDepartmentRow(rows, null)).toBe(rows);
  });
});
