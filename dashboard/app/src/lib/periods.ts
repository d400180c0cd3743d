/** The last day of a week (starting Monday) or month that starts on `period` ('YYYY-MM-DD'). */
export function periodEnd(period: string, interval: 'week' | 'month'): string {
  const [y, m, d] = period.split('-').map(Number);
  const end = interval === 'week' ? new Date(Date.UTC(y, m - 1, d + 6)) : new Date(Date.UTC(y, m, 0));
  return end.toISOString().slice(0, 10);
}

export interface DatePreset {
  key: 'school-year' | 'last-school-year' | 'term' | 'last-30-days';
  label: string;
  from: string;
  to: string;
}

const utc = (ymd: string) => {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
};
const ymd = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (day: string, n: number) => ymd(new Date(utc(day).getTime() + n * 86_400_000));

/** The same calendar day a year earlier; 29 February becomes 28 February. */
export function yearEarlier(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const last = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
  return `${String(y - 1).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * The periods the filter bar offers, anchored on the last day with data (a district's
 * export is rarely from today): the school year holding it, starting on the district's
 * first school day (`schoolYearStart`, 'MM-DD', Settings > school calendar), the school year
 * before, the term holding it (the fall term runs from the year's start to 31 December, the
 * spring term from 1 January to the year's end), and the 30 days ending on it.
 */
export function datePresets(lastDay: string, schoolYearStart: string): DatePreset[] {
  const year = Number(lastDay.slice(0, 4));
  const startThisCalendarYear = `${year}-${schoolYearStart}`;
  const start = startThisCalendarYear <= lastDay ? startThisCalendarYear : `${year - 1}-${schoolYearStart}`;
  const end = addDays(`${Number(start.slice(0, 4)) + 1}-${schoolYearStart}`, -1);
  const label = (from: string) => `${from.slice(0, 4)}-${String(Number(from.slice(0, 4)) + 1).slice(2)}`;
  const previousStart = `${Number(start.slice(0, 4)) - 1}-${schoolYearStart}`;
  const newYear = `${Number(start.slice(0, 4)) + 1}-01-01`;
  const spring = lastDay >= newYear && newYear > start;
  return [
    { key: 'school-year', label: `This school year (${label(start)})`, from: start, to: end },
    { key: 'last-school-year', label: `Last school year (${label(previousStart)})`, from: previousStart, to: addDays(start, -1) },
    spring
      ? { key: 'term', label: `This term (spring ${newYear.slice(0, 4)})`, from: newYear, to: end }
      : { key: 'term', label: `This term (fall ${start.slice(0, 4)})`, from: start, to: addDays(newYear, -1) },
    { key: 'last-30-days', label: 'Last 30 days of data', from: addDays(lastDay, -29), to: lastDay },
  ];
}
