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
  it('counts per week (Monday, district zone)', async () => {
    const res = await get('/api/figures/trend');
    expect(res.json()).toEqual({
      interval: 'week',
      timeZone: 'America/Chicago',
      periods: [
        { period: '2024-08-19', tickets: 2, resolvedElsewhere: 1 },
        { period: '2024-08-26', tickets: 1, resolvedElsewhere: 0 },
        { period: '2024-09-02', tickets: 1, resolvedElsewhere: 0 },
      ],
    });
  });

  it('counts per month within a date range', async () => {
    const res = await get('/api/figures/trend?interval=month&from=2024-08-20');
    expect(res.json().periods).toEqual([
      { period: '2024-08-01', tickets: 1, resolvedElsewhere: 0 },
      { period: '2024-09-01', tickets: 1, resolvedElsewhere: 0 },
    ]);
  });

  it('refuses an interval it does not know', async () => {
    const res = await get('/api/figures/trend?interval=decade');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('SB_ERR_BAD_REQUEST');
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
