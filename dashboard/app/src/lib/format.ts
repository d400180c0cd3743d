/** Number, share, money and date formats used on every page (en-US). */
export const num = new Intl.NumberFormat('en-US');
export const pct = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
export const hours = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export function money(value: number, currency = 'USD'): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 }).format(value);
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

/** '1 ticket', '2 tickets', '1,204 tickets'. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${num.format(n)} ${n === 1 ? one : many}`;
}
