import { describe, expect, it } from 'vitest';
import { OTHER_DEPARTMENTS, pageFlows, topFlows } from './flow-top.ts';
import { layoutSankey, type FlowDatum } from './sankey-layout.ts';

// Five routes, 100 tickets: A->A 40, B->B 30, C->A 15, D->B 10, E->E 5.
const five: FlowDatum[] = [
  { from: 'A', to: 'A', tickets: 40 },
  { from: 'B', to: 'B', tickets: 30 },
  { from: 'C', to: 'A', tickets: 15 },
  { from: 'D', to: 'B', tickets: 10 },
  { from: 'E', to: 'E', tickets: 5 },
];
const sum = (fs: FlowDatum[]) => fs.reduce((s, f) => s + (typeof f.tickets === 'number' ? f.tickets : 0), 0);

describe('topFlows', () => {
  it('keeps the departments of the top routes and folds the rest into "Other departments", tickets summed exactly', () => {
    const top = topFlows(five, 2, 3);
    // All kept up to 3 departments a side. The left has 5: it keeps A and B (of the top two
    // routes, A->A and B->B) and folds C, D and E. The right has 3 (A, B, E): all kept.
    expect(top.flows).toEqual([
      { from: 'A', to: 'A', tickets: 40 },
      { from: 'B', to: 'B', tickets: 30 },
      { from: OTHER_DEPARTMENTS, to: 'A', tickets: 15, grouped: 1 },
      { from: OTHER_DEPARTMENTS, to: 'B', tickets: 10, grouped: 1 },
      { from: OTHER_DEPARTMENTS, to: 'E', tickets: 5, grouped: 1 },
    ]);
    expect(top).toMatchObject({ routes: 5, folded: 3, otherName: OTHER_DEPARTMENTS });
    expect(sum(top.flows)).toBe(100);
  });

  it('sums the routes an "other" band holds: 7 + 6 + 2 = 15', () => {
    const flows: FlowDatum[] = [
      { from: 'A', to: 'A', tickets: 50 },
      { from: 'X', to: 'A', tickets: 7 },
      { from: 'Y', to: 'A', tickets: 6 },
      { from: 'Z', to: 'A', tickets: 2 },
    ];
    const top = topFlows(flows, 1, 1);
    expect(top.flows).toEqual([
      { from: 'A', to: 'A', tickets: 50 },
      { from: OTHER_DEPARTMENTS, to: 'A', tickets: 15, grouped: 3 },
    ]);
  });

  it('withholds an "other" band that holds a withheld route, and keeps a withheld route between kept departments', () => {
    const flows: FlowDatum[] = [
      { from: 'A', to: 'A', tickets: 50 },
      { from: 'B', to: 'B', tickets: 40 },
      { from: 'A', to: 'B', tickets: '<5' },
      { from: 'X', to: 'A', tickets: 9 },
      { from: 'Y', to: 'A', tickets: '<5' },
      { from: 'Z', to: 'B', tickets: 8 },
    ];
    const top = topFlows(flows, 2, 2);
    expect(top.flows).toEqual([
      { from: 'A', to: 'A', tickets: 50 },
      { from: 'B', to: 'B', tickets: 40 },
      { from: OTHER_DEPARTMENTS, to: 'A', tickets: '<5', grouped: 2 },
      { from: OTHER_DEPARTMENTS, to: 'B', tickets: 8, grouped: 1 },
      { from: 'A', to: 'B', tickets: '<5' },
    ]);
  });

  it('groups nothing when each side has at most 20 departments (the demo district has 15)', () => {
    expect(topFlows(five, 2).flows).toEqual(five);
    expect(topFlows(five, 2).folded).toBe(0);
    const twenty: FlowDatum[] = Array.from({ length: 20 }, (_, i) => ({ from: `D${i}`, to: `D${i}`, tickets: 20 - i }));
    expect(topFlows(twenty).folded).toBe(0);
    expect(topFlows([...twenty, { from: 'D20', to: 'D20', tickets: 1 }]).folded).toBe(9);
  });

  it('never reuses the name of a real department for the grouped node', () => {
    const flows: FlowDatum[] = [
      { from: 'A', to: 'A', tickets: 9 },
      { from: OTHER_DEPARTMENTS, to: 'A', tickets: 3 },
      { from: 'B', to: 'A', tickets: 2 },
    ];
    const top = topFlows(flows, 1, 1);
    expect(top.otherName).toBe('Other departments (grouped)');
    expect(top.flows).toEqual([
      { from: 'A', to: 'A', tickets: 9 },
      { from: 'Other departments (grouped)', to: 'A', tickets: 5, grouped: 2 },
    ]);
  });

  it('bounds the Sankey at 13 nodes a side for 700 groups, all tickets kept', () => {
    const flows: FlowDatum[] = [];
    for (let i = 0; i < 700; i++) flows.push({ from: `G${i}`, to: `G${(i * 7) % 700}`, tickets: 1000 - i });
    const top = topFlows(flows);
    expect(new Set(top.flows.map((f) => f.from)).size).toBe(13);
    expect(new Set(top.flows.map((f) => f.to)).size).toBe(13);
    expect(sum(top.flows)).toBe(sum(flows));
    expect(layoutSankey(top.flows, { width: 900 }).height).toBe(13 * 34);
  });
});

describe('pageFlows', () => {
  it('searches either end, case-insensitive, and pages through the matches', () => {
    expect(pageFlows(five, { query: 'b', offset: 0, size: 1 })).toEqual({ rows: [five[1]], matching: 2, offset: 0 });
    expect(pageFlows(five, { query: ' B ', offset: 1, size: 1 })).toEqual({ rows: [five[3]], matching: 2, offset: 1 });
    expect(pageFlows(five, { query: '', offset: 2, size: 2 }).rows).toEqual(five.slice(2, 4));
  });

  it('moves back to the last page when a search leaves fewer rows than the offset', () => {
    expect(pageFlows(five, { query: 'e', offset: 4, size: 2 })).toEqual({ rows: [five[4]], matching: 1, offset: 0 });
    expect(pageFlows(five, { query: 'nothing', offset: 4, size: 2 })).toEqual({ rows: [], matching: 0, offset: 0 });
  });
});
