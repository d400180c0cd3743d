import { describe, expect, it } from 'vitest';
import type { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import { useApp } from '../helpers/app.ts';
import { eventLogCsv, pathEvents, writeTemp, type EventLogRow } from '../helpers/event-log.ts';
import { seedDistrict } from './district-fixture.ts';

const { app } = useApp(seedDistrict);
const get = async (url: string) => app().inject({ method: 'GET', url });

describe('GET /api/tickets', () => {
  it('lists tickets newest first with their paths', async () => {
    const body = (await get('/api/tickets?limit=2')).json();
    expect(body.total).toBe(4);
    expect(body.limit).toBe(2);
    expect(body.offset).toBe(0);
    expect(body.tickets.map((t: { ticketId: string }) => t.ticketId)).toEqual(['T4', 'T3']);
    expect(body.tickets[0]).toMatchObject({
      source: 'generic',
      ticketId: 'T4',
      createdAt: '2024-09-03T16:00:00.000Z',
      requestType: 'Hardware',
      location: 'Central Office',
      subject: 'Badge printer',
      firstLanding: 'Technology',
      resolver: 'Technology',
      hops: 2,
      departmentPath: ['Technology', 'Human Resources', 'Technology'],
      groupPath: ['Desk', 'HR Benefits', 'Desk'],
    });
  });

  it('pages with offset', async () => {
    const body = (await get('/api/tickets?limit=2&offset=2')).json();
    expect(body.tickets.map((t: { ticketId: string }) => t.ticketId)).toEqual(['T2', 'T1']);
  });

  it('narrows to the tickets behind a figure: landed in Technology, resolved elsewhere', async () => {
    const body = (await get('/api/tickets?firstLanding=Technology&resolvedElsewhere=true')).json();
    expect(body.total).toBe(1);
    expect(body.tickets[0]).toMatchObject({ ticketId: 'T1', resolver: 'Payroll' });
  });

  it('applies the common filters', async () => {
    const body = (await get('/api/tickets?requestType=Payroll&to=2024-08-26')).json();
    expect(body.tickets.map((t: { ticketId: string }) => t.ticketId)).toEqual(['T1']);
  });

  it('refuses a page size over 500', async () => {
    const res = await get('/api/tickets?limit=501');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/limit must be <= 500/);
  });
});

describe('GET /api/tickets/:source/:ticketId', () => {
  it('returns the ticket and its events in order, departments resolved', async () => {
    const body = (await get('/api/tickets/generic/T4')).json();
    expect(body.subject).toBe('Badge printer');
    expect(body.events.map((e: { groupAfter: string; department: string }) => [e.groupAfter, e.department])).toEqual([
      ['Desk', 'Technology'],
      ['HR Benefits', 'Human Resources'],
      ['Desk', 'Technology'],
    ]);
    expect(body.events[1].occurredAt).toBe('2024-09-03T17:00:00.000Z');
  });

  it("gives the owner, its reason and the time to reach it, from the facts the figures count", async () => {
    // T1 landed on Desk (Technology) at 13:00 UTC, went to Payroll Team an hour later and was resolved there.
    expect((await get('/api/tickets/generic/T1')).json().ownership).toEqual({
      firstLanding: 'Technology',
      owner: 'Payroll',
      ownerBasis: 'resolver',
      ownerReason: 'resolver',
      declaredOwner: null,
      misrouted: true,
      redirected: false,
      ownerReachedAt: '2024-08-19T14:00:00.000Z',
      hoursToOwner: 1,
      // 08:00 to 09:00 Chicago time on a Monday: inside the 07:00-16:00 business day.
      businessHoursToOwner: 1,
    });
    // T4 went Desk -> HR Benefits -> Desk: it landed with its owner, so no time to reach it.
    expect((await get('/api/tickets/generic/T4')).json().ownership).toMatchObject({ firstLanding: 'Technology', owner: 'Technology', misrouted: false, hoursToOwner: 0 });
  });

  it('answers a missing ticket with a readable 404', async () => {
    const res = await get('/api/tickets/generic/T99');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'SB_ERR_NOT_FOUND', message: 'no such ticket' });
  });
});

/**
 * A five-ticket district for search, sort and CSV, counted by hand:
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
async function seedSearchDistrict(db: Database): Promise<void> {
  await db.run("INSERT INTO group_departments VALUES ('Desk', 'Technology'), ('Payroll Team', 'Payroll'), ('HR Benefits', 'Human Resources')");
  const at = (day: string) => `2024-09-${day}T14:00:00Z`;
  const rows = [
    ...attrs(pathEvents('S1', ['Desk'], at('02')), { subject: 'Printer jam in room 12' }),
    ...attrs(pathEvents('S10', ['Desk', 'HR Benefits'], at('03')), { subject: 'Toner low on the printer' }),
    ...attrs(pathEvents('S11', ['Payroll Team'], at('04')), { subject: '=SUM(1) stipend question' }),
    ...attrs(pathEvents('S2', ['Desk', 'Payroll Team'], at('05')), { subject: 'Laptop screen cracked' }),
    ...attrs(pathEvents('P7', ['Payroll Team'], at('06')), { subject: 'printer for the payroll office' }),
  ];
  await importFile(db, writeTemp('search.csv', eventLogCsv(rows)));
  await db.run("UPDATE tickets SET sensitive = true WHERE ticket_id = 'P7'");
}
const attrs = (rows: EventLogRow[], a: EventLogRow) => rows.map((r) => ({ ...r, ...a }));
const ids = (body: { tickets: { ticketId: string }[] }) => body.tickets.map((t) => t.ticketId);

describe('search, sort and CSV of the ticket list', () => {
  const s = useApp(seedSearchDistrict);
  const list = async (query: string) => {
    const res = await s.app().inject({ method: 'GET', url: `/api/tickets?${query}` });
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  it('finds subject words, every word, in any case, never in a sensitive subject', async () => {
    const printer = await list('q=printer');
    expect(printer.total).toBe(2);
    expect(ids(printer)).toEqual(['S10', 'S1']);
    expect(ids(await list('q=PRINTER%20toner'))).toEqual(['S10']);
    expect((await list('q=printer%20laptop')).total).toBe(0);
    expect(ids(await list('q=%20%20stipend%20'))).toEqual(['S11']);
  });

  it('finds a ticket id exactly or by its first characters, the exact one first', async () => {
    const prefix = await list('q=s1');
    expect(prefix.total).toBe(3);
    expect(ids(prefix)).toEqual(['S1', 'S11', 'S10']);
    expect(ids(await list('q=S11'))).toEqual(['S11']);
    // Found by its id, its subject still withheld.
    const sensitive = await list('q=p7');
    expect(sensitive.tickets.map((t: { ticketId: string; subject: string | null }) => [t.ticketId, t.subject])).toEqual([['P7', null]]);
  });

  it('pages a search with the total of every match', async () => {
    const page = await list('q=s1&limit=2&offset=2');
    expect(page).toMatchObject({ total: 3, limit: 2, offset: 2 });
    expect(ids(page)).toEqual(['S10']);
  });

  it('sorts by a listed column, either way, ties newest first', async () => {
    expect(ids(await list('sort=ticket&dir=asc'))).toEqual(['P7', 'S1', 'S10', 'S11', 'S2']);
    expect(ids(await list('sort=created&dir=asc'))).toEqual(['S1', 'S10', 'S11', 'S2', 'P7']);
    // One hop each: S2 (Sep 5) before S10 (Sep 3); then the tickets that stayed put, newest first.
    expect(ids(await list('sort=hops&dir=desc'))).toEqual(['S2', 'S10', 'P7', 'S11', 'S1']);
    // The sensitive subject sorts as no subject: last.
    expect(ids(await list('sort=subject&dir=asc'))).toEqual(['S11', 'S2', 'S1', 'S10', 'P7']);
    expect(ids(await list('q=printer&sort=ticket&dir=asc'))).toEqual(['S1', 'S10']);
  });

  it('refuses a sort column outside the list', async () => {
    const res = await s.app().inject({ method: 'GET', url: '/api/tickets?sort=subject;DROP' });
    expect(res.statusCode).toBe(400);
  });

  it('writes every matching ticket as CSV, formula-safe, in the list order', async () => {
    const res = await s.app().inject({ method: 'GET', url: '/api/tickets/csv?q=s1&sort=ticket&dir=asc' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="switchboard-tickets.csv"');
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe('ticket_id,source,created_at,status,request_type,location,subject,sensitive,first_landing,owner,resolver,misrouted,redirected,hops,department_path');
    expect(lines.slice(1, -1).map((l) => l.split(',')[0])).toEqual(['S1', 'S10', 'S11']);
    expect(lines[2]).toBe('S10,generic,2024-09-03T14:00:00.000Z,,,,Toner low on the printer,false,Technology,Human Resources,Human Resources,true,false,1,Technology -> Human Resources');
    expect(lines[3]).toBe("S11,generic,2024-09-04T14:00:00.000Z,,,,'=SUM(1) stipend question,false,Payroll,Payroll,Payroll,false,false,0,Payroll");
    expect(lines.at(-1)).toBe('');
    // All five, not one page.
    expect((await s.app().inject({ method: 'GET', url: '/api/tickets/csv?limit=2' })).statusCode).toBe(400);
    expect((await s.app().inject({ method: 'GET', url: '/api/tickets/csv' })).body.split('\r\n').length).toBe(1 + 5 + 1);
  });

  it("gives a department head a CSV of their own department's tickets only", async () => {
    const payroll = await s.as('department_head', ['Payroll']).inject({ method: 'GET', url: '/api/tickets/csv?sort=ticket&dir=asc' });
    expect(payroll.statusCode).toBe(200);
    const rows = payroll.body.split('\r\n').slice(1, -1);
    expect(rows.map((l) => l.split(',')[0])).toEqual(['P7', 'S11', 'S2']);
    // The sensitive ticket's subject stays withheld in the file too.
    expect(rows[0]).toBe('P7,generic,2024-09-06T14:00:00.000Z,,,,,true,Payroll,Payroll,Payroll,false,false,0,Payroll');
    const hr = await s.as('department_head', ['Human Resources']).inject({ method: 'GET', url: '/api/tickets/csv' });
    expect(hr.body.split('\r\n').slice(1, -1).map((l) => l.split(',')[0])).toEqual(['S10']);
    const other = await s.as('department_head', ['Payroll']).inject({ method: 'GET', url: '/api/tickets/csv?department=Technology' });
    expect(other.statusCode).toBe(403);
    const two = await s.as('department_head', ['Payroll', 'Human Resources']).inject({ method: 'GET', url: '/api/tickets/csv' });
    expect(two.statusCode).toBe(403);
    expect(two.json().message).toBe('choose one of your departments: Payroll, Human Resources');
  });
});

describe('saved views of the ticket list', () => {
  const s = useApp(seedSearchDistrict);
  const views = async (app = s.app()) => (await app.inject({ method: 'GET', url: '/api/saved-views' })).json().views;
  const save = (body: unknown, app = s.app()) => app.inject({ method: 'POST', url: '/api/saved-views', payload: body as object });

  it('saves, lists and deletes a view, keeping only the page keys of its query string', async () => {
    const created = await save({ name: '  Printers ', query: '?q=printer&sort=hops&dir=desc&offset=50&page=3&bogus=1&size=25' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Printers', query: 'q=printer&sort=hops&dir=desc&size=25' });
    await save({ name: 'all payroll', query: 'department=Payroll' });
    expect((await views()).map((v: { name: string; query: string }) => [v.name, v.query])).toEqual([
      ['all payroll', 'department=Payroll'],
      ['Printers', 'q=printer&sort=hops&dir=desc&size=25'],
    ]);
    const gone = await s.app().inject({ method: 'DELETE', url: `/api/saved-views/${created.json().id}` });
    expect(gone.statusCode).toBe(204);
    expect((await views()).map((v: { name: string }) => v.name)).toEqual(['all payroll']);
    const again = await s.app().inject({ method: 'DELETE', url: `/api/saved-views/${created.json().id}` });
    expect(again.statusCode).toBe(404);
    expect(again.json().message).toBe('That saved view is not there any more; reload the page to see your views.');
  });

  it('refuses a name the person already has, whatever its case, with 409', async () => {
    expect((await save({ name: 'Open laptops', query: 'q=laptop' })).statusCode).toBe(201);
    const dup = await save({ name: 'OPEN LAPTOPS', query: 'q=other' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'SB_ERR_VIEW_EXISTS', message: 'You already have a view named "Open laptops". Choose another name, or delete that view first.' });
  });

  it('keeps each person’s views their own', async () => {
    const leader = s.as('leader');
    expect(await views(leader)).toEqual([]);
    expect((await save({ name: 'Open laptops', query: 'q=laptop' }, leader)).statusCode).toBe(201);
    expect((await views(leader)).length).toBe(1);
    const theirs = (await views(leader))[0].id;
    expect((await s.app().inject({ method: 'DELETE', url: `/api/saved-views/${theirs}` })).statusCode).toBe(404);
    expect((await views(leader)).length).toBe(1);
  });

  it('asks for a name with a sentence', async () => {
    const res = await save({ name: '   ', query: 'q=x' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('Give the view a name, then save it again.');
  });
});
