/**
 * GET /api/tickets/arrows: the whole ticket list as an Arrow IPC stream, read back with
 * apache-arrow and compared with the CSV route's rows for the same query. A department
 * head's stream is scoped by a clause of the list's SQL; the last tests hold that clause
 * to the per-row rule the CSV applies (roles.ts' ticketVisible).
 */
import { describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import type { FastifyInstance } from 'fastify';
import type { Database } from '#core/db/database.ts';
import { readSettings } from '#core/settings.ts';
import { importFile } from '#ingest/import-file.ts';
import { ticketVisible } from '#dashboard/server/plugins/app/auth/roles.ts';
import {
  allRowsSql,
  buildTicketListSql,
} from '#dashboard/server/routes/tickets/ticket-list-sql.ts';
import { listSql } from '#dashboard/server/routes/tickets/ticket-list.ts';
import { useApp } from '../helpers/app.ts';
import { eventLogCsv, pathEvents, writeTemp, type EventLogRow } from '../helpers/event-log.ts';

/**
 * The five tickets of test/api/tickets.test.ts' search district, counted by hand:
 *
 *   S1   Desk                      2024-09-02  Printer jam in room 12
 *   S10  Desk -> HR Benefits       2024-09-03  Toner low on the printer
 *   S11  Payroll Team              2024-09-04  =SUM(1) stipend question
 *   S2   Desk -> Payroll Team      2024-09-05  Laptop screen cracked
 *   P7   Payroll Team (sensitive)  2024-09-06  printer for the payroll office
 *
 * Payroll's tickets (passed through, landed in or owned by it): S11, S2, P7.
 * Human Resources': S10. Technology's: S1, S10, S2.
 */
async function seed(db: Database): Promise<void> {
  await db.run(
    "INSERT INTO group_departments VALUES ('Desk', 'Technology'), ('Payroll Team', 'Payroll'), ('HR Benefits', 'Human Resources')",
  );
  const at = (day: string) => `2024-09-${day}T14:00:00Z`;
  const attrs = (rows: EventLogRow[], a: EventLogRow) => rows.map((r) => ({ ...r, ...a }));
  const rows = [
    ...attrs(pathEvents('S1', ['Desk'], at('02')), { subject: 'Printer jam in room 12' }),
    ...attrs(pathEvents('S10', ['Desk', 'HR Benefits'], at('03')), {
      subject: 'Toner low on the printer',
    }),
    ...attrs(pathEvents('S11', ['Payroll Team'], at('04')), {
      subject: '=SUM(1) stipend question',
    }),
    ...attrs(pathEvents('S2', ['Desk', 'Payroll Team'], at('05')), {
      subject: 'Laptop screen cracked',
    }),
    ...attrs(pathEvents('P7', ['Payroll Team'], at('06')), {
      subject: 'printer for the payroll office',
    }),
  ];
  await importFile(db, writeTemp('search.csv', eventLogCsv(rows)));
  await db.run("UPDATE tickets SET sensitive = true WHERE ticket_id = 'P7'");
}

const s = useApp(seed);

type ArrowRow = Record<string, unknown>;
async function arrowRows(app: FastifyInstance, query: string): Promise<ArrowRow[]> {
  const res = await app.inject({ method: 'GET', url: `/api/tickets/arrows?${query}` });
  expect(res.statusCode).toBe(200);
  return tableFromIPC(res.rawPayload)
    .toArray()
    .map((r) => r.toJSON() as ArrowRow);
}

/** [ticket id, owner] of each CSV row (no cell of this district holds a comma). */
async function csvIdsAndOwners(app: FastifyInstance, query: string): Promise<string[][]> {
  const res = await app.inject({ method: 'GET', url: `/api/tickets/csv?${query}` });
  expect(res.statusCode).toBe(200);
  return res.body
    .split('\r\n')
    .slice(1, -1)
    .map((line) => {
      const cells = line.split(',');
      return [cells[0], cells[9]];
    });
}
const idsAndOwners = (rows: ArrowRow[]) => rows.map((r) => [r.ticketId, r.owner]);
const ids = (rows: ArrowRow[]) => rows.map((r) => r.ticketId);

describe('GET /api/tickets/arrows', () => {
  it('answers an Arrow IPC stream with the list columns, typed', async () => {
    const res = await s.app().inject({ method: 'GET', url: '/api/tickets/arrows' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.apache.arrow.stream');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="switchboard-tickets.arrows"',
    );
    const table = tableFromIPC(res.rawPayload);
    expect(table.numRows).toBe(5);
    expect(table.schema.fields.map((f) => `${f.name}: ${f.type}`)).toEqual([
      'source: Utf8',
      'ticketId: Utf8',
      'createdAt: Timestamp<MILLISECOND, UTC>',
      'status: Utf8',
      'requestType: Utf8',
      'location: Utf8',
      'subject: Utf8',
      'sensitive: Bool',
      'firstLanding: Utf8',
      'resolver: Utf8',
      'owner: Utf8',
      'misrouted: Bool',
      'redirected: Bool',
      'hops: Float64',
      'departmentPath: Utf8',
      'groupPath: Utf8',
    ]);
  });

  it('holds one ticket as the CSV writes it, the sensitive subject withheld', async () => {
    const rows = await arrowRows(s.app(), 'sort=ticket&dir=asc');
    expect(ids(rows)).toEqual(['P7', 'S1', 'S10', 'S11', 'S2']);
    expect(rows[2]).toEqual({
      source: 'generic',
      ticketId: 'S10',
      // 2024-09-03T14:00:00Z in milliseconds since 1970.
      createdAt: 1_725_372_000_000,
      status: null,
      requestType: null,
      location: null,
      subject: 'Toner low on the printer',
      sensitive: false,
      firstLanding: 'Technology',
      resolver: 'Human Resources',
      owner: 'Human Resources',
      misrouted: true,
      redirected: false,
      hops: 1,
      departmentPath: '["Technology","Human Resources"]',
      groupPath: '["Desk","HR Benefits"]',
    });
    expect(rows[0]).toMatchObject({ ticketId: 'P7', subject: null, sensitive: true });
  });

  it('gives the CSV route’s rows, in its order, for the same query', async () => {
    const queries = [
      '',
      'q=s1&sort=ticket&dir=asc',
      'q=printer',
      'sort=hops&dir=desc',
      'sort=subject&dir=asc',
      'firstLanding=Technology&resolvedElsewhere=true',
      'department=Payroll&sort=created&dir=asc',
    ];
    for (const query of queries) {
      expect(idsAndOwners(await arrowRows(s.app(), query)), query).toEqual(
        await csvIdsAndOwners(s.app(), query),
      );
    }
    // Three of them by hand (tickets.test.ts lists the same orders for the page).
    expect(ids(await arrowRows(s.app(), ''))).toEqual(['P7', 'S2', 'S11', 'S10', 'S1']);
    expect(ids(await arrowRows(s.app(), 'q=s1&sort=ticket&dir=asc'))).toEqual(['S1', 'S10', 'S11']);
    expect(idsAndOwners(await arrowRows(s.app(), 'sort=hops&dir=desc'))).toEqual([
      ['S2', 'Payroll'],
      ['S10', 'Human Resources'],
      ['P7', 'Payroll'],
      ['S11', 'Payroll'],
      ['S1', 'Technology'],
    ]);
  });

  it('writes the schema and no rows when nothing matches', async () => {
    const res = await s
      .app()
      .inject({ method: 'GET', url: '/api/tickets/arrows?q=nothing%20like%20this' });
    expect(res.statusCode).toBe(200);
    const table = tableFromIPC(res.rawPayload);
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.length).toBe(16);
  });

  it('refuses a sort column outside the list, and paging, with 400', async () => {
    expect(
      (await s.app().inject({ method: 'GET', url: '/api/tickets/arrows?sort=subject;DROP' }))
        .statusCode,
    ).toBe(400);
    expect(
      (await s.app().inject({ method: 'GET', url: '/api/tickets/arrows?sort=owner' })).statusCode,
    ).toBe(400);
    expect(
      (await s.app().inject({ method: 'GET', url: '/api/tickets/arrows?limit=2' })).statusCode,
    ).toBe(400);
  });
});

describe("a department head's Arrow stream", () => {
  it('holds exactly their department’s tickets, as their CSV does', async () => {
    const cases: [string[], string, string[]][] = [
      [['Payroll'], '', ['P7', 'S11', 'S2']],
      [['Human Resources'], '', ['S10']],
      [['Technology'], '', ['S1', 'S10', 'S2']],
      [['Payroll', 'Human Resources'], 'department=Payroll&', ['P7', 'S11', 'S2']],
      [['Technology'], 'q=printer&', ['S1', 'S10']],
    ];
    for (const [departments, filter, expected] of cases) {
      const head = s.as('department_head', departments);
      const query = `${filter}sort=ticket&dir=asc`;
      const rows = await arrowRows(head, query);
      expect(ids(rows), departments.join('+')).toEqual(expected);
      expect(idsAndOwners(rows)).toEqual(await csvIdsAndOwners(head, query));
    }
    const payroll = await arrowRows(s.as('department_head', ['Payroll']), 'sort=ticket&dir=asc');
    expect(payroll[0]).toMatchObject({ ticketId: 'P7', subject: null, sensitive: true });
  });

  it('refuses another department, and a choice left open, with 403', async () => {
    const head = s.as('department_head', ['Payroll']);
    const other = await head.inject({
      method: 'GET',
      url: '/api/tickets/arrows?department=Technology',
    });
    expect(other.statusCode).toBe(403);
    // The auth plugin answers before the route, in the CSV's words.
    expect(other.json()).toEqual({
      error: 'Forbidden',
      code: 'SB_ERR_FORBIDDEN_DEPARTMENT',
      message: 'figures of Technology are not yours to see; the district totals are',
    });
    expect(other.json()).toEqual(
      (await head.inject({ method: 'GET', url: '/api/tickets/csv?department=Technology' })).json(),
    );
    const two = await s
      .as('department_head', ['Payroll', 'Human Resources'])
      .inject({ method: 'GET', url: '/api/tickets/arrows' });
    expect(two.statusCode).toBe(403);
    expect(two.json().message).toBe('choose one of your departments: Payroll, Human Resources');
  });
});

describe('the SQL row rule (visibleTo) against ticketVisible', () => {
  it('is one clause over the facts with the departments bound as one list', () => {
    const list = buildTicketListSql(
      { visibleTo: ['Payroll', 'Human Resources'] },
      { cte: 'facts AS (SELECT * FROM x)', params: {} },
    );
    expect(list.matching).toBe(`WITH facts AS (SELECT * FROM x),
matching AS (
  SELECT f.*, false AS withheld
  FROM facts f
  WHERE true AND (list_has_any(f.department_path, $q_visible) OR list_contains($q_visible, f.first_landing) OR list_contains($q_visible, f.resolver) OR list_contains($q_visible, f.owner))
)`);
    expect(list.params).toEqual({ q_visible: ['Payroll', 'Human Resources'] });
  });

  // With no department filter, the clause alone decides which rows stay.
  it('keeps the same rows as the per-row rule for every set of departments', async () => {
    const db = s.db();
    const settings = await readSettings(db);
    const order = { sort: 'ticket', dir: 'asc' } as const;
    const all = await listSql(db, order, settings);
    const everyRow = await db.all<{
      ticketId: string;
      departmentPath: string[];
      firstLanding: string;
      resolver: string;
      owner: string;
    }>(allRowsSql(all), all.params);
    expect(everyRow.map((r) => r.ticketId)).toEqual(['P7', 'S1', 'S10', 'S11', 'S2']);
    const cases: [string[], string[]][] = [
      [['Payroll'], ['P7', 'S11', 'S2']],
      [['Human Resources'], ['S10']],
      [['Technology'], ['S1', 'S10', 'S2']],
      [
        ['Payroll', 'Human Resources'],
        ['P7', 'S10', 'S11', 'S2'],
      ],
      [['Facilities'], []],
      [[], []],
    ];
    for (const [departments, expected] of cases) {
      const access = {
        role: 'department_head' as const,
        departments,
        userId: 'u',
        email: 'head@district.test',
      };
      const byJs = everyRow
        .filter((r) =>
          ticketVisible(access, [...r.departmentPath, r.firstLanding, r.resolver, r.owner]),
        )
        .map((r) => r.ticketId);
      const scoped = await listSql(db, { ...order, visibleTo: departments }, settings);
      const bySql = (await db.all<{ ticketId: string }>(allRowsSql(scoped), scoped.params)).map(
        (r) => r.ticketId,
      );
      expect(bySql, departments.join('+')).toEqual(expected);
      expect(byJs, departments.join('+')).toEqual(expected);
    }
  });
});
