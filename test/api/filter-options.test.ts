/**
 * The filter bar offers what the tickets there now carry: import two files, remove one,
 * and the departments, schools, request types and sources of the removed file are gone,
 * though its groups stay in the group map.
 */
import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/app.ts';
import { event, eventLogCsv, pathEvents } from '../helpers/event-log.ts';

// Desk and Payroll Team are mapped; Bus Depot is not, so it counts as a department of its own.
const { app } = useApp(async (db) => {
  await db.run("INSERT INTO group_departments VALUES ('Desk', 'Technology'), ('Payroll Team', 'Payroll')");
});

function multipart(fileName: string, text: string) {
  const boundary = '----switchboard-test-boundary';
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n${text}\r\n--${boundary}--\r\n`;
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const withTicket = (rows: ReturnType<typeof pathEvents>, extra: Parameters<typeof event>[0]) => rows.map((r) => ({ ...r, ...extra }));

// File A: A1 Desk -> Payroll Team at Lincoln Elementary ("Paycheck"); A2 Desk only ("Laptop").
const fileA = eventLogCsv([
  ...withTicket(pathEvents('A1', ['Desk', 'Payroll Team']), { location: 'Lincoln Elementary', category: 'Paycheck' }),
  ...withTicket(pathEvents('A2', ['Desk']), { location: 'Lincoln Elementary', category: 'Laptop' }),
]);
// File B: B1 Bus Depot only, at Oak Middle ("Bus route").
const fileB = eventLogCsv(withTicket(pathEvents('B1', ['Bus Depot'], '2024-09-02T13:00:00Z'), { location: 'Oak Middle', category: 'Bus route' }));

async function importFile(name: string, text: string): Promise<number> {
  const up = await app().inject({ method: 'POST', url: '/api/imports/uploads', ...multipart(name, text) });
  expect(up.statusCode).toBe(201);
  const res = await app().inject({ method: 'POST', url: '/api/imports', payload: { uploadId: up.json().upload.id } });
  expect(res.statusCode).toBe(200);
  return res.json().importId;
}

const options = async () => {
  const res = await app().inject({ method: 'GET', url: '/api/filter-options' });
  expect(res.statusCode).toBe(200);
  return res.json();
};

describe('GET /api/filter-options after an import is removed', () => {
  let second = 0;

  it('offers the values of both files while both are imported', async () => {
    await importFile('a.csv', fileA);
    second = await importFile('b.csv', fileB);
    expect(await options()).toMatchObject({
      departments: ['Bus Depot', 'Payroll', 'Technology'],
      locations: ['Lincoln Elementary', 'Oak Middle'],
      requestTypes: ['Bus route', 'Laptop', 'Paycheck'],
      firstDay: '2024-08-19',
      lastDay: '2024-09-02',
    });
  });

  it('offers only the remaining file\'s values once the other is removed', async () => {
    const removed = await app().inject({ method: 'DELETE', url: `/api/imports/${second}` });
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toMatchObject({ ticketsRemoved: 1 });
    const o = await options();
    expect(o).toMatchObject({
      departments: ['Payroll', 'Technology'],
      locations: ['Lincoln Elementary'],
      requestTypes: ['Laptop', 'Paycheck'],
      firstDay: '2024-08-19',
      lastDay: '2024-08-19',
    });
    expect(o.sources).toHaveLength(1);
  });
});
