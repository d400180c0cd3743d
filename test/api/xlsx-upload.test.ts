/**
 * A spreadsheet (.xlsx) through the server as a person sends it: upload, preview (source
 * detected, column matches, first rows), import, and the figures and tickets it gives.
 * The workbook is written here with exceljs, so each expected ticket, instant and flow can
 * be read off the rows below. The district's zone is America/Chicago (UTC-5 in August).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { previewFile } from '#ingest/preview.ts';
import { useApp } from '../helpers/app.ts';
import { wall, workbookWriter, type Row } from '../helpers/workbook.ts';

const { app } = useApp(async (db) => {
  await db.run("INSERT INTO group_departments VALUES ('Facilities Desk', 'Operations'), ('Maintenance', 'Operations'), ('Payroll Team', 'Payroll')");
});

const workbook = workbookWriter('switchboard-xlsx-upload-');

function multipart(fileName: string, bytes: Buffer) {
  const boundary = '----switchboard-xlsx-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
    'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n';
  const payload = Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

// A facilities office's log: a title row and a blank row above the column names, one row
// per team change. F1 and F2 move once; F3 stays where it landed; F4's dates were typed as text.
const LOG: Row[] = [
  ['Facilities requests 2024-25'],
  [],
  ['Ticket', 'Opened', 'Changed', 'Team', 'Subject'],
  ['F1', wall(2024, 8, 19, 8), wall(2024, 8, 19, 8), 'Facilities Desk', 'Heater broken in room 12'],
  ['F1', wall(2024, 8, 19, 8), wall(2024, 8, 19, 9, 30), 'Maintenance', 'Heater broken in room 12'],
  ['F2', wall(2024, 8, 20, 9), wall(2024, 8, 20, 9), 'Facilities Desk', 'Stipend missing from August pay'],
  ['F2', wall(2024, 8, 20, 9), wall(2024, 8, 20, 11), 'Payroll Team', 'Stipend missing from August pay'],
  ['F3', wall(2024, 8, 21, 7, 15), wall(2024, 8, 21, 7, 15), 'Maintenance', 'Roof leak over the gym'],
  ['F4', 'last Tuesday', 'last Tuesday', 'Maintenance', 'Door sticks'],
];
const LOOKUP: Row[] = [['Team', 'Department'], ['Facilities Desk', 'Operations'], ['Payroll Team', 'Payroll']];

describe('a workbook uploaded, previewed and imported', () => {
  let uploadId = '';
  let bytes: Buffer;

  it('previews the first sheet: generic source, column matches and rows, writing nothing', async () => {
    bytes = readFileSync(await workbook('facilities-log.xlsx', { Requests: LOG, Lookup: LOOKUP }));
    const res = await app().inject({ method: 'POST', url: '/api/imports/uploads', ...multipart('facilities-log.xlsx', bytes) });
    expect(res.statusCode).toBe(201);
    const { upload, preview } = res.json();
    uploadId = upload.id;
    expect(upload).toMatchObject({ fileName: 'facilities-log.xlsx', size: bytes.length });
    expect(preview.connector).toBe('generic');
    expect(preview.format).toBe('csv');
    expect(preview.headers).toEqual(['Ticket', 'Opened', 'Changed', 'Team', 'Subject']);
    expect(Object.fromEntries(preview.matches.map((m: { field: string; column: string }) => [m.field, m.column]))).toEqual({
      ticket_id: 'Ticket', created_at: 'Opened', event_at: 'Changed', group: 'Team', subject: 'Subject',
    });
    // Cells as the sheet shows them: dates as wall clock, the title rows skipped.
    expect(preview.sampleRows).toEqual([
      ['F1', '2024-08-19 08:00:00', '2024-08-19 08:00:00', 'Facilities Desk', 'Heater broken in room 12'],
      ['F1', '2024-08-19 08:00:00', '2024-08-19 09:30:00', 'Maintenance', 'Heater broken in room 12'],
      ['F2', '2024-08-20 09:00:00', '2024-08-20 09:00:00', 'Facilities Desk', 'Stipend missing from August pay'],
      ['F2', '2024-08-20 09:00:00', '2024-08-20 11:00:00', 'Payroll Team', 'Stipend missing from August pay'],
      ['F3', '2024-08-21 07:15:00', '2024-08-21 07:15:00', 'Maintenance', 'Roof leak over the gym'],
    ]);
    expect(preview.notes).toContain(
      "spreadsheet: sheet 'Requests' (of 'Requests', 'Lookup'; choose another with \"sheet\" in a mapping), rows 3-9, read as CSV",
    );
    expect((await app().inject({ method: 'GET', url: '/api/health' })).json().tickets).toBe(0);
  });

  it('imports its 3 tickets and 5 events; the rejected row is numbered as the sheet shows it', async () => {
    const res = await app().inject({ method: 'POST', url: '/api/imports', payload: { uploadId } });
    expect(res.json().message).toBeUndefined();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      fileName: 'facilities-log.xlsx', connector: 'generic', status: 'succeeded', rowsRead: 6, ticketsImported: 3, eventsImported: 5, rowsRejected: 1,
    });
    expect(res.json().rejects.map((r: { row: number; column: string; value: string }) => [r.row, r.column, r.value])).toEqual([
      [9, 'Changed', 'last Tuesday'],
      [9, 'Opened', 'last Tuesday'],
    ]);
    expect((await app().inject({ method: 'GET', url: '/api/health' })).json().tickets).toBe(3);
  });

  it('shows exactly those tickets, paths and flows', async () => {
    const { total, tickets } = (await app().inject({ method: 'GET', url: '/api/tickets?limit=10' })).json();
    expect(total).toBe(3);
    const seen = tickets.map((t: { ticketId: string; createdAt: string; groupPath: string[]; departmentPath: string[]; subject: string }) =>
      [t.ticketId, t.createdAt, t.groupPath, t.departmentPath, t.subject]);
    // 08:00 CDT is 13:00 UTC.
    expect(seen).toEqual([
      ['F3', '2024-08-21T12:15:00.000Z', ['Maintenance'], ['Operations'], 'Roof leak over the gym'],
      ['F2', '2024-08-20T14:00:00.000Z', ['Facilities Desk', 'Payroll Team'], ['Operations', 'Payroll'], 'Stipend missing from August pay'],
      ['F1', '2024-08-19T13:00:00.000Z', ['Facilities Desk', 'Maintenance'], ['Operations'], 'Heater broken in room 12'],
    ]);
    const flows = (await app().inject({ method: 'GET', url: '/api/figures/flows' })).json().flows;
    expect(flows).toEqual([
      { from: 'Operations', to: 'Operations', tickets: 2 },
      { from: 'Operations', to: 'Payroll', tickets: 1 },
    ]);
  });

  it('changes nothing when the same workbook is uploaded and imported again', async () => {
    const up = (await app().inject({ method: 'POST', url: '/api/imports/uploads', ...multipart('facilities-log.xlsx', bytes) })).json();
    const res = (await app().inject({ method: 'POST', url: '/api/imports', payload: { uploadId: up.upload.id } })).json();
    expect(res).toMatchObject({ status: 'unchanged', ticketsImported: 0 });
    expect((await app().inject({ method: 'GET', url: '/api/health' })).json().tickets).toBe(3);
  });
  it("imports the sheet a mapping names through the API, not the first one", async () => {
    const path = await workbook('lookup-first.xlsx', { Lookup: LOOKUP, Requests: LOG.map((r, i) => (i > 2 && typeof r[0] === 'string' ? [`S${r[0]}`, ...r.slice(1)] : r)) });
    const up = (await app().inject({ method: 'POST', url: '/api/imports/uploads', ...multipart('lookup-first.xlsx', readFileSync(path)) })).json();
    const mapping = { source: 'facilities-sheet', sheet: 'Requests', fields: { ticket_id: 'Ticket', created_at: 'Opened', event_at: 'Changed', group: 'Team', subject: 'Subject' } };
    const res = await app().inject({ method: 'POST', url: '/api/imports', payload: { uploadId: up.upload.id, mapping } });
    expect(res.json().message).toBeUndefined();
    expect(res.json()).toMatchObject({ source: 'facilities-sheet', status: 'succeeded', ticketsImported: 3, eventsImported: 5, rowsRejected: 1 });
  });
});

describe('previewing a workbook with a mapping', () => {
  it("reads the mapping's sheet, not the first one", async () => {
    const path = await workbook('two-sheets.xlsx', { Lookup: LOOKUP, Requests: LOG });
    const mapping = { source: 'facilities', sheet: 'Requests', fields: { ticket_id: 'Ticket', created_at: 'Opened', event_at: 'Changed', group: 'Team' } };
    const p = await previewFile(path, { mapping, timeZone: 'America/Chicago' });
    expect([p.connector, p.headers, p.rows.length]).toEqual(['generic', ['Ticket', 'Opened', 'Changed', 'Team', 'Subject'], 6]);
    expect(p.columnMatches.map((m) => [m.field, m.column])).toEqual([['ticket_id', 'Ticket'], ['created_at', 'Opened'], ['event_at', 'Changed'], ['group', 'Team']]);
    expect(p.notes[0]).toBe("spreadsheet: sheet 'Requests' (of 'Lookup', 'Requests'; choose another with \"sheet\" in a mapping), rows 3-9, read as CSV");
  });

  it('names the sheets when the mapping asks for one that is not there', async () => {
    const path = await workbook('no-such-sheet.xlsx', { Requests: LOG });
    const mapping = { source: 'facilities', sheet: 'Tickets', fields: { ticket_id: 'Ticket', created_at: 'Opened' } };
    await expect(previewFile(path, { mapping })).rejects.toThrow(
      "no-such-sheet.xlsx: has no sheet named 'Tickets'; its sheets are 'Requests'. Set \"sheet\" in the mapping to one of them",
    );
  });
});
