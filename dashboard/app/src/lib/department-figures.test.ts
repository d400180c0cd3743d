import { describe, expect, it } from 'vitest';
import { departmentFlows } from './department-figures.ts';

// 10 tickets: Technology -> Technology 5, Technology -> Payroll 3, Payroll -> Payroll 1, HR -> Payroll 1.
const flows = [
  { from: 'Technology', to: 'Technology', tickets: 5 },
  { from: 'Technology', to: 'Payroll', tickets: 3 },
  { from: 'Payroll', to: 'Payroll', tickets: 1 },
  { from: 'Human Resources', to: 'Payroll', tickets: 1 },
];

describe('departmentFlows', () => {
  it('lists where the 5 requests Payroll owns first landed, largest first', () => {
    expect(departmentFlows(flows, 'Payroll').firstLandings).toEqual([
      { department: 'Technology', tickets: 3 },
      { department: 'Human Resources', tickets: 1 },
      { department: 'Payroll', tickets: 1 },
    ]);
    expect(departmentFlows(flows, 'Payroll').outboundTo).toEqual([]);
  });

  it('Technology sent 3 of the 8 that landed with it elsewhere', () => {
    expect(departmentFlows(flows, 'Technology').outboundTo).toEqual([{ department: 'Payroll', tickets: 3 }]);
  });

  it("keeps Payroll's own counts exact when a flow between others is withheld", () => {
    const guarded = [...flows.slice(1), { from: 'Technology', to: 'Technology', tickets: '<5' as const }];
    expect(departmentFlows(guarded, 'Payroll').firstLandings).toEqual([
      { department: 'Technology', tickets: 3 },
      { department: 'Human Resources', tickets: 1 },
      { department: 'Payroll', tickets: 1 },
    ]);
    expect(departmentFlows(guarded, 'Technology').firstLandings).toEqual([{ department: 'Technology', tickets: 0 }]);
  });

  it('is empty for a department with no tickets', () => {
    expect(departmentFlows(flows, 'Transportation')).toEqual({ department: 'Transportation', firstLandings: [], outboundTo: [] });
  });
});
