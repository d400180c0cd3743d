/**
 * A fake ServiceNow instance: the Table API over `incident` and `sys_audit`, answering the
 * documented shapes.
 *
 * Docs: https://developer.servicenow.com/dev.do#!/reference/api/latest/rest/c_TableAPI
 * - GET /api/now/table/{tableName} with sysparm_query (encoded query; ^ joins conditions,
 *   ORDERBY sorts, IN lists), sysparm_limit, sysparm_offset, sysparm_display_value; the body
 *   is {"result": [...]}, with a Link header and X-Total-Count.
 * - Errors are {"error": {"message", "detail"}, "status": "failure"}; a bad password is
 *   401 "User Not Authenticated".
 * sys_audit rows (documentkey = the incident's sys_id, fieldname, oldvalue/newvalue as raw
 * values: sys_ids for reference fields, numbers for state) follow the Sys Audit table;
 * sys_user_group gives the groups' sys_id and name.
 */
import { basic, startFake, type Fake, type FakeResponse } from './fake-server.ts';

export interface SnIncident {
  sys_id: string;
  number: string;
  opened_at: string;
  sys_updated_on: string;
  assignment_group: string;
  state: string;
  category: string;
  short_description: string;
  caller_id: string;
  reassignment_count: string;
  sys_mod_count: string;
}
export interface SnAudit {
  sys_id: string;
  documentkey: string;
  tablename: string;
  fieldname: string;
  oldvalue: string;
  newvalue: string;
  user: string;
  sys_created_on: string;
  record_checkpoint: string;
}

const GROUPS: Record<string, string> = {
  'Service Desk': '1'.repeat(32),
  'Payroll': '2'.repeat(32),
  'Human Resources': '3'.repeat(32),
  'Facilities': '4'.repeat(32),
};
const hex = (n: number, w = 32) => n.toString(16).padStart(w, '0');
const at = (minutes: number) => new Date(Date.UTC(2026, 0, 5, 8, 0) + minutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');

export class ServiceNowData {
  incidents: SnIncident[] = [];
  audits: SnAudit[] = [];

  /** n incidents: every third is moved from the Service Desk to Payroll, then resolved. */
  constructor(n: number) {
    for (let i = 1; i <= n; i++) this.add(i);
  }

  private add(i: number): void {
    const sysId = hex(0xa000 + i);
    const opened = i * 10;
    const inc: SnIncident = {
      sys_id: sysId, number: `INC${String(i).padStart(7, '0')}`, opened_at: at(opened), sys_updated_on: at(opened),
      assignment_group: 'Service Desk', state: 'New', category: i % 3 === 0 ? 'Payroll' : 'Hardware',
      short_description: `Request ${i}`, caller_id: `Staff Member ${i}`, reassignment_count: '0', sys_mod_count: '0',
    };
    this.incidents.push(inc);
    this.audit(inc, 'assignment_group', '', GROUPS['Service Desk'], opened);
    if (i % 3 === 0) this.move(inc, 'Payroll', opened + 5);
  }

  private audit(inc: SnIncident, field: string, oldValue: string, newValue: string, minute: number): void {
    this.audits.push({
      sys_id: hex(0xb0000 + this.audits.length), documentkey: inc.sys_id, tablename: 'incident', fieldname: field,
      oldvalue: oldValue, newvalue: newValue, user: 'helpdesk.agent', sys_created_on: at(minute),
      record_checkpoint: String(this.audits.filter((a) => a.documentkey === inc.sys_id).length + 1),
    });
  }

  /** Reassigns an incident at `minute`: a new audit row and a new sys_updated_on. */
  move(inc: SnIncident, group: string, minute: number): void {
    this.audit(inc, 'assignment_group', GROUPS[inc.assignment_group], GROUPS[group], minute);
    inc.assignment_group = group;
    inc.reassignment_count = String(Number(inc.reassignment_count) + 1);
    inc.sys_mod_count = String(Number(inc.sys_mod_count) + 1);
    inc.sys_updated_on = at(minute);
  }

  byNumber(n: number): SnIncident {
    return this.incidents[n - 1];
  }
}

/** Splits an encoded query on ^ into conditions and ORDERBY fields. */
function parseQuery(q: string): { conds: string[]; order: string[] } {
  const parts = q.split('^').filter(Boolean);
  return { conds: parts.filter((p) => !p.startsWith('ORDERBY')), order: parts.filter((p) => p.startsWith('ORDERBY')).map((p) => p.slice(7)) };
}

function matches(row: Record<string, string>, cond: string): boolean {
  let m = /^(\w+)>=(.*)$/.exec(cond);
  if (m) return row[m[1]] >= m[2];
  m = /^(\w+)IN(.*)$/.exec(cond);
  if (m) return m[2].split(',').includes(row[m[1]]);
  m = /^(\w+)=(.*)$/.exec(cond);
  if (m) return row[m[1]] === m[2];
  throw new Error(`fake ServiceNow: unsupported condition ${cond}`);
}

function table(rows: Record<string, string>[], url: URL, base: string): FakeResponse {
  const { conds, order } = parseQuery(url.searchParams.get('sysparm_query') ?? '');
  const hits = rows.filter((r) => conds.every((c) => matches(r, c)));
  hits.sort((a, b) => {
    for (const f of order) if (a[f] !== b[f]) return a[f] < b[f] ? -1 : 1;
    return 0;
  });
  const limit = Number(url.searchParams.get('sysparm_limit') ?? 10000);
  const offset = Number(url.searchParams.get('sysparm_offset') ?? 0);
  const next = new URL(url.pathname + url.search, base);
  next.searchParams.set('sysparm_offset', String(offset + limit));
  return {
    body: { result: hits.slice(offset, offset + limit) },
    headers: { 'x-total-count': String(hits.length), link: `<${next}>;rel="next"` },
  };
}

export async function startFakeServiceNow(data: ServiceNowData): Promise<Fake & { data: ServiceNowData }> {
  let base = '';
  const fake = await startFake(
    (url) => {
      if (url.pathname === '/api/now/table/incident') {
        if (url.searchParams.get('sysparm_display_value') !== 'true') throw new Error('the reader asks for display values');
        return table(data.incidents as unknown as Record<string, string>[], url, base);
      }
      if (url.pathname === '/api/now/table/sys_audit') return table(data.audits as unknown as Record<string, string>[], url, base);
      if (url.pathname === '/api/now/table/sys_user_group') {
        return table(Object.entries(GROUPS).map(([name, sys_id]) => ({ sys_id, name })), url, base);
      }
      return { status: 400, body: { error: { message: 'Invalid table', detail: url.pathname }, status: 'failure' } };
    },
    {
      auth: basic('switchboard.integration', 'pa55word'),
      unauthorized: { body: { error: { message: 'User Not Authenticated', detail: 'Required to provide Auth information' }, status: 'failure' } },
    },
  );
  base = fake.url;
  return Object.assign(fake, { data });
}

export const SN_ENV = { SWITCHBOARD_SERVICENOW_USER: 'switchboard.integration', SWITCHBOARD_SERVICENOW_PASSWORD: 'pa55word' };
