/**
 * Layout of a horizontal stacked bar chart: one bar per row, split into two parts. Pure
 * so it can be tested without a DOM; the component only draws what this returns.
 */
import { scaleBand, scaleLinear } from 'd3';

export interface BarDatum {
  label: string;
  /** The whole bar. */
  total: number;
  /** The highlighted part of it, drawn first. */
  part: number;
}

export interface BarRect {
  label: string;
  y: number;
  height: number;
  partWidth: number;
  restWidth: number;
  total: number;
  part: number;
}

export interface BarLayout {
  bars: BarRect[];
  ticks: { x: number; value: number }[];
  width: number;
  height: number;
  labelWidth: number;
}

export function layoutBars(
  data: BarDatum[],
  opts: { width: number; rowHeight?: number; labelWidth?: number; tickCount?: number },
): BarLayout {
  const rowHeight = opts.rowHeight ?? 28;
  const labelWidth = opts.labelWidth ?? 200;
  const plotWidth = Math.max(opts.width - labelWidth - 16, 10);
  const height = data.length * rowHeight;
  const max = Math.max(1, ...data.map((d) => d.total));
  const x = scaleLinear().domain([0, max]).range([0, plotWidth]).nice();
  const y = scaleBand<string>().domain(data.map((d) => d.label)).range([0, height]).padding(0.2);
  return {
    width: opts.width,
    height,
    labelWidth,
    bars: data.map((d) => ({
      label: d.label,
      y: y(d.label) ?? 0,
      height: y.bandwidth(),
      partWidth: x(d.part),
      restWidth: x(d.total) - x(d.part),
      total: d.total,
      part: d.part,
    })),
    ticks: x.ticks(opts.tickCount ?? 5).map((value) => ({ x: x(value), value })),
  };
}

/** Bars drawn at most: past this, the smallest are one bar ("41 others"), the table beside lists each. */
export const MAX_BARS = 12;

/**
 * The `max - 1` largest bars and one bar for the rest, its total and part the exact sums
 * of the bars it holds; the data as it is when it has at most `max` bars.
 */
export function topBars(data: BarDatum[], max: number = MAX_BARS): BarDatum[] {
  if (data.length <= max) return data;
  const ranked = [...data].sort((a, b) => b.total - a.total || a.label.localeCompare(b.label));
  const rest = ranked.slice(max - 1);
  return [
    ...ranked.slice(0, max - 1),
    { label: `${rest.length} others`, total: rest.reduce((s, d) => s + d.total, 0), part: rest.reduce((s, d) => s + d.part, 0) },
  ];
}
