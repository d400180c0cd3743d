/**
 * The per-ticket facts in the browser, as columns read from the server's Arrow stream
 * (/api/export/facts.arrows), and the figures a brushed period needs recomputed from them
 * without a round trip: tickets per week, the departments table and the first-landing -> owner flows.
 * The server's figures are the reference: each function here mirrors one catalogue
 * measure (analysis/measures), and test/api/crossfilter.test.ts holds them equal.
 */
import { tableFromIPC, type Table } from 'apache-arrow';

export interface FactColumns {
  length: number;
  /** Creation day in the district's zone, as UTC midnight in ms. */
  day: Float64Array;
  firstLanding: (string | null)[];
  owner: (string | null)[];
  misrouted: boolean[];
}

export interface DayRange {
  /** First and last day included, as UTC midnight in ms (a district day). */
  from: number;
  to: number;
}

export function columnsFromTable(table: Table): FactColumns {
  const col = <T>(name: string) => table.getChild(name)!.toArray() as unknown as T;
  const days = col<(number | null)[]>('created_day');
  const day = new Float64Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) day[i] = days[i] ?? NaN;
  return {
    length: table.numRows,
    day,
    firstLanding: Array.from(col<(string | null)[]>('first_landing')),
    owner: Array.from(col<(string | null)[]>('owner')),
    misrouted: Array.from(col<(boolean | null)[]>('misrouted'), (m) => m === true),
  };
}

export function columnsFromIpc(bytes: Uint8Array): FactColumns {
  return columnsFromTable(tableFromIPC(bytes));
}

const inRange = (d: number, r: DayRange | null) => r === null || (d >= r.from && d <= r.to);

const DAY_MS = 86_400_000;

/** Monday of the week of a day (UTC midnight in ms), as the trend's weeks start. */
export function weekOf(dayMs: number): number {
  const weekday = (new Date(dayMs).getUTCDay() + 6) % 7;
  return dayMs - weekday * DAY_MS;
}

export interface WeekCount {
  week: number;
  tickets: number;
  misrouted_tickets: number;
}

export function ticketsByWeek(c: FactColumns): WeekCount[] {
  const weeks = new Map<number, WeekCount>();
  for (let i = 0; i < c.length; i++) {
    if (Number.isNaN(c.day[i])) continue;
    const w = weekOf(c.day[i]);
    const row = weeks.get(w) ?? { week: w, tickets: 0, misrouted_tickets: 0 };
    row.tickets++;
    if (c.misrouted[i]) row.misrouted_tickets++;
    weeks.set(w, row);
  }
  return [...weeks.values()].sort((a, b) => a.week - b.week);
}

export interface DepartmentRow {
  department: string;
  tickets_owned: number;
  inbound_misrouted: number;
  tickets_landed: number;
  outbound_rerouted: number;
}

/** The departments table's counts for tickets created in `range` (all when null). */
export function departmentRows(c: FactColumns, range: DayRange | null): DepartmentRow[] {
  const rows = new Map<string, DepartmentRow>();
  const row = (d: string) => {
    let r = rows.get(d);
    if (!r) rows.set(d, (r = { department: d, tickets_owned: 0, inbound_misrouted: 0, tickets_landed: 0, outbound_rerouted: 0 }));
    return r;
  };
  for (let i = 0; i < c.length; i++) {
    if (!inRange(c.day[i], range)) continue;
    const owner = c.owner[i];
    const landing = c.firstLanding[i];
    if (owner !== null) {
      const r = row(owner);
      r.tickets_owned++;
      if (c.misrouted[i]) r.inbound_misrouted++;
    }
    if (landing !== null) {
      const r = row(landing);
      r.tickets_landed++;
      if (c.misrouted[i]) r.outbound_rerouted++;
    }
  }
  return [...rows.values()].sort((a, b) => b.tickets_owned - a.tickets_owned || a.department.localeCompare(b.department));
}

export interface Flow {
  from: string;
  to: string;
  tickets: number;
}

/** Tickets by first landing -> owner (the flow chart's links), largest first, as GET /api/figures/flows. */
export function landingFlows(c: FactColumns, range: DayRange | null): Flow[] {
  const flows = new Map<string, Flow>();
  for (let i = 0; i < c.length; i++) {
    if (!inRange(c.day[i], range)) continue;
    const from = c.firstLanding[i] ?? '';
    const to = c.owner[i] ?? '';
    const key = `${from}\u0000${to}`;
    const f = flows.get(key) ?? { from, to, tickets: 0 };
    f.tickets++;
    flows.set(key, f);
  }
  return [...flows.values()].sort((a, b) => b.tickets - a.tickets || (a.from < b.from ? -1 : a.from > b.from ? 1 : 0) || (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
}

/** A day in ms as the filters write it (YYYY-MM-DD). */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
