/**
 * Number, share, money and date formats used on every page (en-US). Every number format
 * takes a figure that a department head may receive as "<5": a count shows the marker as
 * it is, a share, hours or money shows "withheld".
 */
import { formatFigure, isWithheld, type Figure } from '#analysis/report/withheld.ts';

export type { Figure };

// Counts show the marker as "<5"; a share, duration or amount is not a count of fewer than
// five, so it reads "withheld".
function figureFormat(format: Intl.NumberFormat, marker?: string): { format: (value: Figure) => string } {
  return { format: (value) => (marker && isWithheld(value) ? marker : formatFigure(value, (x: number) => format.format(x))) };
}

export const num = figureFormat(new Intl.NumberFormat('en-US'));
export const pct = figureFormat(new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }), 'withheld');
export const hours = figureFormat(new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }), 'withheld');

export function money(value: Figure, currency = 'USD'): string {
  if (isWithheld(value)) return 'withheld';
  return formatFigure(value, (x: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 }).format(x));
}

/** An instant shown as a date and time in the district's zone. */
export function dateTime(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** A calendar day 'YYYY-MM-DD' as 'Aug 19, 2024' (no time zone shift: it is a day, not an instant). */
export function day(ymd: string): string {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** '1 ticket', '2 tickets', '1,204 tickets', '<5 tickets'. */
export function count(n: Figure, one: string, many = `${one}s`): string {
  return `${num.format(n)} ${n === 1 ? one : many}`;
}
