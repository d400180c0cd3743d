/**
 * Who may call what: pure functions over a route's declared access level and the caller's
 * role, shared by the auth plugin, the routes that scope their figures, and the tests.
 *
 * Deny by default: an /api route without `config.access` is admin-only.
 *   public   anyone, signed in or not
 *   leader   leaders, uploaders and admins see every figure and ticket; department heads
 *            too, scoped. Uploaders read at this level because they hold the raw export
 *            anyway and must see what an upload and a group mapping changed.
 *   district leaders and admins only: raw rows of every department (exports), which no
 *            department guard can scope
 *   uploader uploaders and admins (imports, mapping groups and request types)
 *   admin    admins (users, costs, calendar, deliveries, sync)
 */
export const ROLES = ['admin', 'uploader', 'leader', 'department_head'] as const;
export type Role = (typeof ROLES)[number];
export type AccessLevel = 'public' | 'leader' | 'district' | 'uploader' | 'admin';

export interface RequestAccess {
  role: Role;
  /** The departments a department head runs; empty for other roles. */
  departments: string[];
  userId: string;
  email: string;
}

/** Figures about fewer tickets than this, in a department head's view of other departments, are shown as "<5". */
export const SMALL_FIGURE_THRESHOLD = 5;

const ALLOWED: Record<AccessLevel, readonly Role[]> = {
  public: ROLES,
  leader: ['admin', 'leader', 'uploader', 'department_head'],
  district: ['admin', 'leader'],
  uploader: ['admin', 'uploader'],
  admin: ['admin'],
};

export function accessLevelOf(config: { access?: string } | undefined): AccessLevel {
  const a = config?.access;
  return a === 'public' || a === 'leader' || a === 'district' || a === 'uploader' || a === 'admin' ? a : 'admin';
}

export type Decision = { allow: true } | { allow: false; status: 401 | 403 };

export function decide(level: AccessLevel, access: RequestAccess | null): Decision {
  if (level === 'public') return { allow: true };
  if (!access) return { allow: false, status: 401 };
  return ALLOWED[level].includes(access.role) ? { allow: true } : { allow: false, status: 403 };
}

/** True when the caller sees everything (no department scoping). */
export function seesWholeDistrict(access: RequestAccess | null): boolean {
  return access !== null && access.role !== 'department_head';
}

export interface DepartmentScope {
  /** The department filter to apply, or undefined for the whole district. */
  department?: string;
  /** Why the request cannot be answered for this caller, if it cannot. */
  denied?: string;
}

/**
 * Scopes a ticket-level query (tickets, their text) for the caller. Leaders keep their own
 * filter. A department head may ask for one of their departments; without a filter, a head
 * of one department gets that department, and a head of several must choose.
 */
export function scopeTicketFilter(access: RequestAccess | null, requested: string | undefined): DepartmentScope {
  if (seesWholeDistrict(access)) return { department: requested };
  const mine = access?.departments ?? [];
  if (requested !== undefined) {
    return mine.includes(requested) ? { department: requested } : { denied: `tickets of ${requested} are not yours to see` };
  }
  if (mine.length === 1) return { department: mine[0] };
  return { denied: mine.length ? `choose one of your departments: ${mine.join(', ')}` : 'no department is assigned to you' };
}

/** True when a ticket (by the departments it passed through) is within the caller's view. */
export function ticketVisible(access: RequestAccess | null, departments: readonly (string | null | undefined)[]): boolean {
  if (seesWholeDistrict(access)) return true;
  const mine = new Set(access?.departments ?? []);
  return departments.some((d) => d != null && mine.has(d));
}
