/** The last day of a week (starting Monday) or month that starts on `period` ('YYYY-MM-DD'). */
export function periodEnd(period: string, interval: 'week' | 'month'): string {
  const [y, m, d] = period.split('-').map(Number);
  const end = interval === 'week' ? new Date(Date.UTC(y, m - 1, d + 6)) : new Date(Date.UTC(y, m, 0));
  return end.toISOString().slice(0, 10);
}
