/**
 * Layout of the routing Sankey: first-landing departments on the left, resolving (or
 * owning) departments on the right, one band per pair. The two sides are separate nodes
 * ('from:Technology', 'to:Technology'), so a ticket resolved where it landed is a straight
 * band rather than a loop, which d3-sankey could not lay out. Pure, so it is tested
 * without a DOM; the component draws what this returns.
 *
 * A flow a department head may not count ("<5": between two other departments, fewer than
 * five tickets) is drawn as a hair-thin band of nominal width, marked withheld, so neither
 * its width nor a node's size tells its number; a node with such a band shows the tickets
 * it is known to hold, followed by "+".
 */
import { sankey, sankeyLinkHorizontal, type SankeyGraph } from 'd3-sankey';
import { isWithheld, type Figure } from '#analysis/report/withheld.ts';

export interface FlowDatum {
  from: string;
  to: string;
  tickets: Figure;
  /** Set on a band of "Other departments" (flow-top.ts): how many routes it holds. */
  grouped?: number;
}

/** The drawing weight of a withheld band, in tickets: the thinnest a band can be. */
export const WITHHELD_BAND_WEIGHT = 1;

export interface SankeyNodeBox {
  id: string;
  department: string;
  side: 'from' | 'to';
  /** Tickets in its bands that are not withheld. */
  tickets: number;
  /** True when one of its bands is withheld, so `tickets` is a lower bound. */
  withheld: boolean;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface SankeyBand {
  from: string;
  to: string;
  tickets: Figure;
  /** True when the ticket ended in another department than where it landed. */
  crossed: boolean;
  /** How many routes the band holds when it has "Other departments" at an end. */
  grouped?: number;
  /** SVG path of the band's centre line; drawn with stroke-width = width. */
  path: string;
  width: number;
}

export interface SankeyLayout {
  width: number;
  height: number;
  nodes: SankeyNodeBox[];
  bands: SankeyBand[];
}

interface N {
  id: string;
  department: string;
  side: 'from' | 'to';
}
interface L {
  source: string;
  target: string;
  value: number;
  from: string;
  to: string;
  tickets: Figure;
  grouped?: number;
}

export interface SankeyOptions {
  width: number;
  /** Height per node on the busier side; the chart grows with the number of departments. */
  rowHeight?: number;
  nodeWidth?: number;
  nodePadding?: number;
  /** Room for the labels left and right of the bars. */
  labelWidth?: number;
}

/**
 * Room for the longest 'Department (1,234)' label at 12 px (about 6.8 px a character in
 * the system sans-serif), capped at a third of the width so the bands keep room.
 */
export function labelRoom(flows: FlowDatum[], width: number): number {
  const longest = Math.max(0, ...flows.map((f) => Math.max(f.from.length, f.to.length)));
  return Math.round(Math.min(width / 3, Math.max(80, (longest + 9) * 6.8 + 8)));
}

export function layoutSankey(flows: FlowDatum[], opts: SankeyOptions): SankeyLayout {
  const data = flows.filter((f) => isWithheld(f.tickets) || f.tickets > 0);
  const weight = (f: FlowDatum) => (isWithheld(f.tickets) ? WITHHELD_BAND_WEIGHT : f.tickets);
  const labelWidth = opts.labelWidth ?? labelRoom(data, opts.width);
  const nodePadding = opts.nodePadding ?? 10;
  const froms = [...new Set(data.map((f) => f.from))];
  const tos = [...new Set(data.map((f) => f.to))];
  const height = Math.max(froms.length, tos.length, 1) * (opts.rowHeight ?? 34);
  if (!data.length) return { width: opts.width, height, nodes: [], bands: [] };

  const nodes: N[] = [
    ...froms.map((d) => ({ id: `from:${d}`, department: d, side: 'from' as const })),
    ...tos.map((d) => ({ id: `to:${d}`, department: d, side: 'to' as const })),
  ];
  const links: L[] = data.map((f) => ({ source: `from:${f.from}`, target: `to:${f.to}`, value: weight(f), from: f.from, to: f.to, tickets: f.tickets, grouped: f.grouped }));
  const generator = sankey<N, L>()
    .nodeId((n) => n.id)
    .nodeWidth(opts.nodeWidth ?? 14)
    .nodePadding(nodePadding)
    // Largest departments first on each side, ties by name, so the layout is stable.
    .nodeSort((a, b) => (b.value ?? 0) - (a.value ?? 0) || a.department.localeCompare(b.department))
    .extent([
      [labelWidth, 0],
      [Math.max(opts.width - labelWidth, labelWidth + 60), height],
    ]);
  const graph: SankeyGraph<N, L> = generator({ nodes: nodes.map((n) => ({ ...n })), links: links.map((l) => ({ ...l })) });
  const path = sankeyLinkHorizontal<N, L>();
  return {
    width: opts.width,
    height,
    nodes: graph.nodes.map((n) => ({
      id: n.id,
      department: n.department,
      side: n.side,
      ...knownTickets(n.side === 'from' ? (n.sourceLinks ?? []) : (n.targetLinks ?? [])),
      x0: n.x0 ?? 0,
      x1: n.x1 ?? 0,
      y0: n.y0 ?? 0,
      y1: n.y1 ?? 0,
    })),
    bands: graph.links
      .map((l) => ({ from: l.from, to: l.to, tickets: l.tickets, weight: l.value, crossed: l.from !== l.to, path: path(l) ?? '', width: Math.max(l.width ?? 0, 1), ...(l.grouped ? { grouped: l.grouped } : {}) }))
      .sort((a, b) => b.weight - a.weight || a.from.localeCompare(b.from) || a.to.localeCompare(b.to))
      .map(({ weight: _weight, ...band }) => band),
  };
}

function knownTickets(links: { tickets: Figure }[]): { tickets: number; withheld: boolean } {
  let tickets = 0;
  let withheld = false;
  for (const l of links) {
    if (isWithheld(l.tickets)) withheld = true;
    else tickets += l.tickets;
  }
  return { tickets, withheld };
}
