/**
 * Reads and writes for the ownership, missing-answers and settings pages. Each write is one
 * API call; the page reloads its figures afterwards so they recompute with the change.
 */
import { parse as parseCsv } from 'csv-parse/browser/esm/sync';
import { getJson, sendJson } from './api.ts';
import { filterQuery } from './filters.ts';
import type { AnswerGap, BusinessCalendar, CostAssumptions, OwnershipGap, SettingsResponse, SummaryResponse } from './types.ts';

export async function loadGaps(fetcher: typeof fetch, params: URLSearchParams): Promise<{ gaps: OwnershipGap[]; summary: SummaryResponse }> {
  const q = filterQuery(params);
  const [g, summary] = await Promise.all([
    getJson<{ gaps: OwnershipGap[] }>(fetcher, `/api/figures/ownership-gaps${q}`),
    getJson<SummaryResponse>(fetcher, `/api/figures/summary${q}`),
  ]);
  return { gaps: g.gaps, summary };
}

export async function loadAnswers(fetcher: typeof fetch, params: URLSearchParams): Promise<AnswerGap[]> {
  return (await getJson<{ themes: AnswerGap[] }>(fetcher, `/api/figures/answer-gaps${filterQuery(params)}`)).themes;
}

export function loadSettings(fetcher: typeof fetch): Promise<SettingsResponse> {
  return getJson<SettingsResponse>(fetcher, '/api/settings');
}

export const setRequestTypeOwner = (requestType: string, department: string | null) =>
  sendJson('PUT', '/api/settings/request-type-owners', { requestType, department });

export const setGroupDepartment = (group: string, department: string | null) => sendJson('PUT', '/api/settings/group-departments', { group, department });

/** Many groups at once, all or nothing. */
export const setGroupDepartments = (mappings: { group: string; department: string | null }[]) =>
  sendJson<{ ok: true; mapped: number }>('PUT', '/api/settings/group-departments/bulk', { mappings });

/**
 * The rows of a group,department CSV (the export's shape; a header row is skipped). A cell
 * written with a leading apostrophe to keep a spreadsheet from reading it as a formula is read back without it.
 */
export function parseGroupMapCsv(text: string): { mappings: { group: string; department: string | null }[] } | { error: string } {
  let rows: string[][];
  try {
    rows = parseCsv(text, { skip_empty_lines: true, relax_column_count: true, trim: true, bom: true });
  } catch (e) {
    return { error: `the file is not a readable CSV: ${(e as Error).message}` };
  }
  const plain = (v: string) => (/^'[=+\-@]/.test(v) ? v.slice(1) : v);
  const body = rows.length && rows[0][0]?.toLowerCase() === 'group' ? rows.slice(1) : rows;
  const mappings = [];
  for (const [i, r] of body.entries()) {
    if (r.length < 2 || !r[0]) return { error: `row ${i + (body === rows ? 1 : 2)}: give a group and a department (an empty department removes the group's mapping)` };
    mappings.push({ group: plain(r[0]), department: r[1] ? plain(r[1]) : null });
  }
  if (!mappings.length) return { error: 'the file has no rows: write group,department, one group per line' };
  return { mappings };
}

export const saveCost = (cost: CostAssumptions) => sendJson('PUT', '/api/settings/cost', cost);

export const saveDepartmentRate = (department: string, hourlyRate: number | null) => sendJson('PUT', '/api/settings/department-rates', { department, hourlyRate });

/** A rate as typed: blank is the default rate (null); anything else must be a number from 0 to 500. */
export function parseRate(text: string): { rate: number | null } | { error: string } {
  const t = text.trim();
  if (t === '') return { rate: null };
  const rate = Number(t);
  if (!Number.isFinite(rate) || rate < 0 || rate > 500) return { error: `an hourly rate is a number from 0 to 500 (not '${t}'); leave it blank for the default rate` };
  return { rate };
}

export const saveCalendar = (calendar: BusinessCalendar) => sendJson('PUT', '/api/settings/calendar', calendar);

export const markAnswered = (themeKey: string, url: string | null) => sendJson('PUT', '/api/figures/answer-gaps/answered', { themeKey, url });

/** Holidays typed one per line or comma-separated, as the calendar stores them. */
export function parseHolidays(text: string): string[] {
  return text
    .split(/[\n,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

// Administration (/admin): accounts, the managed departments, district settings, the audit log.

export interface AdminUser {
  email: string;
  displayName: string | null;
  role: 'admin' | 'uploader' | 'leader' | 'department_head';
  departments: string[];
  disabled: boolean;
  hasPassword: boolean;
  /** Holds a temporary password: chooses their own at the next sign-in. */
  passwordChangeRequired: boolean;
}
export interface AdminDepartment {
  department: string;
  groups: number;
  requestTypes: number;
  tickets: number;
  heads: number;
}
export interface DistrictSettings {
  districtName: string | null;
  timeZone: string;
  schoolYearStart: string;
  ownerBasis: 'resolver' | 'declared';
  defaultLandingDepartment: string;
}
export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  detail: string | null;
}
export interface AdminData {
  users: AdminUser[];
  departments: AdminDepartment[];
  district: DistrictSettings;
  audit: AuditEntry[];
}

export async function loadAdmin(fetcher: typeof fetch): Promise<AdminData> {
  const [users, departments, district, audit] = await Promise.all([
    getJson<AdminUser[]>(fetcher, '/api/auth/users'),
    getJson<{ departments: AdminDepartment[] }>(fetcher, '/api/admin/departments'),
    getJson<DistrictSettings>(fetcher, '/api/admin/district'),
    getJson<{ entries: AuditEntry[] }>(fetcher, '/api/admin/audit'),
  ]);
  return { users, departments: departments.departments, district, audit: audit.entries };
}

export const inviteUser = (invite: { email: string; role: AdminUser['role']; departments: string[]; displayName?: string }) =>
  sendJson<{ user: AdminUser; temporaryPassword: string }>('POST', '/api/admin/users', invite);

export const changeUser = (change: { email: string; role?: AdminUser['role']; departments?: string[]; disabled?: boolean }) =>
  sendJson<AdminUser>('PUT', '/api/admin/users', change);

export const resetPassword = (email: string) => sendJson<{ user: AdminUser; temporaryPassword: string }>('POST', '/api/admin/users/reset-password', { email });

export const addDepartment = (department: string) => sendJson('POST', '/api/admin/departments', { department });

export const renameDepartment = (from: string, to: string) => sendJson('POST', '/api/admin/departments/rename', { from, to });

export const mergeDepartment = (from: string, into: string) => sendJson('POST', '/api/admin/departments/merge', { from, into });

export const saveDistrict = (district: DistrictSettings) => sendJson<DistrictSettings>('PUT', '/api/admin/district', district);

/** The time zones the browser knows, for the district's zone picker (a typed zone is checked by the server too). */
export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : ['America/Chicago', 'America/Denver', 'America/Los_Angeles', 'America/New_York'];
}
