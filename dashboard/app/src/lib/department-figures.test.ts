import { describe, expect, it } from 'vitest';
import { departmentFigures } from './department-figures.ts';

// 10 tickets: Technology -> Technology 5, Technology -> Payroll 3, Payroll -> Payroll 1, HR -> Payroll 1.
const flows = [
  { from: 'Technology', to: 'Technology', tickets: 5 },
  { from: 'Technology', to: 'Payroll', tickets: 3 },
  { from: 'Payroll', to: 'Payroll', tickets: 1 },
  { from: 'Human Resources', to: 'Payroll', tickets: 1 },
];

describe('departmentFigures', () => {
  it('Payroll owns 5, of which 4 first landed elsewhere (80 %)', () => {
    const p = departmentFigures(flows, 'Payroll');
    expect(p).toMatchObject({ ownedHere: 5, inboundFromElsewhere: 4, inboundShare: 0.8, landedHere: 1, outbound: 0, outboundShare: 0 });
    expect(p.firstLandings).toEqual([
      { department: 'Technology', tickets: 3 },
      { department: 'Human Resources', tickets: 1 },
      { department: 'Payroll', tickets: 1 },
    ]);
    expect(p.district).toEqual({ tickets: 10, resolvedElsewhere: 4, share: 0.4, withheld: false });
  });

  it('Technology sent 3 of the 8 that landed with it elsewhere', () => {
    const t = departmentFigures(flows, 'Technology');
    expect(t).toMatchObject({ landedHere: 8, outbound: 3, outboundShare: 3 / 8, ownedHere: 5, inboundShare: 0 });
    expect(t.outboundTo).toEqual([{ department: 'Payroll', tickets: 3 }]);
  });

  it("keeps Payroll's own counts exact when a flow between others is withheld", () => {
    const guarded = [...flows.slice(1), { from: 'Technology', to: 'Technology', tickets: '<5' as const }];
    const p = departmentFigures(guarded, 'Payroll');
    expect(p).toMatchObject({ ownedHere: 5, inboundFromElsewhere: 4, inboundShare: 0.8 });
    expect(p.district).toEqual({ tickets: 5, resolvedElsewhere: 4, share: 0.8, withheld: true });
  });

  it('is all zeros for a department with no tickets', () => {
    expect(departmentFigures(flows, 'Transportation')).toMatchObject({ ownedHere: 0, inboundShare: 0, landedHere: 0, outboundShare: 0 });
  });
});
