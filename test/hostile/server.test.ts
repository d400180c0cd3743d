/**
 * Issue 20, the server: what used to answer 500 answers a clear 4xx with one exact status;
 * a failed preview keeps no file; six hostile workbooks at once leave the server up, its
 * memory bounded and its upload folder empty; a body that trickles in is cut off; uploads
 * expire and a dead server's upload folder goes at the next start; request logs carry an
 * id and no query text. The database hashes the same after every refusal.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import { buildApp } from '#dashboard/server/app.ts';
import { loggableError } from '#dashboard/server/errors.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '#dashboard/server/plugins/app/auth/index.ts';
import { removeOrphanUploadFolders, UploadStore } from '#dashboard/server/plugins/app/uploads.ts';
import { BusyError, WorkLimit } from '#dashboard/server/plugins/app/work-limit.ts';
import { eventLogCsv, pathEvents } from '../helpers/event-log.ts';
import { sessionFor, type TestSession } from '../helpers/app.ts';
import { tableChecksums } from './snapshot.ts';
import { CSV_HEADER, lateInvalidUtf8, peakRss, wideCsv, workbookBytes, writeGzipBomb } from './hostile-files.ts';

const scratch = mkdtempSync(join(tmpdir(), 'switchboard-hostile20-server-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function multipart(fileName: string, body: Buffer | string) {
  const boundary = '----switchboard-hostile-boundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.isBuffer(body) ? body : Buffer.from(body),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

let db: Database;
let app: FastifyInstance;
let admin: TestSession;
const uploadDir = join(scratch, 'uploads');
const logLines: string[] = [];

beforeAll(async () => {
  db = await Database.open(':memory:');
  await db.run("INSERT INTO departments (department) VALUES ('Technology'), ('Payroll')");
  await db.run("INSERT INTO group_departments VALUES ('IT Service Desk', 'Technology'), ('Payroll Team', 'Payroll')");
  const seed = join(scratch, 'seed.csv');
  writeFileSync(seed, eventLogCsv([...pathEvents('B1', ['IT Service Desk', 'Payroll Team']), ...pathEvents('B2', ['IT Service Desk'])]));
  await importFile(db, seed);
  const stream = new Writable({
    write(chunk, _enc, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  app = await buildApp({ db, closeDatabase: true, uploadDir, logger: { stream }, fileWork: { concurrent: 2, queued: 4 } });
  admin = await sessionFor(db, 'admin');
});
afterAll(async () => {
  await app.close();
});

const signedIn = () => ({ cookies: { [SESSION_COOKIE]: admin.token }, headers: { [CSRF_HEADER]: admin.csrfToken } });

async function upload(fileName: string, body: Buffer | string) {
  const m = multipart(fileName, body);
  const s = signedIn();
  return app.inject({ method: 'POST', url: '/api/imports/uploads', payload: m.payload, cookies: s.cookies, headers: { ...s.headers, ...m.headers } });
}

describe('what answered 500 answers one clear status (issue 20)', () => {
  it('?from=2024-02-30, a day that does not exist: 400', async () => {
    const res = await app.inject({ url: '/api/tickets?from=2024-02-30', ...signedIn() });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'Bad Request', code: 'SB_ERR_BAD_FILTER', message: "from '2024-02-30' is not a day of the calendar" });
    const figures = await app.inject({ url: '/api/figures/summary?to=2023-02-29', ...signedIn() });
    expect(figures.statusCode).toBe(400);
    expect(figures.json().message).toBe("to '2023-02-29' is not a day of the calendar");
    // A real leap day is a day.
    expect((await app.inject({ url: '/api/tickets?from=2024-02-29', ...signedIn() })).statusCode).toBe(200);
  });

  it('an Origin header that is not a URL: 400', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/signout', headers: { origin: 'foo' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'Bad Request', code: 'SB_ERR_BAD_ORIGIN', message: "the Origin header 'foo' is not a URL (scheme://host); send the page's own origin or none",
    });
  });

  const before = () => tableChecksums(db);
  it.each([
    // The probe's field was 50 MB; 8 MB meets the same limit in a fifth of the time.
    ['a CSV with an 8 MB field', 'big-field.csv', () => CSV_HEADER + 'H1,2024-08-19 08:00:00,IT Service Desk,' + 'y'.repeat(8 * 1024 * 1024) + '\n',
      'SB_ERR_UNREADABLE', /^big-field\.csv: a row is longer than 2000000 bytes, the most one row may hold/],
    ['invalid UTF-8 after the first 256 KB', 'mixed.csv', () => lateInvalidUtf8(8000, { earlyUtf8: true }),
      'SB_ERR_UNREADABLE', /^mixed\.csv: line 8002 \(byte \d+\) is not valid UTF-8/],
    ['a CSV of 100,000 columns', 'wide.csv', () => wideCsv(100_000),
      'SB_ERR_UNREADABLE', /^wide\.csv: its header has more than the 16,384 columns a spreadsheet can hold/],
  ] as const)('%s: 422, the upload removed, the database unchanged', async (_label, fileName, body, code, message) => {
    const hashes = await before();
    const res = await upload(fileName, body());
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe(code);
    expect(res.json().message).toMatch(message);
    expect(res.json().message).not.toContain(uploadDir);
    expect(readdirSync(uploadDir)).toEqual([]);
    expect(await tableChecksums(db)).toEqual(hashes);
  });

  it('a 100 MB .csv.gz bomb: 422 at its budget, nothing unpacked to disk, the upload removed', async () => {
    const path = join(scratch, 'bomb.csv.gz');
    await writeGzipBomb(path, 100);
    const hashes = await tableChecksums(db);
    const tempsBefore = readdirSync(tmpdir()).filter((n) => n.startsWith('switchboard-import-'));
    const res = await upload('bomb.csv.gz', readFileSync(path));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'SB_ERR_BAD_ARCHIVE' });
    expect(res.json().message).toMatch(/^bomb\.csv\.gz: expands past 67108864 bytes from \d+ compressed bytes, more than 200 times/);
    expect(readdirSync(uploadDir)).toEqual([]);
    // The copy the preview began was removed with the refusal.
    const tempsAfter = readdirSync(tmpdir()).filter((n) => n.startsWith('switchboard-import-'));
    expect(tempsAfter.filter((n) => !tempsBefore.includes(n))).toEqual([]);
    expect(await tableChecksums(db)).toEqual(hashes);
  });
});

describe('six hostile workbooks at once (issue 20, at a smaller scale)', () => {
  it('all six are refused, the server stays up, memory stays bounded, the upload folder is empty', async () => {
    // Each sheet part: 40 MB of XML deflated to about 40 KB, refused once 32 MB are inflated.
    const sst = '<sst><si><t>ticket_id</t></si><si><t>subject</t></si></sst>';
    const bytes = workbookBytes(sst, [[0, 1]], ' '.repeat(40 * 1024 * 1024));
    const hashes = await tableChecksums(db);
    const { result, peakMb, beforeMb } = await peakRss(() => Promise.all(Array.from({ length: 6 }, (_, i) => upload(`hostile-${i}.xlsx`, bytes))));
    expect(result.map((r) => r.statusCode)).toEqual([422, 422, 422, 422, 422, 422]);
    for (const [i, r] of result.entries()) {
      expect(r.json().message).toMatch(new RegExp(`^hostile-${i}\\.xlsx: part 'xl/worksheets/sheet1\\.xml' expands more than 200 times`));
    }
    expect(peakMb).toBeLessThan(1536);
    expect(peakMb - beforeMb).toBeLessThan(400);
    expect((await app.inject({ url: '/api/health', ...signedIn() })).statusCode).toBe(200);
    expect(readdirSync(uploadDir)).toEqual([]);
    expect(await tableChecksums(db)).toEqual(hashes);
  }, 60_000);

  it('beyond the running and waiting slots, work is refused at once with 503 (the work limit)', async () => {
    const limit = new WorkLimit(2, 1);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const running = [limit.run(() => gate), limit.run(() => gate), limit.run(() => gate)];
    expect(limit.active).toBe(2);
    const refused = await limit.run(() => gate).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BusyError);
    expect(refused).toMatchObject({ statusCode: 503, code: 'SB_ERR_BUSY' });
    release();
    await Promise.all(running);
    expect(limit.active).toBe(0);
  });
});

describe('a slow upload body (issue 20)', () => {
  it('one byte every 200 ms is cut off with 408 at the request timeout (1 s here)', async () => {
    const slowDb = await Database.open(':memory:');
    const session = await sessionFor(slowDb, 'admin');
    const slow = await buildApp({ db: slowDb, closeDatabase: true, uploadDir: join(scratch, 'slow-uploads'), requestTimeoutMs: 1000 });
    await slow.listen({ port: 0, host: '127.0.0.1' });
    const port = (slow.server.address() as { port: number }).port;
    const started = Date.now();
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1');
        let text = '';
        let timer: NodeJS.Timeout | undefined;
        socket.on('connect', () => {
          socket.write(
            `POST /api/imports/uploads HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${SESSION_COOKIE}=${session.token}\r\n${CSRF_HEADER}: ${session.csrfToken}\r\n` +
              'Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="slow.csv"\r\n\r\n',
          );
          timer = setInterval(() => socket.writable && socket.write('x'), 200);
        });
        socket.on('data', (d) => (text += String(d)));
        socket.on('close', () => {
          clearInterval(timer);
          resolve(text);
        });
        socket.on('error', (e) => {
          clearInterval(timer);
          if (text) resolve(text);
          else reject(e);
        });
      });
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({
        error: 'Request Timeout', code: 'SB_ERR_BODY_TIMEOUT', message: 'the request body did not arrive within 1 s; send the file again over a faster connection',
      });
      expect(Date.now() - started).toBeLessThan(5000);
      // The half-written upload is removed when its read fails.
      await vi.waitFor(() => expect(readdirSync(join(scratch, 'slow-uploads'))).toEqual([]), { timeout: 2000, interval: 50 });
    } finally {
      await slow.close();
    }
  }, 20_000);
});

describe('uploads expire and are cleaned (issue 20)', () => {
  it('an upload not imported within its time to live is removed', async () => {
    const store = new UploadStore(join(scratch, 'ttl'), 60_000);
    const t0 = 1_000_000;
    const up = await store.save(Readable.from([Buffer.from('a,b\n1,2\n')]), 'x.csv', t0);
    expect(readdirSync(store.dir)).toEqual([`${up.id}.upload`]);
    expect(store.expire(t0 + 60_000)).toBe(0);
    expect(store.expire(t0 + 60_001)).toBe(1);
    expect(store.get(up.id, t0 + 60_001)).toBeUndefined();
    expect(readdirSync(store.dir)).toEqual([]);
    store.close();
  });

  it("at start, the upload folders of servers that died are removed and a live one's kept; a given folder is emptied", async () => {
    const parent = join(scratch, 'tmp-parent');
    // A process id above the kernel's pid_max (4,194,304) never runs.
    for (const name of ['switchboard-uploads-4999999-abc', `switchboard-uploads-${process.pid}-def`, 'switchboard-uploads-1-ghi', 'unrelated']) {
      mkdirSync(join(parent, name), { recursive: true });
      writeFileSync(join(parent, name, 'f.upload'), 'x');
    }
    expect(removeOrphanUploadFolders(parent)).toEqual(['switchboard-uploads-4999999-abc']);
    expect(readdirSync(parent).sort()).toEqual([`switchboard-uploads-${process.pid}-def`, 'switchboard-uploads-1-ghi', 'unrelated'].sort());
    const given = join(parent, 'unrelated');
    const store = new UploadStore(given);
    expect(readdirSync(given)).toEqual([]);
    store.close();
  });
});

describe('request logs (issue 20)', () => {
  it("a server error's log line keeps the error's type, code and frames, never the values its message quoted", () => {
    const error = Object.assign(new Error("Conversion Error: Could not convert string 'Payroll: my SSN is 123' to INT32\nLINE 1: SELECT ..."), { code: 'X1' });
    const logged = loggableError(error);
    expect(logged).toMatchObject({ type: 'Error', code: 'X1', message: "Conversion Error: Could not convert string '…' to INT32" });
    expect(logged.stack.length).toBeGreaterThan(0);
    expect(JSON.stringify(logged)).not.toContain('SSN');
  });

  it('each request is logged with a random id, echoed in X-Request-Id, and no query text', async () => {
    logLines.length = 0;
    const res = await app.inject({ url: '/api/tickets?search=Secret%20subject%20of%20a%20ticket', ...signedIn() });
    const id = String(res.headers['x-request-id']);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const lines = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.reqId === id);
    expect(lines.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
    expect(lines[0].req).toEqual({ method: 'GET', path: '/api/tickets', remoteAddress: '127.0.0.1' });
    expect(logLines.join('\n')).not.toContain('Secret');
  });
});
