import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { injectingAs, sessionFor, useApp } from '../helpers/app.ts';
import { eventLogCsv, pathEvents } from '../helpers/event-log.ts';
import { buildZip } from '../ingest/helpers/zip.ts';
import { Database } from '#core/db/database.ts';
import { buildApp } from '#dashboard/server/app.ts';

const { app } = useApp(async (db) => {
  await db.run("INSERT INTO group_departments VALUES ('Desk', 'Technology'), ('Payroll Team', 'Payroll')");
});

function multipart(fileName: string, text: string) {
  const boundary = '----switchboard-test-boundary';
  const payload =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n` +
    text +
    `\r\n--${boundary}--\r\n`;
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

// Vendor-style column names: 'Case ID', 'Opened', 'Assignment Group', 'School'. Row 3 has an unreadable date.
const vendorCsv = [
  'Case ID,Opened,Assignment Group,School,Short Description',
  'C-1,2024-08-19T13:00:00Z,Desk,Lincoln Elementary,Laptop',
  'C-1,2024-08-19T14:00:00Z,Payroll Team,Lincoln Elementary,Laptop',
  'C-2,not a date,Desk,Central Office,=cmd()',
  'C-3,2024-08-20T09:00:00Z,Desk,Central Office,Printer',
].join('\n') + '\n';

describe('a zip archive on the upload page', () => {
  it('is refused with the two ways to import it', async () => {
    const boundary = '----switchboard-test-boundary';
    const zip = buildZip([{ name: 'cases.csv', data: Buffer.from(vendorCsv) }]);
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="exports.zip"\r\nContent-Type: application/zip\r\n\r\n`),
      zip,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await app().inject({ method: 'POST', url: '/api/imports/uploads', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'SB_ERR_ARCHIVE',
      message: 'exports.zip: is a zip archive; upload one export at a time (unzip it first), or import the whole archive with `npx switchboard ingest exports.zip`',
    });
  });
});

describe('upload, confirm the mapping, import', () => {
  let uploadId = '';

  it('streams the upload to disk and previews detection, matches and rows without writing', async () => {
    const res = await app().inject({ method: 'POST', url: '/api/imports/uploads', ...multipart('cases.csv', vendorCsv) });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    uploadId = body.upload.id;
    expect(body.upload).toMatchObject({ fileName: 'cases.csv', size: Buffer.byteLength(vendorCsv) });
    expect(body.preview.connector).toBe('generic');
    expect(body.preview.headers).toEqual(['Case ID', 'Opened', 'Assignment Group', 'School', 'Short Description']);
    expect(Object.fromEntries(body.preview.matches.map((m: { field: string; column: string }) => [m.field, m.column]))).toMatchObject({
      ticket_id: 'Case ID', created_at: 'Opened', group: 'Assignment Group', location: 'School', subject: 'Short Description',
    });
    expect(body.preview.sampleRows).toHaveLength(4);
    expect((await app().inject({ method: 'GET', url: '/api/health' })).json().tickets).toBe(0);
  });

  it('imports with the confirmed mapping: 2 tickets, 1 rejected row', async () => {
    const mapping = {
      source: 'districtdesk',
      fields: { ticket_id: 'Case ID', created_at: 'Opened', event_at: 'Opened', group: 'Assignment Group', location: 'School', subject: 'Short Description' },
    };
    const res = await app().inject({ method: 'POST', url: '/api/imports', payload: { uploadId, mapping } });
    expect(res.json().message).toBeUndefined();
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s).toMatchObject({ fileName: 'cases.csv', source: 'districtdesk', status: 'succeeded', rowsRead: 4, ticketsImported: 2, rowsRejected: 1 });
    expect(s.rejects[0]).toMatchObject({ row: 4, value: 'not a date' });
    // The page sent the columns the person confirmed: no mapping file was given.
    expect(s.connectorReason).toBe('generic: the columns you confirmed');
    expect(s.notes[0]).toBe('connector generic: the columns you confirmed');

    const flows = (await app().inject({ method: 'GET', url: '/api/figures/flows?source=districtdesk' })).json().flows;
    expect(flows).toEqual([
      { from: 'Technology', to: 'Payroll', tickets: 1 },
      { from: 'Technology', to: 'Technology', tickets: 1 },
    ]);

    const history = (await app().inject({ method: 'GET', url: '/api/imports' })).json().imports;
    expect(history[0]).toMatchObject({ importId: s.importId, fileName: 'cases.csv', status: 'succeeded', ticketsImported: 2, rowsRejected: 1 });

    const csv = await app().inject({ method: 'GET', url: `/api/imports/${s.importId}/rejects.csv` });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('row,column,value,reason');
    // The one bad value fills two fields (created_at and event_at both read 'Opened'), so it is listed twice.
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^4,Opened,not a date,/);
  });

  it('answers the same file uploaded again with the import it is identical to', async () => {
    const first = (await app().inject({ method: 'GET', url: '/api/imports' })).json().imports[0];
    const up = (await app().inject({ method: 'POST', url: '/api/imports/uploads', ...multipart('cases.csv', vendorCsv) })).json();
    const mapping = {
      source: 'districtdesk',
      fields: { ticket_id: 'Case ID', created_at: 'Opened', event_at: 'Opened', group: 'Assignment Group', location: 'School', subject: 'Short Description' },
    };
    const res = await app().inject({ method: 'POST', url: '/api/imports', payload: { uploadId: up.upload.id, mapping } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'unchanged', importId: first.importId, ticketsImported: 0 });
    expect(res.json().notes).toEqual([`cases.csv is identical to import ${first.importId}; importing it again changes nothing`]);
  });

  it('has discarded the upload after importing it', async () => {
    const res = await app().inject({ method: 'POST', url: '/api/imports', payload: { uploadId } });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toBe('no such upload; upload the file again');
  });

  it('refuses a mapping without a ticket id column, naming the problem', async () => {
    const up = (await app().inject({ method: 'POST', url: '/api/imports/uploads', ...multipart('x.csv', vendorCsv) })).json();
    const res = await app().inject({ method: 'POST', url: '/api/imports', payload: { uploadId: up.upload.id, mapping: { fields: { created_at: 'Opened' } } } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/"fields.ticket_id" is required/);
    expect((await app().inject({ method: 'DELETE', url: `/api/imports/uploads/${up.upload.id}` })).statusCode).toBe(204);
  });

  it('answers a file that is not an export with a readable 422', async () => {
    const up = (await app().inject({ method: 'POST', url: '/api/imports/uploads', ...multipart('notes.csv', 'colour,size\nred,3\n') })).json();
    expect(up.preview.connector).toBeNull();
    const res = await app().inject({ method: 'POST', url: '/api/imports', payload: { uploadId: up.upload.id } });
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toMatch(/^notes\.csv: /);
  });

  it('neutralises formula cells in the rejected-rows CSV', async () => {
    const csv = 'ticket_id,created_at\nT9,@SUM(1)\nT10,2024-08-19T13:00:00Z\n';
    const up = (await app().inject({ method: 'POST', url: '/api/imports/uploads', ...multipart('f.csv', csv) })).json();
    const s = (await app().inject({ method: 'POST', url: '/api/imports', payload: { uploadId: up.upload.id } })).json();
    expect(s.message).toBeUndefined();
    const body = (await app().inject({ method: 'GET', url: `/api/imports/${s.importId}/rejects.csv` })).body;
    expect(body).toContain(",'@SUM(1),");
    expect(body).not.toContain(',@SUM');
  });
});

describe('import jobs and removal', () => {
  it('runs an import as a job whose progress ends in its summary, then removes it', async () => {
    const text = eventLogCsv([...pathEvents('J1', ['Desk', 'Payroll Team']), ...pathEvents('J2', ['Desk'])]);
    const up = (await app().inject({ method: 'POST', url: '/api/imports/uploads', ...multipart('jobs.csv', text) })).json();
    const before = (await app().inject({ method: 'GET', url: '/api/health' })).json().tickets;
    const start = await app().inject({ method: 'POST', url: '/api/imports/jobs', payload: { uploadId: up.upload.id } });
    expect(start.statusCode).toBe(202);
    const { jobId } = start.json();
    const job = await vi.waitFor(
      async () => {
        const state = (await app().inject({ method: 'GET', url: `/api/imports/jobs/${jobId}` })).json();
        expect(state.phase).toBe('done');
        return state;
      },
      { timeout: 20_000, interval: 20 },
    );
    expect(job).toMatchObject({ percent: 100, error: null, summary: { fileName: 'jobs.csv', status: 'succeeded', ticketsImported: 2 } });
    expect((await app().inject({ method: 'GET', url: '/api/health' })).json().tickets).toBe(before + 2);

    const removed = await app().inject({ method: 'DELETE', url: `/api/imports/${job.summary.importId}` });
    expect(removed.json()).toEqual({ importId: job.summary.importId, ticketsRemoved: 2, eventsRemoved: 3 });
    expect((await app().inject({ method: 'GET', url: '/api/health' })).json().tickets).toBe(before);
    const history = (await app().inject({ method: 'GET', url: '/api/imports' })).json().imports;
    expect(history.find((i: { importId: number }) => i.importId === job.summary.importId).status).toBe('removed');
  });

  it('answers removing an unknown import with 404', async () => {
    const res = await app().inject({ method: 'DELETE', url: '/api/imports/9999' });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toBe('there is no import 9999');
  });
});

describe('upload size limit', () => {
  it('stops an upload over the limit with 413 and a readable message', async () => {
    const db = await Database.open(':memory:');
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-upload-test-'));
    const small = injectingAs(await buildApp({ db, closeDatabase: true, uploadLimitBytes: 100, uploadDir: dir }), () => sessionFor(db, 'uploader'));
    try {
      const text = eventLogCsv(pathEvents('T1', ['Desk', 'Desk', 'Desk', 'Desk']));
      const res = await small.inject({ method: 'POST', url: '/api/imports/uploads', ...multipart('big.csv', text) });
      expect(res.statusCode).toBe(413);
      expect(res.json().message).toMatch(/^big\.csv is larger than the 0 MB upload limit/);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await small.close();
    }
  });
});
