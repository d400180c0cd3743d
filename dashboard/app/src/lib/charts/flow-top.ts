/**
 * The largest routes of the first landing -> owner flows, with the rest folded into
 * "Other departments" on each side, so the Sankey keeps a bounded height whether a district
 * has twelve departments or seven hundred unmapped groups. Pure, and it works on rows the
 * server has already guarded: nothing here can show more than those rows do.
 *
 * Rules (docs/metrics.md, "Flows"):
 * - A side with at most `allUpTo` departments (20) keeps every one: a district's own
 *   departments fit on a screen, and the chart is then exactly the routes.
 * - Otherwise rank the routes by tickets (a withheld "<5" route ranks as 0), ties by names;
 *   the departments at that side's end of the top `n` routes (12) keep their own node.
 * - Every other department is drawn as "Other departments" on its side. Routes that then
 *   share both ends are one band whose tickets are the exact sum of the routes it holds.
 * - A band holding a withheld route is itself withheld: a visible total minus the visible
 *   routes inside it would give the withheld one back.
 */
import { isWithheld, WITHHELD, type Figure } from '#analysis/report/withheld.ts';
import type { FlowDatum } from './sankey-layout.ts';
import { pageRows, type RowPage } from '../paging.ts';

export const TOP_FLOWS = 12;
export const ALL_DEPARTMENTS_UP_TO = 20;
export const OTHER_DEPARTMENTS = 'Other departments';

export interface TopFlows {
  /** The bands to draw; a grouped one carries `grouped` (how many routes it holds). */
  flows: FlowDatum[];
  /** Routes with tickets, before grouping. */
  routes: number;
  /** Of those, the routes folded into a band with "Other departments" at an end. */
  folded: number;
  /** The name used for the grouped side (differs from every real department). */
  otherName: string;
}

const rankOf = (f: FlowDatum) => (isWithheld(f.tickets) ? 0 : f.tickets);

function keptSide(ranked: FlowDatum[], side: 'from' | 'to', n: number, allUpTo: number): Set<string> {
  const all = new Set(ranked.map((f) => f[side]));
  if (all.size <= allUpTo) return all;
  return new Set(ranked.slice(0, n).map((f) => f[side]));
}

export function topFlows(flows: FlowDatum[], n: number = TOP_FLOWS, allUpTo: number = ALL_DEPARTMENTS_UP_TO): TopFlows {
  const data = flows.filter((f) => isWithheld(f.tickets) || f.tickets > 0);
  const ranked = [...data].sort((a, b) => rankOf(b) - rankOf(a) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  const keepFrom = keptSide(ranked, 'from', n, allUpTo);
  const keepTo = keptSide(ranked, 'to', n, allUpTo);
  const names = new Set(data.flatMap((f) => [f.from, f.to]));
  let otherName = OTHER_DEPARTMENTS;
  while (names.has(otherName)) otherName += ' (grouped)';

  const bands = new Map<string, { from: string; to: string; tickets: Figure; grouped: number; other: boolean }>();
  let folded = 0;
  for (const f of ranked) {
    const from = keepFrom.has(f.from) ? f.from : otherName;
    const to = keepTo.has(f.to) ? f.to : otherName;
    const other = from !== f.from || to !== f.to;
    if (other) folded++;
    const key = `${from}\u0000${to}`;
    const band = bands.get(key);
    if (!band) {
      bands.set(key, { from, to, tickets: f.tickets, grouped: 1, other });
      continue;
    }
    band.grouped++;
    band.tickets = isWithheld(band.tickets) || isWithheld(f.tickets) ? WITHHELD : band.tickets + f.tickets;
  }
  return {
    flows: [...bands.values()].map(({ from, to, tickets, grouped, other }) => (other ? { from, to, tickets, grouped } : { from, to, tickets })),
    routes: data.length,
    folded,
    otherName,
  };
}

export type FlowPage = RowPage<FlowDatum>;

/** One page of the routes table: routes whose first landing or owner contains `query`, largest first as the server sends them. */
export function pageFlows(flows: FlowDatum[], opts: { query: string; offset: number; size: number }): FlowPage {
  return pageRows(flows, (f) => [f.from, f.to], opts);
}
