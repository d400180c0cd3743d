import { describe, expect, it } from 'vitest';
import { labelRoom, layoutSankey } from './sankey-layout.ts';

// 4 tickets: Technology -> Technology 2, Technology -> Payroll 1, Payroll -> Payroll 1.
const flows = [
  { from: 'Technology', to: 'Technology', tickets: 2 },
  { from: 'Technology', to: 'Payroll', tickets: 1 },
  { from: 'Payroll', to: 'Payroll', tickets: 1 },
];

describe('layoutSankey', () => {
  const layout = layoutSankey(flows, { width: 600, rowHeight: 50, nodePadding: 10, labelWidth: 100, nodeWidth: 10 });

  it('puts first landings left and resolvers right, sized by tickets', () => {
    const byId = Object.fromEntries(layout.nodes.map((n) => [n.id, n]));
    expect(layout.height).toBe(100);
    expect(byId['from:Technology']).toMatchObject({ side: 'from', tickets: 3, x0: 100, x1: 110 });
    expect(byId['to:Technology']).toMatchObject({ side: 'to', tickets: 2, x0: 490, x1: 500 });
    // One side has 4 tickets in 100 px less one 10 px gap: 22.5 px per ticket.
    expect(byId['from:Technology'].y1 - byId['from:Technology'].y0).toBeCloseTo(67.5);
    expect(byId['from:Payroll'].y1 - byId['from:Payroll'].y0).toBeCloseTo(22.5);
    // The larger department is on top.
    expect(byId['from:Technology'].y0).toBe(0);
  });

  it('gives each pair a band as wide as its tickets, crossed when it changed department', () => {
    expect(layout.bands.map((b) => [b.from, b.to, b.tickets, b.crossed])).toEqual([
      ['Technology', 'Technology', 2, false],
      ['Payroll', 'Payroll', 1, false],
      ['Technology', 'Payroll', 1, true],
    ]);
    expect(layout.bands[0].width).toBeCloseTo(45);
    expect(layout.bands[0].path).toMatch(/^M110,/);
  });

  it('lays out nothing for no tickets', () => {
    expect(layoutSankey([{ from: 'A', to: 'B', tickets: 0 }], { width: 600 }).bands).toEqual([]);
    expect(layoutSankey([], { width: 600 })).toEqual({ width: 600, height: 34, nodes: [], bands: [] });
  });
});

describe('layoutSankey with a withheld flow', () => {
  // Payroll -> Payroll 3, Technology -> Technology withheld ("<5"): drawn one ticket wide.
  const layout = layoutSankey(
    [
      { from: 'Payroll', to: 'Payroll', tickets: 3 },
      { from: 'Technology', to: 'Technology', tickets: '<5' },
    ],
    { width: 600, rowHeight: 50, nodePadding: 10, labelWidth: 100, nodeWidth: 10 },
  );

  it('keeps the marker on the band and draws it at the nominal weight', () => {
    expect(layout.bands.map((b) => [b.from, b.tickets])).toEqual([
      ['Payroll', 3],
      ['Technology', '<5'],
    ]);
    // 4 drawing weights in 100 px less one 10 px gap: 22.5 px per weight.
    expect(layout.bands[1].width).toBeCloseTo(22.5);
    expect(layout.bands[0].width).toBeCloseTo(67.5);
  });

  it('gives its nodes no count, only that one is withheld', () => {
    const byId = Object.fromEntries(layout.nodes.map((n) => [n.id, n]));
    expect(byId['from:Technology']).toMatchObject({ tickets: 0, withheld: true });
    expect(byId['to:Payroll']).toMatchObject({ tickets: 3, withheld: false });
    expect(layout.nodes.every((n) => Number.isFinite(n.y0) && Number.isFinite(n.y1))).toBe(true);
  });
});

describe('labelRoom', () => {
  it('fits the longest department name and its count', () => {
    // 'Facilities & Maintenance' is 24 characters: (24 + 9) * 6.8 + 8 = 232.4.
    expect(labelRoom([{ from: 'Facilities & Maintenance', to: 'HR', tickets: 1 }], 1200)).toBe(232);
  });
  it('never takes more than a third of the width', () => {
    expect(labelRoom([{ from: 'Facilities & Maintenance', to: 'HR', tickets: 1 }], 600)).toBe(200);
  });
});
