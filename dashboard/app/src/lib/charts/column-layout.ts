/**
 * Layout of the trend chart: one column per week or month, the part resolved elsewhere
 * drawn at the bottom of each column. Pure, so it is tested without a DOM.
 *
 * The trend only has periods with tickets, so a log with a gap of years (a helpdesk
 * replaced, an export with old test tickets) would put 2012 beside 2016. A stretch of more
 * than eight weeks without tickets splits the series (splitAtGaps) and is drawn as a
 * narrow break with its length as a label; shorter stretches stay adjacent columns.
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

/** A stretch with no tickets between two periods, longer than the split threshold. */
export interface TimeGap {
  /** The last period before the gap and the first after it. */
  after: string;
  before: string;
  /** Whole days with no period between them. */
  days: number;
  /** Its length for the chart: "14 weeks", "5 months", "3.8 years". */
  label: string;
}

/** More than this many days without a period splits the series: eight weeks. */
export const GAP_DAYS = 56;

const dayNumber = (period: string) => {
  const [y, m, d] = period.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 86_400_000;
};

/** The first day after `period` (a week's Monday or a month's first day, YYYY-MM-DD). */
function dayAfter(period: string, interval: 'week' | 'month'): number {
  const [y, m, d] = period.split('-').map(Number);
  return (interval === 'week' ? Date.UTC(y, m - 1, d + 7) : Date.UTC(y, m, 1)) / 86_400_000;
}

function gapLabel(days: number, interval: 'week' | 'month', after: string, before: string): string {
  if (days >= 731) return `${(days / 365.25).toFixed(1)} years`;
  if (interval === 'month') {
    const [y1, m1] = after.split('-').map(Number);
    const [y2, m2] = before.split('-').map(Number);
    return `${(y2 - y1) * 12 + (m2 - m1) - 1} months`;
  }
  return `${Math.round(days / 7)} weeks`;
}

/**
 * Splits periods (sorted, YYYY-MM-DD starts) where more than `minDays` days have no
 * period: the segments to draw side by side and the gaps between them.
 */
export function splitAtGaps(periods: string[], interval: 'week' | 'month', minDays = GAP_DAYS): { segments: string[][]; gaps: TimeGap[] } {
  const segments: string[][] = [];
  const gaps: TimeGap[] = [];
  periods.forEach((p, i) => {
    const prev = periods[i - 1];
    const days = prev === undefined ? 0 : dayNumber(p) - dayAfter(prev, interval);
    if (prev === undefined || days > minDays) {
      if (prev !== undefined) gaps.push({ after: prev, before: p, days, label: gapLabel(days, interval, prev, p) });
      segments.push([p]);
    } else segments[segments.length - 1].push(p);
  });
  return { segments, gaps };
}

/** Width of a break between two segments, in px. */
export const BREAK_WIDTH = 40;

export interface ColumnLayout {
  width: number;
  height: number;
  plotHeight: number;
  left: number;
  columns: ColumnRect[];
  yTicks: { y: number; value: number }[];
  /** Period labels thinned so they do not overlap (at most one per 70 px); each segment's first period has one. */
  xLabels: { x: number; period: string }[];
  /** Breaks where time has no tickets for more than eight weeks: x is the break's centre. */
  breaks: (TimeGap & { x: number })[];
}

/** Columns are never wider than this, so a range of one or two periods does not fill the chart. */
export const MAX_COLUMN_STEP = 64;

/**
 * `interval` turns on the breaks: without it (or with periods that are not dates) the
 * columns are adjacent, as for any categorical series.
 */
export function layoutColumns(data: ColumnDatum[], opts: { width: number; height?: number; left?: number; bottom?: number; top?: number; interval?: 'week' | 'month' }): ColumnLayout {
  const height = opts.height ?? 220;
  const left = opts.left ?? 48;
  const top = opts.top ?? 8;
  const plotHeight = height - (opts.bottom ?? 28);
  const { segments, gaps } = opts.interval ? splitAtGaps(data.map((d) => d.period), opts.interval) : { segments: [data.map((d) => d.period)], gaps: [] };
  const breakRoom = gaps.length * BREAK_WIDTH;
  const plotWidth = Math.max(Math.min(opts.width - left - 8 - breakRoom, data.length * MAX_COLUMN_STEP), 20);
  const x = scaleBand<string>().domain(data.map((d) => d.period)).range([0, plotWidth]).padding(0.15);
  const y = scaleLinear().domain([0, Math.max(1, ...data.map((d) => d.total))]).range([plotHeight, top]).nice();
  const every = Math.max(1, Math.ceil(70 / Math.max(x.step(), 1)));
  // Each period's segment, so columns after a break move right by the breaks before them.
  const segmentOf = new Map<string, number>();
  segments.forEach((seg, i) => seg.forEach((p) => segmentOf.set(p, i)));
  const xOf = (p: string) => (x(p) ?? 0) + (segmentOf.get(p) ?? 0) * BREAK_WIDTH;
  const firstOfSegment = new Set(segments.map((s) => s[0]));
  const labelled: string[] = [];
  for (const seg of segments) {
    seg.forEach((p, i) => {
      if (i % every !== 0) return;
      const prev = labelled[labelled.length - 1];
      const crowded = prev !== undefined && xOf(p) - xOf(prev) < 70;
      // A segment's first period is always labelled (the reader must see the jump in time):
      // the label before it gives way when the two would crowd, unless it starts a segment too.
      if (!crowded) labelled.push(p);
      else if (firstOfSegment.has(p)) {
        if (!firstOfSegment.has(prev)) labelled.pop();
        labelled.push(p);
      }
    });
  }
  return {
    width: opts.width,
    height,
    plotHeight,
    left,
    columns: data.map((d) => ({
      period: d.period,
      x: xOf(d.period),
      width: x.bandwidth(),
      totalY: y(d.total),
      partY: y(d.part),
      total: d.total,
      part: d.part,
    })),
    yTicks: y.ticks(4).map((value) => ({ y: y(value), value })),
    xLabels: labelled.map((p) => ({ x: xOf(p) + x.bandwidth() / 2, period: p })),
    breaks: gaps.map((g) => ({ ...g, x: (xOf(g.after) + x.bandwidth() + xOf(g.before)) / 2 })),
  };
}
