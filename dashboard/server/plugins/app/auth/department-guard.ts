/**
 * What a department head may see of a JSON answer: a pure walk over the payload that a
 * route already computed for the whole district.
 *
 * - A ticket (an object with `ticketId`) is kept only when it passed through one of the
 *   head's departments (its department path, first landing or resolver); a kept ticket is
 *   the head's own detail and passes whole.
 * - A figure row about one of the head's departments (`department`, `owner_department`,
 *   `top_owner`, or a flow with the head's department at either end) passes whole.
 * - A figure row about another department keeps its place, but every count in it below
 *   five becomes "<5" (analysis/report/withheld.ts), so a single person's request cannot
 *   be picked out. When any count in a row is withheld, every other number in the row
 *   (the shares, hours, medians and costs the catalogue derives from its counts) is
 *   withheld too, since each could be turned back into the count; a row with no count to judge by withholds all its numbers (deny by default).
 *   Example subjects of other departments' themes are ticket text, never district totals:
 *   they are removed.
 * Objects with no department (the district summary, trend periods) are district totals
 * and pass whole.
 */
import { WITHHELD } from '#analysis/report/withheld.ts';
import { countMeasureNames, MEASURES } from '#analysis/measures/catalogue.ts';
import { SMALL_FIGURE_THRESHOLD, ticketVisible, type RequestAccess } from './roles.ts';

type Json = unknown;
type JsonObject = Record<string, Json>;

/**
 * Ticket counts, in the shapes the figure routes and the report answer with: every `count`
 * measure of the catalogue (analysis/measures), so a count added there is withheld here
 * without a second list, and the counts of the analyses that are not catalogue measures
 * (the first-landing route, an answered theme's before and after).
 */
const COUNT_FIELDS = new Set([...countMeasureNames(), 'ticketsLanded', 'resolvedElsewhere', 'tickets_before', 'tickets_after']);
/** Keys that say which department a row is about, most specific first. */
const DEPARTMENT_KEYS = ['department', 'owner_department', 'top_owner'] as const;
/** Ticket text carried in a figure row. */
const TEXT_FIELDS = new Set(['example_subjects']);
/** Figures of a row computed from its `owners` list: withheld with any owner's count. */
const OWNER_DERIVED = ['top_owner_share', 'owner_entropy'];

/** The catalogue's figures that may be null (a median over no tickets). */
const NULLABLE_FIGURES = new Set<string>(MEASURES.filter((m) => 'nullable' in m && m.nullable).map((m) => m.name));

/** Figures that may be null, by the catalogue or by name. */
function isFigureKey(key: string): boolean {
  return NULLABLE_FIGURES.has(key) || /(^|_)(median|mean|hours|share|cost)(_|$)/i.test(key);
}

function isObject(v: Json): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function ticketDepartments(t: JsonObject): string[] {
  const path = Array.isArray(t.departmentPath) ? (t.departmentPath as Json[]) : [];
  return [...path, t.firstLanding, t.resolver, t.department, t.owner].filter((d): d is string => typeof d === 'string');
}

/** True for a ticket the head may see (by the departments it passed through). */
export function ticketRowVisible(access: RequestAccess, row: Json): boolean {
  return !isObject(row) || typeof row.ticketId !== 'string' || ticketVisible(access, ticketDepartments(row));
}

type About = 'own' | 'other' | 'none';

/** Whether a row is about the head's departments, another department, or none (district totals). */
function aboutOf(access: RequestAccess, row: JsonObject): About {
  const mine = (d: Json) => typeof d === 'string' && access.departments.includes(d);
  if (typeof row.from === 'string' && typeof row.to === 'string') return mine(row.from) || mine(row.to) ? 'own' : 'other';
  for (const key of DEPARTMENT_KEYS) {
    if (typeof row[key] === 'string') return mine(row[key]) ? 'own' : 'other';
  }
  return 'none';
}

function guardValue(access: RequestAccess, value: Json, inherited: About): Json {
  if (Array.isArray(value)) {
    return value.filter((row) => ticketRowVisible(access, row)).map((row) => guardValue(access, row, inherited));
  }
  if (!isObject(value)) return value;
  if (typeof value.ticketId === 'string') return value;
  const own = aboutOf(access, value);
  const about = own === 'none' ? inherited : own;
  return about === 'other' ? guardOtherRow(access, value) : guardChildren(access, value, about);
}

function guardChildren(access: RequestAccess, row: JsonObject, about: About): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(row)) out[k] = guardValue(access, v, about);
  return withOwnerFiguresChecked(row, out);
}

/** A row about another department: small counts and what derives from them become "<5". */
function guardOtherRow(access: RequestAccess, row: JsonObject): JsonObject {
  const numbers = Object.entries(row).filter(([, v]) => typeof v === 'number');
  const counts = numbers.filter(([k]) => COUNT_FIELDS.has(k));
  const anySmall = counts.length === 0 || counts.some(([, v]) => (v as number) < SMALL_FIGURE_THRESHOLD);
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(row)) {
    if (TEXT_FIELDS.has(k)) out[k] = Array.isArray(v) ? [] : null;
    else if (typeof v === 'number') {
      const withheld = COUNT_FIELDS.has(k) ? v < SMALL_FIGURE_THRESHOLD : anySmall;
      out[k] = withheld ? WITHHELD : v;
    } else if (v === null && anySmall && numbers.length > 0) {
      // A median with no tickets behind it would tell that the count is zero.
      out[k] = isFigureKey(k) ? WITHHELD : v;
    } else out[k] = guardValue(access, v, 'other');
  }
  return withOwnerFiguresChecked(row, out);
}

/** A request type whose owners list lost a count: its top-owner share and entropy go too. */
function withOwnerFiguresChecked(row: JsonObject, out: JsonObject): JsonObject {
  const owners = out.owners;
  if (!Array.isArray(owners) || !owners.some((o) => isObject(o) && o.tickets === WITHHELD)) return out;
  for (const key of OWNER_DERIVED) if (typeof row[key] === 'number') out[key] = WITHHELD;
  return out;
}

/** The payload as the head may see it (a new value; the input is not changed). */
export function guardPayload(access: RequestAccess, payload: Json): Json {
  return guardValue(access, payload, 'none');
}
