/**
 * What a department head may see of a JSON answer: a pure walk over the payload that a
 * route already computed for the whole district.
 *
 * - A ticket (an object with `ticketId`) is kept only when it passed through one of the
 *   head's departments (its department path, first landing or resolver).
 * - A figure row about a department (`department`, or a flow's `from`/`to`) is kept when it
 *   is the head's own, or when it covers at least five tickets; smaller figures about other
 *   departments are withheld, so a single person's request cannot be picked out.
 * Rows whose ticket count cannot be read are withheld (deny by default).
 */
import { figureVisible, ticketVisible, type RequestAccess } from './roles.ts';

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function ticketDepartments(t: Record<string, Json>): string[] {
  const path = Array.isArray(t.departmentPath) ? (t.departmentPath as Json[]) : [];
  return [...path, t.firstLanding, t.resolver, t.department].filter((d): d is string => typeof d === 'string');
}

function ticketCount(row: Record<string, Json>): number {
  for (const key of ['tickets', 'ticketsLanded', 'count', 'n']) {
    if (typeof row[key] === 'number') return row[key] as number;
  }
  return 0;
}

/** True when the row may be shown to `access`. */
export function rowVisible(access: RequestAccess, row: Json): boolean {
  if (!isObject(row)) return true;
  if (typeof row.ticketId === 'string') return ticketVisible(access, ticketDepartments(row));
  if (typeof row.department === 'string') return figureVisible(access, row.department, ticketCount(row));
  if (typeof row.from === 'string' && typeof row.to === 'string') {
    return figureVisible(access, row.from, ticketCount(row)) || figureVisible(access, row.to, ticketCount(row));
  }
  return true;
}

/** The payload with everything the head may not see removed (a new value; the input is not changed). */
export function guardPayload(access: RequestAccess, payload: Json): Json {
  if (Array.isArray(payload)) return payload.filter((row) => rowVisible(access, row)).map((row) => guardPayload(access, row));
  if (!isObject(payload)) return payload;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(payload)) out[k] = guardPayload(access, v);
  return out;
}
