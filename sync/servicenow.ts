/**
 * ServiceNow pull reader: the Table API's incident table, oldest update first, and for
 * each page of incidents the sys_audit rows of their assignment group, state and notes.
 * Both go to the ServiceNow file connector as one import (an incident list and its audit):
 * the audit's documentkey is a sys_id that only the list can turn into a number.
 *
 * Paging: `sysparm_query=sys_updated_on>=FROM^ORDERBYsys_updated_on^ORDERBYsys_id` with
 * sysparm_limit/sysparm_offset, and the window cursor of time-window.ts. sysparm_display_value=true gives group names and state labels;
 * its dates are in the integration user's time zone, so that zone is the import's zone
 * (--time-zone, the district's by default).
 *
 * sys_audit writes reference values as sys_ids, and the file connector can name a group
 * only from the incidents of the same import (their current group). A pull reads only the
 * incidents that changed, so the group an incident left is often no page incident's
 * current group: the reader reads sys_user_group (sys_id, name; a small reference table)
 * and writes names into the assignment_group rows of the audit file it hands over.
 *
 * Docs: https://developer.servicenow.com/dev.do#!/reference/api/latest/rest/c_TableAPI
 * (GET /now/table/{tableName}: sysparm_query, sysparm_display_value, sysparm_limit,
 * sysparm_offset; the response is {"result": [...]}).
 */
import { basicAuth } from './credentials.ts';
import type { HttpClient } from './http-client.ts';
import { PullError } from './http-client.ts';
import { apiUrl, type PullReader } from './reader.ts';
import { advanceWindow, freshIndexes, startWindow, type WindowCursor } from './time-window.ts';

export type ServiceNowCursor = WindowCursor;

type Row = Record<string, unknown>;
const text = (v: unknown): string => (v && typeof v === 'object' ? String((v as Row).value ?? (v as Row).display_value ?? '') : String(v ?? ''));

export const AUDITED_FIELDS = ['assignment_group', 'state', 'incident_state', 'work_notes', 'comments'];

/** ServiceNow's encoded-query date literal, in UTC at the first pull (the API user's zone afterwards). */
export function serviceNowDate(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

/** The query of one incident page. Pure. */
export function incidentPageUrl(baseUrl: string, cursor: ServiceNowCursor, limit: number): string {
  return apiUrl(baseUrl, '/api/now/table/incident', {
    sysparm_query: `sys_updated_on>=${cursor.from}^ORDERBYsys_updated_on^ORDERBYsys_id`,
    sysparm_display_value: 'true',
    sysparm_exclude_reference_link: 'true',
    sysparm_limit: limit,
    sysparm_offset: cursor.offset,
  });
}

/** The query of the audit rows of a page of incidents. Pure. */
export function auditPageUrl(baseUrl: string, sysIds: string[], limit: number, offset: number): string {
  return apiUrl(baseUrl, '/api/now/table/sys_audit', {
    sysparm_query: `tablename=incident^documentkeyIN${sysIds.join(',')}^fieldnameIN${AUDITED_FIELDS.join(',')}^ORDERBYsys_created_on^ORDERBYrecord_checkpoint`,
    sysparm_limit: limit,
    sysparm_offset: offset,
  });
}

/** assignment_group audit values as group names where the sys_id is a known group. Pure. */
export function nameGroups(audits: Row[], names: Map<string, string>): Row[] {
  const name = (v: unknown) => names.get(text(v)) ?? v;
  return audits.map((a) => (text(a.fieldname) === 'assignment_group' ? { ...a, oldvalue: name(a.oldvalue), newvalue: name(a.newvalue) } : a));
}

async function fetchGroupNames(http: HttpClient, baseUrl: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const limit = 1000;
  for (let offset = 0; ; offset += limit) {
    const { body } = await http.getJson<{ result?: Row[] }>(
      apiUrl(baseUrl, '/api/now/table/sys_user_group', { sysparm_fields: 'sys_id,name', sysparm_limit: limit, sysparm_offset: offset }),
    );
    const rows = body.result ?? [];
    for (const g of rows) names.set(text(g.sys_id), text(g.name));
    if (rows.length < limit) return names;
  }
}

export function serviceNowReader(options: { pageSize?: number; auditPageSize?: number } = {}): PullReader<ServiceNowCursor> {
  const limit = options.pageSize ?? 100;
  const auditLimit = options.auditPageSize ?? 1000;
  return {
    name: 'servicenow',
    label: 'ServiceNow',
    credentials: [
      { name: 'user', description: 'an integration user with the itil role (or read access to incident and sys_audit)', optional: true },
      { name: 'password', description: "that user's password", optional: true },
      { name: 'token', description: 'an OAuth access token, instead of user and password', optional: true },
    ],
    authHint:
      'the ServiceNow user lacks read access to the incident or sys_audit table; give the integration user the itil role (sys_audit needs read ACLs too), or check its password or OAuth token',
    auth(c) {
      if (c.token) return { headers: { authorization: `Bearer ${c.token}` } };
      if (c.user && c.password) return { headers: { authorization: basicAuth(c.user, c.password) } };
      throw new PullError('SB_ERR_PULL_CREDENTIALS', 'missing credentials: set SWITCHBOARD_SERVICENOW_USER and SWITCHBOARD_SERVICENOW_PASSWORD, or SWITCHBOARD_SERVICENOW_TOKEN');
    },
    start: (since) => startWindow(serviceNowDate(since)),
    async fetchPage(http: HttpClient, baseUrl: string, cursor: ServiceNowCursor) {
      const { body } = await http.getJson<{ result?: Row[] }>(incidentPageUrl(baseUrl, cursor, limit));
      if (!Array.isArray(body.result)) throw new PullError('SB_ERR_PULL_BAD_RESPONSE', `${baseUrl}/api/now/table/incident: the answer has no "result" list`);
      const stamps = body.result.map((r) => ({ at: text(r.sys_updated_on), id: text(r.sys_id) }));
      const fresh = freshIndexes(cursor, stamps).map((i) => body.result![i]);
      const { next, done } = advanceWindow(cursor, stamps, limit);
      const audits: Row[] = [];
      if (fresh.length) {
        const ids = fresh.map((r) => text(r.sys_id));
        for (let offset = 0; ; offset += auditLimit) {
          const page = await http.getJson<{ result?: Row[] }>(auditPageUrl(baseUrl, ids, auditLimit, offset));
          const rows = page.body.result ?? [];
          audits.push(...rows);
          if (rows.length < auditLimit) break;
        }
      }
      const named = audits.length ? nameGroups(audits, await fetchGroupNames(http, baseUrl)) : [];
      const files: unknown[] = fresh.length ? [{ result: fresh }, ...(named.length ? [{ result: named }] : [])] : [];
      // sys_updated_on is a wall-clock display value here: the cursor keeps it as the API's own
      // high-water mark, and no instant is claimed for it.
      return { files, tickets: fresh.length, events: audits.length, next, done };
    },
  };
}
