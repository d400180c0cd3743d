/**
 * The browser's cross-filtering recomputes figures from the facts' Arrow stream: for
 * brushed days, a clicked department, or both, they must equal the server's figures for
 * the same filters (from, to, department).
 */
import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/app.ts';
import { writeDistrictToDatabase } from '#fixtures/synthetic-district/write-duckdb.ts';
import {
  columnsFromIpc, departmentRows, isoDay, landingFlows, selectedRows, ticketsByWeek, type DepartmentRow, type FactColumns, type Selection,
} from '#dashboard/app/src/lib/crossfilter/facts-columns.ts';
import { GAP_MISROUTE_SHARE, GAP_TOP_OWNER_SHARE, ownershipGaps } from '#dashboard/app/src/lib/crossfilter/ownership-gaps.ts';
import * as server from '#analysis/ownership-gaps/ownership-gaps.ts';

const { as } = useApp(async (db) => {
  await writeDistrictToDatabase(db, { tickets: 1500, months: 4, start: '2024-08-01' });
});

const pick = (r: DepartmentRow) => [r.department, r.tickets_owned, r.inbound_misrouted, r.tickets_landed, r.outbound_rerouted];
const byName = (a: DepartmentRow, b: DepartmentRow) => (a.department < b.department ? -1 : 1);

async function loadFacts(): Promise<FactColumns> {
  const arrow = await as('leader').inject('/api/export/facts.arrows');
  expect(arrow.statusCode).toBe(200);
  return columnsFromIpc(arrow.rawPayload);
}

/** The API's figures for `query` against the browser's for `selection`. */
async function expectSameFigures(facts: FactColumns, selection: Selection, query: string) {
  const rows = selectedRows(facts, selection);
  const get = async (path: string) => {
    const res = await as('leader').inject(`/api/figures/${path}?${query}`);
    expect(res.statusCode, path).toBe(200);
    return res.json();
  };
  // The server also lists departments that only spent coordination time; the table shows owners and first landings.
  const departments = ((await get('departments')).departments as DepartmentRow[]).filter((r) => r.tickets_owned + r.tickets_landed > 0);
  expect(departmentRows(facts, rows).sort(byName).map(pick)).toEqual(departments.sort(byName).map(pick));
  expect(landingFlows(facts, rows)).toEqual((await get('flows')).flows);
  expect(ownershipGaps(facts, rows)).toEqual((await get('ownership-gaps')).gaps);
  return rows.length;
}

describe('cross-filtering in the browser', () => {
  it('gives the server departments, flows and gaps for a brushed period', async () => {
    const facts = await loadFacts();
    expect(facts.length).toBe(1500);
    const range = { from: Date.parse('2024-09-09T00:00:00Z'), to: Date.parse('2024-10-13T00:00:00Z') };
    expect(await expectSameFigures(facts, { range, department: null }, 'from=2024-09-09&to=2024-10-13')).toBeGreaterThan(300);
  });

  it('gives the server figures for a clicked department, with and without a period', async () => {
    const facts = await loadFacts();
    const range = { from: Date.parse('2024-09-09T00:00:00Z'), to: Date.parse('2024-10-13T00:00:00Z') };
    for (const department of ['Payroll', 'Human Resources']) {
      const all = await expectSameFigures(facts, { range: null, department }, `department=${encodeURIComponent(department)}`);
      const some = await expectSameFigures(facts, { range, department }, `from=2024-09-09&to=2024-10-13&department=${encodeURIComponent(department)}`);
      expect(some, department).toBeGreaterThan(0);
      expect(some, department).toBeLessThan(all);
      // The weekly chart: tickets and misrouted tickets per week of the department's tickets.
      const trend = (await as('leader').inject(`/api/figures/trend?interval=week&department=${encodeURIComponent(department)}`)).json().periods as { period: string; tickets: number; misrouted_tickets: number }[];
      const weeks = ticketsByWeek(facts, selectedRows(facts, { range: null, department }));
      expect(weeks.map((w) => [isoDay(w.week), w.tickets, w.misrouted_tickets])).toEqual(trend.map((p) => [p.period, p.tickets, p.misrouted_tickets]));
    }
  });

  it('counts a department touched only on the way as the server does', async () => {
    const facts = await loadFacts();
    // Tickets whose path passed through Human Resources without landing or ending there.
    const hr = selectedRows(facts, { range: null, department: 'Human Resources' });
    const onTheWay = [...hr].filter((i) => facts.firstLanding[i] !== 'Human Resources' && facts.owner[i] !== 'Human Resources');
    expect(onTheWay.length).toBeGreaterThan(0);
  });

  it('uses the server thresholds for a gap', () => {
    expect([GAP_TOP_OWNER_SHARE, GAP_MISROUTE_SHARE]).toEqual([server.GAP_TOP_OWNER_SHARE, server.GAP_MISROUTE_SHARE]);
  });
});
