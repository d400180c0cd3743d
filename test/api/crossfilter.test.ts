/**
 * The browser's cross-filtering recomputes figures from the facts' Arrow stream: for a
 * brushed period they must equal the server's figures for the same days.
 */
import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/app.ts';
import { writeDistrictToDatabase } from '#fixtures/synthetic-district/write-duckdb.ts';
import { columnsFromIpc, departmentRows, landingFlows, type DepartmentRow } from '#dashboard/app/src/lib/crossfilter/facts-columns.ts';

const { as } = useApp(async (db) => {
  await writeDistrictToDatabase(db, { tickets: 1500, months: 4, start: '2024-08-01' });
});

describe('cross-filtering in the browser', () => {
  it('gives the server departments and flows for a brushed period', async () => {
    const arrow = await as('leader').inject('/api/export/facts.arrows');
    expect(arrow.statusCode).toBe(200);
    const facts = columnsFromIpc(arrow.rawPayload);
    expect(facts.length).toBe(1500);
    const range = { from: Date.parse('2024-09-09T00:00:00Z'), to: Date.parse('2024-10-13T00:00:00Z') };
    const query = 'from=2024-09-09&to=2024-10-13';

    const server = (await as('leader').inject(`/api/figures/departments?${query}`)).json().departments as DepartmentRow[];
    const pick = (r: DepartmentRow) => [r.department, r.tickets_owned, r.inbound_misrouted, r.tickets_landed, r.outbound_rerouted];
    const byName = (a: DepartmentRow, b: DepartmentRow) => a.department.localeCompare(b.department);
    const fromServer = server.map(pick).filter((r) => (r[1] as number) + (r[3] as number) > 0);
    expect(departmentRows(facts, range).sort(byName).map(pick)).toEqual([...server].sort(byName).map(pick).filter((r) => fromServer.some((s) => s[0] === r[0])));

    const flows = (await as('leader').inject(`/api/figures/flows?${query}`)).json().flows;
    expect(landingFlows(facts, range)).toEqual(flows);
  });
});
