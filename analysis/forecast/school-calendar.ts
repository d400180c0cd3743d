/**
 * School-calendar time: every week (Monday to Sunday, local days) gets its school year,
 * its week of the school year and a phase, from the district's `schoolCalendar` setting.
 *
 * Why weeks of the school year rather than ISO weeks: a district's demand follows its own
 * calendar (the first day of school moves by a week from year to year, and the rush moves
 * with it), so "the same week last year" means the same week counted from the first day of
 * school. Week 1 is the week holding the first day; weeks before it count down (0, -1, ...).
 * A school year runs from eight weeks before its first day's week to eight weeks before the
 * next one's, so the summer after the last day belongs to the year that ended.
 *
 * Days are whole days since 1970-01-01 (UTC midnights standing for local dates), so no
 * wall-clock string ever passes through `new Date()` in local time.
 */
import type { SchoolCalendar, SchoolDateRange } from '#core/settings.ts';

export const PHASES = ['summer', 'before_school', 'first_weeks', 'term', 'break', 'testing'] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_LABELS: Record<Phase, string> = {
  summer: 'Summer',
  before_school: 'Before school',
  first_weeks: 'First weeks',
  term: 'Term',
  break: 'Break',
  testing: 'Testing',
};

export interface SchoolWeek {
  /** The Monday, YYYY-MM-DD. */
  week: string;
  /** The calendar year the school year starts in (2024 for 2024-25). */
  startYear: number;
  /** 1 = the week of the first day of school; 0, -1, ... the weeks before it. */
  weekOfYear: number;
  phase: Phase;
}

const DAY_MS = 86_400_000;
/** Weeks before the first day's week at which a school year begins. */
export const YEAR_LEAD_WEEKS = 8;
/** Weeks before the first day counted as "before school" (staff return, accounts, rosters). */
const BEFORE_SCHOOL_WEEKS = 2;
/** Weeks from the first day counted as "first weeks". */
const FIRST_WEEKS = 4;

/** 'YYYY-MM-DD' -> days since 1970-01-01. */
export function dayNumber(day: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new Error(`a day must be written YYYY-MM-DD, got '${day}'`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

/** Days since 1970-01-01 -> 'YYYY-MM-DD'. */
export function dayString(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday on or before a day (1970-01-01 was a Thursday). */
export function mondayOf(n: number): number {
  return n - ((n + 3) % 7);
}

interface YearDates {
  first: number;
  last: number;
  breaks: [number, number][];
  testing: [number, number][];
}

/** 'MM-DD' in the school year starting in `startYear`: July on in that year, else the next. */
function monthDay(md: string, startYear: number): number {
  const m = /^(\d{2})-(\d{2})$/.exec(md);
  if (!m) throw new Error(`a school-calendar date must be written MM-DD, got '${md}'`);
  const month = Number(m[1]);
  return Date.UTC(month >= 7 ? startYear : startYear + 1, month - 1, Number(m[2])) / DAY_MS;
}

/** The dates of one school year: its override in `years` when set, else the recurring dates. */
export function schoolYearDates(calendar: SchoolCalendar, startYear: number): YearDates {
  const exact = calendar.years.find((y) => Number(y.firstDay.slice(0, 4)) === startYear);
  if (exact) {
    const span = (r: SchoolDateRange): [number, number] => [dayNumber(r.from), dayNumber(r.to)];
    return { first: dayNumber(exact.firstDay), last: dayNumber(exact.lastDay), breaks: exact.breaks.map(span), testing: exact.testing.map(span) };
  }
  const span = (r: SchoolDateRange): [number, number] => [monthDay(r.from, startYear), monthDay(r.to, startYear)];
  return {
    first: monthDay(calendar.firstDay, startYear),
    last: monthDay(calendar.lastDay, startYear),
    breaks: calendar.breaks.map(span),
    testing: calendar.testing.map(span),
  };
}

/** The school-calendar week holding day `n` (days since 1970-01-01). */
export function schoolWeekOf(calendar: SchoolCalendar, n: number): SchoolWeek {
  const monday = mondayOf(n);
  const yearStart = (y: number) => mondayOf(schoolYearDates(calendar, y).first) - 7 * YEAR_LEAD_WEEKS;
  let startYear = new Date(monday * DAY_MS).getUTCFullYear();
  if (monday < yearStart(startYear)) startYear -= 1;
  else if (monday >= yearStart(startYear + 1)) startYear += 1;
  const dates = schoolYearDates(calendar, startYear);
  const weekOfYear = (monday - mondayOf(dates.first)) / 7 + 1;
  // A week is judged by its Wednesday, so a break starting on a Friday leaves the week in term.
  const mid = monday + 2;
  const inside = (spans: [number, number][]) => spans.some(([a, b]) => mid >= a && mid <= b);
  let phase: Phase;
  if (weekOfYear < 1) phase = weekOfYear > -BEFORE_SCHOOL_WEEKS ? 'before_school' : 'summer';
  else if (mid > dates.last) phase = 'summer';
  else if (inside(dates.breaks)) phase = 'break';
  else if (weekOfYear <= FIRST_WEEKS) phase = 'first_weeks';
  else if (inside(dates.testing)) phase = 'testing';
  else phase = 'term';
  return { week: dayString(monday), startYear, weekOfYear, phase };
}

/** `count` consecutive school weeks from the Monday of `firstMonday` ('YYYY-MM-DD'). */
export function schoolWeeks(calendar: SchoolCalendar, firstMonday: string, count: number): SchoolWeek[] {
  const start = mondayOf(dayNumber(firstMonday));
  return Array.from({ length: count }, (_, i) => schoolWeekOf(calendar, start + 7 * i));
}

/** Consecutive weeks of one phase, for shading: [{ from, to (last Monday), phase }]. */
export function phaseSpans(weeks: readonly SchoolWeek[]): { from: string; to: string; phase: Phase }[] {
  const spans: { from: string; to: string; phase: Phase }[] = [];
  for (const w of weeks) {
    const last = spans[spans.length - 1];
    if (last && last.phase === w.phase) last.to = w.week;
    else spans.push({ from: w.week, to: w.week, phase: w.phase });
  }
  return spans;
}
