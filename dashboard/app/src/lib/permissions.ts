/**
 * What the signed-in person's role lets them do on a page, mirrored from the server's
 * access levels (dashboard/server/plugins/app/auth/roles.ts, docs/security.md) so that a
 * page shows a control disabled with its reason instead of sending a request that is
 * refused. The server still decides; these only keep the pages honest about it.
 */
import { WITHHELD } from '#analysis/report/withheld.ts';

export interface SignedInUser {
  email: string;
  role: string;
  departments: string[];
}
type MaybeUser = SignedInUser | null | undefined;

/** Mapping groups and declaring request-type owners: uploaders and admins. */
export const canMap = (u: MaybeUser): boolean => u?.role === 'admin' || u?.role === 'uploader';
/** Costs, rates, the calendar, answered marks, users: admins only. */
export const canAdminister = (u: MaybeUser): boolean => u?.role === 'admin';
export const isHead = (u: MaybeUser): boolean => u?.role === 'department_head';

export const MAP_REASON = 'Only an administrator or an uploader can change the department map and declared owners; ask one of them.';
export const ADMIN_REASON = 'Only an administrator can change this; ask one.';
export const MARK_ANSWERED_REASON = 'Only an administrator can mark a theme answered; send them the link to the answer.';

/** True when the person may open `department`'s own page (a head: only their departments). */
export function seesDepartment(u: MaybeUser, department: string): boolean {
  return !isHead(u) || (u?.departments ?? []).includes(department);
}

/** Where "/" sends a person: a department head to their (first) department's page. */
export function landingPath(u: MaybeUser): string | null {
  if (!isHead(u) || !u?.departments.length) return null;
  return `/departments/${encodeURIComponent(u.departments[0])}`;
}

/** What a role can do, for a refusal (403) to end with. */
export function roleAdvice(u: MaybeUser): string {
  switch (u?.role) {
    case 'department_head':
      return u.departments.length
        ? `As head of ${u.departments.join(', ')} you can see ${u.departments.length === 1 ? 'that department' : 'those departments'} in full and the district totals. Open ${u.departments.length === 1 ? 'its page' : 'one of them'} from Departments.`
        : 'No department is assigned to you yet: ask an administrator to assign one.';
    case 'uploader':
      return 'As an uploader you can see the figures, upload exports and map groups on Settings. Users, costs and the calendar are for administrators.';
    case 'leader':
      return 'As a leader you can see every figure; uploads, mapping and settings are for administrators and uploaders.';
    default:
      return 'Ask an administrator if you need this.';
  }
}

/** True when `value` holds the "<5" marker anywhere: a page shows the withholding note then. */
export function containsWithheld(value: unknown): boolean {
  if (value === WITHHELD) return true;
  if (Array.isArray(value)) return value.some(containsWithheld);
  if (value && typeof value === 'object') return Object.values(value).some(containsWithheld);
  return false;
}

/** A failed save as a sentence for the page: a refusal in plain words, other errors as the API wrote them. */
export function failureSentence(e: unknown): string {
  const status = (e as { status?: number }).status;
  if (status === 403) return 'Your role may not change this.';
  if (status === 401) return 'Your session has ended: sign in again.';
  return e instanceof Error ? e.message : String(e);
}
