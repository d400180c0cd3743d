/**
 * The per-ticket facts in the browser, as columns read from the server's Arrow stream
 * (/api/export/facts.arrows), and the figures a selection needs recomputed from them
 * without a round trip: tickets per week, the departments table and the first-landing ->
 * owner flows (ownership gaps are ownership-gaps.ts). A selection is brushed days and/or
 * one clicked department; `selectedRows` turns it into row numbers once, and every figure
 * reads those rows, so a click costs one pass over the facts plus one pass per figure.
 * The server's figures are the reference: each function here mirrors one catalogue measure
 * or figure (analysis/), and test/api/crossfilter.test.ts holds them equal.
 */
import { tableFromIPC, type Table } from 'apache-arrow';

export interface FactColumns {
  length: number;
  /** Creation day in the district's zone, as UTC midnight in ms. */
  day: Float64Array;
  firstLanding: (string | null)[];
  owner: (string | null)[];
  misrouted: boolean[];
  /**
   * Each ticket's department path as an index into `paths`. The stream carries a path as
   * JSON text; a district has a few hundred distinct paths among a million tickets, so
   * each distinct text is parsed once.
   */
  pathOf: Uint32Array;
  paths: string[][];
  requestType: (string | null)[];
  declaredOwner: (string | null)[];
  coordinationCost: Float64Array;
}

export interface DayRange {
  /** First and last day included, as UTC midnight in ms (a district day). */
  from: number;
  to: number;
}

/** What the analyst chose: brushed days and a clicked department, each optional. */
export interface Selection {
  range: DayRange | null;
  department: string | null;
}

/** Department paths as ids into a list of distinct parsed paths (NULL reads as an empty path). */
export function pathDictionary(texts: ArrayLike<string | null>): { pathOf: Uint32Array; paths: string[][] } {
  const ids = new Map<string, number>();
  const paths: string[][] = [];
  const pathOf = new Uint32Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i] ?? '[]';
    let id = ids.get(text);
    if (id === undefined) {
      id = paths.length;
      ids.set(text, id);
      paths.push(JSON.parse(text) as string[]);
    }
    pathOf[i] = id;
  }
  return { pathOf, paths };
}

export function columnsFromTable(table: Table): FactColumns {
  const col = <T>(name: string) => table.getChild(name)!.toArray() as unknown as T;
  const days = col<(number | null)[]>('created_day');
  const day = new Float64Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) day[i] = days[i] ?? NaN;
  const costs = table.getChild('coordination_cost')!;
  const coordinationCost = new Float64Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) coordinationCost[i] = costs.get(i) ?? 0;
  return {
    length: table.numRows,
    day,
    firstLanding: Array.from(col<(string | null)[]>('first_landing')),
    owner: Array.from(col<(string | null)[]>('owner')),
    misrouted: Array.from(col<(boolean | null)[]>('misrouted'), (m) => m === true),
    ...pathDictionary(col<(string | null)[]>('department_path')),
    requestType: Array.from(col<(string | null)[]>('request_type')),
    declaredOwner: Array.from(col<(string | null)[]>('declared_owner')),
    coordinationCost,
  };
}

export function columnsFromIpc(bytes: Uint8Array): FactColumns {
  return columnsFromTable(tableFromIPC(bytes));
}

/** Every row, for figures over all tickets. */
export function everyRow(c: FactColumns): Uint32Array {
  const rows = new Uint32Array(c.length);
  for (let i = 0; i < c.length; i++) rows[i] = i;
  return rows;
}

/**
 * The rows of the tickets in a selection: created in the range (days inclusive, as the
 * server's `from`/`to`), and, with a department, tickets that touched it exactly as the
 * server's department filter reads it for the owner-based figures (analysis/filters):
 * its department path contains it, or it first landed there, or it owns the ticket.
 */
export function selectedRows(c: FactColumns, selection: Selection): Uint32Array {
  const { range, department } = selection;
  const onPath = department === null ? null : c.paths.map((p) => p.includes(department));
  const rows = new Uint32Array(c.length);
  let n = 0;
  for (let i = 0; i < c.length; i++) {
    if (range && !(c.day[i] >= range.from && c.day[i] <= range.to)) continue;
    if (onPath && !(onPath[c.pathOf[i]] || c.firstLanding[i] === department || c.owner[i] === department)) continue;
    rows[n++] = i;
  }
  return rows.subarray(0, n);
}

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

/** Tickets and misrouted tickets per week of creation, as GET /api/figures/trend?interval=week. */
export function ticketsByWeek(c: FactColumns, rows: Uint32Array = everyRow(c)): WeekCount[] {
  const weeks = new Map<number, WeekCount>();
  for (const i of rows) {
    if (Number.isNaN(c.day[i])) continue;
    const w = weekOf(c.day[i]);
    let row = weeks.get(w);
    if (!row) weeks.set(w, (row = { week: w, tickets: 0, misrouted_tickets: 0 }));
    row.tickets++;
    if (c.misrouted[i]) row.misrouted_tickets++;
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

/** The departments table's counts over `rows`, by owner and by first landing. */
export function departmentRows(c: FactColumns, rows: Uint32Array): DepartmentRow[] {
  const table = new Map<string, DepartmentRow>();
  const row = (d: string) => {
    let r = table.get(d);
    if (!r) table.set(d, (r = { department: d, tickets_owned: 0, inbound_misrouted: 0, tickets_landed: 0, outbound_rerouted: 0 }));
    return r;
  };
  for (const i of rows) {
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
  return [...table.values()].sort((a, b) => b.tickets_owned - a.tickets_owned || compareText(a.department, b.department));
}

/**
 * The table's rows with the clicked department kept among them: a department that only
 * passed its tickets on (on their paths, never first landing or owner) has no counts of
 * its own, but its row must stay so that it can be clicked off again.
 */
export function keepDepartmentRow(rows: DepartmentRow[], department: string | null): DepartmentRow[] {
  if (department === null || rows.some((r) => r.department === department)) return rows;
  return [...rows, { department, tickets_owned: 0, inbound_misrouted: 0, tickets_landed: 0, outbound_rerouted: 0 }];
}

export interface Flow {
  from: string;
  to: string;
  tickets: number;
}

/** Tickets by first landing -> owner over `rows` (the flow chart's links), largest first, as GET /api/figures/flows. */
export function landingFlows(c: FactColumns, rows: Uint32Array): Flow[] {
  const flows = new Map<string, Flow>();
  for (const i of rows) {
    const from = c.firstLanding[i] ?? '';
    const to = c.owner[i] ?? '';
    const key = `${from}\u0000${to}`;
    let f = flows.get(key);
    if (!f) flows.set(key, (f = { from, to, tickets: 0 }));
    f.tickets++;
  }
  return [...flows.values()].sort((a, b) => b.tickets - a.tickets || compareText(a.from, b.from) || compareText(a.to, b.to));
}

/** Text order as DuckDB sorts VARCHAR (by code point, not by the reader's locale). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A day in ms as the filters write it (YYYY-MM-DD). */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
