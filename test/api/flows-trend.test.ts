import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/app.ts';
import { seedDistrict } from './district-fixture.ts';

const { app } = useApp(seedDistrict);
const get = async (url: string) => app().inject({ method: 'GET', url });

describe('GET /api/figures/flows', () => {
  it('counts tickets by first landing and resolver, largest first', async () => {
    const res = await get('/api/figures/flows');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      flows: [
        { from: 'Technology', to: 'Technology', tickets: 2 },
        { from: 'Payroll', to: 'Payroll', tickets: 1 },
        { from: 'Technology', to: 'Payroll', tickets: 1 },
      ],
    });
  });

  it('applies the filters: Lincoln Elementary has T1 and T2', async () => {
    const res = await get('/api/figures/flows?location=Lincoln%20Elementary');
    expect(res.json().flows).toEqual([
      { from: 'Technology', to: 'Payroll', tickets: 1 },
      { from: 'Technology', to: 'Technology', tickets: 1 },
    ]);
  });

  it('rejects an unknown query parameter', async () => {
    const res = await get('/api/figures/flows?colour=red');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/additional properties/);
  });
});

describe('GET /api/figures/trend', () => {
  const pick = (periods: { period: string; tickets: number; misrouted_tickets: number; ping_pong_tickets: number }[]) =>
    periods.map((p) => [p.period, p.tickets, p.misrouted_tickets, p.ping_pong_tickets]);

  it('counts per week (Monday, district zone): T1+T2, T3, T4 (the ping-pong)', async () => {
    const body = (await get('/api/figures/trend')).json();
    expect(body.interval).toBe('week');
    expect(body.timeZone).toBe('America/Chicago');
    expect(pick(body.periods)).toEqual([
      ['2024-08-19', 2, 1, 0],
      ['2024-08-26', 1, 0, 0],
      ['2024-09-02', 1, 0, 1],
    ]);
  });

  it('counts per month within a date range', async () => {
    const body = (await get('/api/figures/trend?interval=month&from=2024-08-20')).json();
    expect(pick(body.periods)).toEqual([
      ['2024-08-01', 1, 0, 0],
      ['2024-09-01', 1, 0, 1],
    ]);
  });

  it('refuses an interval it does not know', async () => {
    const res = await get('/api/figures/trend?interval=decade');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('SB_ERR_BAD_REQUEST');
  });
});

describe('GET /api/figures/summary', () => {
  it('gives the routing summary with the assumptions behind hours and cost', async () => {
    const body = (await get('/api/figures/summary')).json();
    expect(body.summary).toMatchObject({
      owner_basis: 'resolver', tickets: 4, misrouted_tickets: 1, misroute_share: 0.25, redirected_tickets: 0, ping_pong_tickets: 1,
    });
    // The summary's cost is the sum of the weekly costs.
    const weeks = (await get('/api/figures/trend')).json().periods as { coordination_cost: number }[];
    expect(body.summary.coordination_cost).toBeCloseTo(weeks.reduce((s, w) => s + w.coordination_cost, 0), 9);
    expect(body.summary.coordination_hours * 42).toBeCloseTo(body.summary.coordination_cost, 9);
    expect(body.assumptions).toEqual({
      ownerBasis: 'resolver', timeZone: 'America/Chicago', defaultLandingDepartment: 'Technology',
      cost: { triageMinutes: 15, touchMinutes: 6, defaultHourlyRate: 42, currency: 'USD' },
      calendar: { workingDays: [1, 2, 3, 4, 5], dayStart: '07:00', dayEnd: '16:00', holidays: [] },
    });
  });
});

describe('GET /api/figures/departments', () => {
  it('gives inbound and outbound figures per department', async () => {
    const body = (await get('/api/figures/departments')).json();
    const payroll = body.departments.find((d: { department: string }) => d.department === 'Payroll');
    // Payroll owns T1 and T3; T1 first landed in Technology.
    expect(payroll).toMatchObject({ tickets_owned: 2, inbound_misrouted: 1, inbound_misroute_share: 0.5, tickets_landed: 1, outbound_rerouted: 0 });
    const tech = body.departments.find((d: { department: string }) => d.department === 'Technology');
    expect(tech).toMatchObject({ tickets_owned: 2, tickets_landed: 3, outbound_rerouted: 1 });
  });
});

describe('GET /api/figures/ownership-gaps', () => {
  it('ranks request types by cost and flags Payroll (half misrouted, no declared owner) as a gap', async () => {
    const body = (await get('/api/figures/ownership-gaps')).json();
    expect(body.gaps.map((g: { request_type: string; tickets: number; misroute_share: number; gap: boolean }) => [g.request_type, g.tickets, g.misroute_share, g.gap])).toEqual([
      ['Hardware', 2, 0, false],
      ['Payroll', 2, 0.5, true],
    ]);
  });

  it('gives only the costliest gaps with ?top=N, as the overview asks', async () => {
    const top = await get('/api/figures/ownership-gaps?top=5');
    expect(top.statusCode).toBe(200);
    expect(top.json().gaps.map((g: { request_type: string }) => g.request_type)).toEqual(['Payroll']);
    expect((await get('/api/figures/ownership-gaps?top=0')).statusCode).toBe(400);
  });
});

describe('GET /api/filter-options', () => {
  it('lists the values the filter bar offers and the span of the data', async () => {
    const res = await get('/api/filter-options');
    expect(res.json()).toEqual({
      departments: ['Human Resources', 'Payroll', 'Technology'],
      locations: ['Central Office', 'Lincoln Elementary'],
      requestTypes: ['Hardware', 'Payroll'],
      sources: ['generic'],
      firstDay: '2024-08-19',
      lastDay: '2024-09-03',
      // The default school calendar's first day: where the filter bar's school years start.
      schoolYearStart: '08-15',
    });
  });
});

describe('GET /api/health and /api/docs/json', () => {
  it('answers health', async () => {
    expect((await get('/api/health')).json()).toEqual({ ok: true, tickets: 4 });
  });

  it('describes every API route in OpenAPI with its access level', async () => {
    const doc = (await get('/api/docs/json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/figures/flows', '/api/tickets/', '/api/tickets/{source}/{ticketId}', '/api/imports/uploads', '/api/settings/cost', '/api/report/']),
    );
    expect(doc.paths['/api/settings/cost'].put.description).toMatch(/Access: admin/);
    expect(doc.paths['/api/tickets/'].get.parameters.find((p: { name: string }) => p.name === 'limit').schema).toMatchObject({ minimum: 1, maximum: 500 });
  });
});
