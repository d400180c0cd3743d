/**
 * Layout of the trend chart: one column per week or month, the part resolved elsewhere
 * drawn at the bottom of each column. Pure, so it is tested without a DOM.
 */
import { scaleBand, scaleLinear } from 'd3';

export interface ColumnDatum {
  period: string;
  total: number;
  part: number;
}

export interface ColumnRect {
  period: string;
  x: number;
  width: number;
  /** Top of the whole column and of its part; the baseline is at plotHeight. */
  totalY: number;
  partY: number;
  total: number;
  part: number;
}

export interface ColumnLayout {
  width: number;
  height: number;
  plotHeight: number;
  left: number;
  columns: ColumnRect[];
  yTicks: { y: number; value: number }[];
  /** Period labels thinned so they do not overlap (at most one per 70 px). */
  xLabels: { x: number; period: string }[];
}

/** Columns are never wider than this, so a range of one or two periods does not fill the chart. */
export const MAX_COLUMN_STEP = 64;

export function layoutColumns(data: ColumnDatum[], opts: { width: number; height?: number; left?: number; bottom?: number; top?: number }): ColumnLayout {
  const height = opts.height ?? 220;
  const left = opts.left ?? 48;
  const top = opts.top ?? 8;
  const plotHeight = height - (opts.bottom ?? 28);
  const plotWidth = Math.max(Math.min(opts.width - left - 8, data.length * MAX_COLUMN_STEP), 20);
  const x = scaleBand<string>().domain(data.map((d) => d.period)).range([0, plotWidth]).padding(0.15);
  const y = scaleLinear().domain([0, Math.max(1, ...data.map((d) => d.total))]).range([plotHeight, top]).nice();
  const every = Math.max(1, Math.ceil(70 / Math.max(x.step(), 1)));
  return {
    width: opts.width,
    height,
    plotHeight,
    left,
    columns: data.map((d) => ({
      period: d.period,
      x: x(d.period) ?? 0,
      width: x.bandwidth(),
      totalY: y(d.total),
      partY: y(d.part),
      total: d.total,
      part: d.part,
    })),
    yTicks: y.ticks(4).map((value) => ({ y: y(value), value })),
    xLabels: data.filter((_, i) => i % every === 0).map((d) => ({ x: (x(d.period) ?? 0) + x.bandwidth() / 2, period: d.period })),
  };
}
