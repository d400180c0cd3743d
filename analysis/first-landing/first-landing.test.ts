import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import { DEFAULT_SETTINGS } from '#core/settings.ts';
import { event, eventLogCsv, pathEvents, writeTemp } from '#test/helpers/event-log.ts';
import { firstLanding } from './first-landing.ts';
import { ticketPathsCte } from '../ticket-paths/ticket-paths.ts';

// Six hand-made tickets; every expected number below can be checked by reading this list.
//   T1 Desk -> Payroll Team          Technology -> Payroll: resolved elsewhere
//   T2 Desk -> Network               both Technology: one department, not elsewhere
//   T3 Desk -> HR Benefits -> Desk   ping-pong, ends back in Technology: not elsewhere
//   T4 no group at all               lands in the default (Technology), resolved there
//   T5 Mystery Queue                 unmapped: its own department, lands and resolves there
//   T6 HR Benefits -> Payroll Team   (created 2024-09-02) HR -> Payroll: resolved elsewhere
let db: Database;
beforeAll(async () => {
  db = await Database.open(':memory:');
  await db.run(`INSERT INTO group_departments VALUES ('Desk', 'Technology'), ('Network', 'Technology'),
    ('Payroll Team', 'Payroll'), ('HR Benefits', 'Human Resources')`);
  const rows = [
    ...pathEvents('T1', ['Desk', 'Payroll Team']),
    ...pathEvents('T2', ['Desk', 'Network']),
    ...pathEvents('T3', ['Desk', 'HR Benefits', 'Desk']),
    event({ ticket_id: 'T4', event_kind: '', event_at: '' }),
    ...pathEvents('T5', ['Mystery Queue']),
    ...pathEvents('T6', ['HR Benefits', 'Payroll Team'], '2024-09-02T15:00:00Z'),
  ];
  await importFile(db, writeTemp('cases.csv', eventLogCsv(rows)));
});
afterAll(() => db.close());

describe('first landing versus resolver', () => {
  it('counts tickets resolved outside the department where they first landed', async () => {
    const { summary } = await firstLanding(db, {}, DEFAULT_SETTINGS);
    expect(summary).toEqual({ tickets: 6, resolvedElsewhere: 2, resolvedElsewhereShare: 2 / 6 });
  });

  it('breaks the figure down by first-landing department', async () => {
    const { byDepartment } = await firstLanding(db, {}, DEFAULT_SETTINGS);
    expect(byDepartment).toEqual([
      { department: 'Technology', ticketsLanded: 4, resolvedElsewhere: 1, resolvedElsewhereShare: 0.25 },
      { department: 'Human Resources', ticketsLanded: 1, resolvedElsewhere: 1, resolvedElsewhereShare: 1 },
      { department: 'Mystery Queue', ticketsLanded: 1, resolvedElsewhere: 0, resolvedElsewhereShare: 0 },
    ]);
  });

  it('applies the date range in the district zone and the department filter', async () => {
    const september = await firstLanding(db, { from: '2024-09-01', to: '2024-09-30' }, DEFAULT_SETTINGS);
    expect(september.summary.tickets).toBe(1);
    const payroll = await firstLanding(db, { department: 'Payroll' }, DEFAULT_SETTINGS);
    expect(payroll.summary).toMatchObject({ tickets: 2, resolvedElsewhere: 2 });
  });

  it('builds group and department paths with repeats collapsed', async () => {
    const rows = await db.all<{ ticket_id: string; group_path: string[]; department_path: string[]; hops: number; unmapped_groups: string[] }>(
      `WITH ${ticketPathsCte()} SELECT ticket_id, group_path, department_path, hops, unmapped_groups FROM p ORDER BY ticket_id`,
      { default_landing: 'Technology' },
    );
    expect(rows.map((r) => [r.ticket_id, r.group_path.join('>'), r.department_path.join('>'), r.hops, r.unmapped_groups.join()])).toEqual([
      ['T1', 'Desk>Payroll Team', 'Technology>Payroll', 1, ''],
      ['T2', 'Desk>Network', 'Technology', 1, ''],
      ['T3', 'Desk>HR Benefits>Desk', 'Technology>Human Resources>Technology', 2, ''],
      ['T4', '', '', 0, ''],
      ['T5', 'Mystery Queue', 'Mystery Queue', 0, 'Mystery Queue'],
      ['T6', 'HR Benefits>Payroll Team', 'Human Resources>Payroll', 1, ''],
    ]);
  });
});
