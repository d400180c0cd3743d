/**
 * What a department head may see of a JSON answer: a pure walk over the payload that a
 * route already computed for the whole district (docs/security.md, "<5").
 *
 * - A ticket (an object with `ticketId`) is kept only when it passed through one of the
 *   head's departments (its department path, first landing or resolver); a kept ticket is
 *   the head's own detail and passes whole.
 * - A figure row about one of the head's departments (`department`, `owner_department`,
 *   `top_owner`, or a flow with the head's department at either end) passes whole.
 * - A figure row about another department keeps its place. When any count in it is below
 *   five, or it has no count to judge by, every number in it becomes "<5"
 *   (analysis/report/withheld.ts): the row's counts are tied to each other (owned minus
 *   inbound equals landed minus outbound) and its shares, hours and costs to its counts, so
 *   any one left would give the small one back. Its ticket text goes with it: example
 *   subjects always, a theme's label and key phrase when its counts are withheld.
 * - Rows of one list add up to a total, so a withheld count is protected by a second one
 *   (complements.ts).
 * Objects with no department (the district summary, trend periods) are district totals:
 * the routes that answer them withhold their small hidden part (district-totals.ts).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { WITHHELD } from '#analysis/report/withheld.ts';
import { SMALL_FIGURE_THRESHOLD, ticketVisible, type RequestAccess } from './roles.ts';
import { protectSiblings } from './complements.ts';
import { COUNT_FIELDS, isObject, withholdDerived, withholdWholeRow, type Json, type JsonObject } from './withholding.ts';

/** Keys that say which department a row is about, most specific first. */
const DEPARTMENT_KEYS = ['department', 'owner_department', 'top_owner'] as const;
/** Ticket text carried in a figure row, removed from every row about another department. */
const TEXT_FIELDS = new Set(['example_subjects']);
/** Labels made of ticket words: withheld with the row's counts (a one-ticket theme is its subject). */
const LABEL_FIELDS = new Set(['theme', 'key_phrase']);
/** A row's identity made of ticket words: replaced by a key that stays unique but tells nothing. */
const KEY_FIELDS = new Set(['theme_key']);
/** Figures of a row computed from its `owners` list: withheld with any owner's count. */
const OWNER_DERIVED = ['top_owner_share', 'owner_entropy'];

/** Per process: withheld keys stay stable between answers but cannot be reversed by guessing words. */
const KEY_SECRET = randomBytes(32);
const withheldKey = (key: string) => `withheld-${createHmac('sha256', KEY_SECRET).update(key).digest('hex').slice(0, 16)}`;

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
  const out = about === 'other' ? guardOtherRow(access, value) : guardChildren(access, value, about);
  protectLists(access, value, out);
  return withOwnerFiguresChecked(value, out);
}

function guardChildren(access: RequestAccess, row: JsonObject, about: About): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(row)) out[k] = guardValue(access, v, about);
  return out;
}

/** A row about another department: text removed, and every number withheld when any count is small. */
function guardOtherRow(access: RequestAccess, row: JsonObject): JsonObject {
  const counts = Object.entries(row).filter(([k, v]) => COUNT_FIELDS.has(k) && typeof v === 'number');
  const anySmall = counts.length === 0 || counts.some(([, v]) => (v as number) < SMALL_FIGURE_THRESHOLD);
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(row)) {
    if (TEXT_FIELDS.has(k)) out[k] = Array.isArray(v) ? [] : null;
    else if (anySmall && LABEL_FIELDS.has(k) && typeof v === 'string') out[k] = 'withheld';
    else if (anySmall && KEY_FIELDS.has(k) && typeof v === 'string') out[k] = withheldKey(v);
    else out[k] = guardValue(access, v, 'other');
  }
  if (anySmall && Object.values(row).some((v) => typeof v === 'number')) withholdWholeRow(out);
  return out;
}

/**
 * The lists of figure rows in `row` (a request type's owners, the departments of an
 * answer): each protected by complements, the row's own count of the same name being
 * their total when it has one.
 */
function protectLists(access: RequestAccess, row: JsonObject, out: JsonObject): void {
  for (const [k, v] of Object.entries(row)) {
    const shown = out[k];
    if (!Array.isArray(v) || !Array.isArray(shown)) continue;
    const values = v.filter((r) => ticketRowVisible(access, r));
    if (values.length !== shown.length || !values.every(isObject) || !shown.every(isObject)) continue;
    const rows = values as JsonObject[];
    const shownRows = shown as JsonObject[];
    protectSiblings({
      values: rows,
      shown: shownRows,
      choosable: (i) => aboutOf(access, rows[i]) === 'other',
      withholdRow: (i) => withholdWholeRow(shownRows[i]),
      withholdTotal: (field) => {
        if (typeof out[field] !== 'number') return false;
        out[field] = WITHHELD;
        withholdDerived(out);
        return true;
      },
    });
  }
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
