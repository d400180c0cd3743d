import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/app.ts';
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
