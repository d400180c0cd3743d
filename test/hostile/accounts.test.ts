/**
 * Issue 20, accounts and files at rest: setup never reopens on a database with accounts;
 * the last active admin cannot be disabled or demoted (API and CLI); one account's wrong
 * passwords lock it with backoff whatever addresses they come from; cookies are Secure
 * behind a trusted proxy; a ticket of another department and a missing one get the same
 * answer; the database and backups are private; a damaged backup restores to one line.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import { buildApp } from '#dashboard/server/app.ts';
import { addUser } from '#dashboard/server/plugins/app/auth/accounts.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '#dashboard/server/plugins/app/auth/index.ts';
import { SignInLockout } from '#dashboard/server/plugins/app/auth/sign-in-lockout.ts';
import { backupDatabase } from '#cli/commands/backup.ts';
import { eventLogCsv, pathEvents } from '../helpers/event-log.ts';
import { sessionFor } from '../helpers/app.ts';

const scratch = mkdtempSync(join(tmpdir(), 'switchboard-hostile20-accounts-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const root = join(import.meta.dirname, '..', '..');
const cli = (...args: string[]) =>
  promisify(execFile)(process.execPath, ['bin/switchboard.js', ...args], { cwd: root }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

const STRONG = 'correct horse battery staple 42';

async function withApp<T>(work: (app: Awaited<ReturnType<typeof buildApp>>, db: Database) => Promise<T>, options: { trustProxy?: boolean } = {}): Promise<T> {
  const db = await Database.open(':memory:');
  const app = await buildApp({ db, closeDatabase: true, uploadDir: mkdtempSync(join(scratch, 'up-')), trustProxy: options.trustProxy ?? false });
  try {
    return await work(app, db);
  } finally {
    await app.close();
  }
}

describe('setup and the last admin (issue 20)', () => {
  it('setup is refused (409) once any account exists, even when every admin is disabled', async () => {
    await withApp(async (app, db) => {
      await addUser(db, { email: 'old.admin@district.test', role: 'admin' });
      await db.run("UPDATE users SET disabled = true WHERE email = 'old.admin@district.test'");
      expect((await app.inject({ url: '/api/auth/session' })).json().setupNeeded).toBe(false);
      const res = await app.inject({ method: 'POST', url: '/api/auth/setup', payload: { email: 'stranger@evil.test', password: STRONG } });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('SB_ERR_SETUP_DONE');
      const [{ n }] = await db.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM users');
      expect(n).toBe(1);
    });
  });

  it('the last active admin cannot be disabled or demoted through the API (409); with a second admin it can', async () => {
    await withApp(async (app, db) => {
      const admin = await sessionFor(db, 'admin');
      const as = { cookies: { [SESSION_COOKIE]: admin.token }, headers: { [CSRF_HEADER]: admin.csrfToken } };
      const patch = (payload: object) => app.inject({ method: 'PATCH', url: '/api/auth/users', payload, ...as });
      for (const change of [{ disabled: true }, { role: 'leader' }]) {
        const res = await patch({ email: admin.email, ...change });
        expect(res.statusCode).toBe(409);
        expect(res.json()).toEqual({ error: 'Conflict', code: 'SB_ERR_LAST_ADMIN', message: `${admin.email} is the last active admin; make another account admin first` });
      }
      expect((await app.inject({ method: 'POST', url: '/api/auth/users', payload: { email: 'second@district.test', role: 'admin' }, ...as })).statusCode).toBe(201);
      await db.run("INSERT INTO departments (department) VALUES ('Payroll')"); // a head's department must be on the managed list
      const demoted = await patch({ email: 'second@district.test', role: 'department_head', departments: ['Payroll'] });
      expect(demoted.statusCode).toBe(200);
      expect(demoted.json()).toMatchObject({ role: 'department_head', departments: ['Payroll'] });
      expect((await patch({ email: 'nobody@district.test', disabled: true })).statusCode).toBe(404);
    });
  });

  it('the CLI refuses to disable the last active admin with one line and status 1', async () => {
    const file = join(scratch, 'cli-users.duckdb');
    const add = await cli('users', 'add', '--email', 'only.admin@district.test', '--role', 'admin', '--no-password', '--db', file);
    expect(add.code).toBe(0);
    const disable = await cli('users', 'disable', '--email', 'only.admin@district.test', '--db', file);
    expect(disable.code).toBe(1);
    expect(disable.stderr).toBe('switchboard users: only.admin@district.test is the last active admin; make another account admin first\n');
    // The database file is private to its owner.
    expect(statSync(file).mode & 0o777).toBe(0o600);
  }, 30_000);
});

describe('per-account sign-in lockout (issue 20)', () => {
  it('the fifth wrong password locks for 1 minute, then 2, 4 ... at most an hour; a success clears it', () => {
    let now = 0;
    const lockout = new SignInLockout(undefined, () => now);
    expect([1, 2, 3, 4].map(() => lockout.fail('A@district.test'))).toEqual([0, 0, 0, 0]);
    const locks: number[] = [];
    for (let i = 0; i < 9; i++) {
      locks.push(lockout.fail('a@district.test'));
      now += locks[locks.length - 1];
    }
    expect(locks.map((ms) => ms / 60_000)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    lockout.succeed('a@district.test');
    expect(lockout.lockedFor('a@district.test')).toBe(0);
  });

  it('six tries from six addresses: five 401s, then 429 even with the right password', async () => {
    await withApp(async (app, db) => {
      await addUser(db, { email: 'head@district.test', role: 'leader', password: STRONG });
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await app.inject({ method: 'POST', url: '/api/auth/signin', remoteAddress: `10.0.0.${i + 1}`, payload: { email: 'head@district.test', password: `wrong guess ${i}` } });
        statuses.push(res.statusCode);
      }
      const right = await app.inject({ method: 'POST', url: '/api/auth/signin', remoteAddress: '10.0.0.6', payload: { email: 'HEAD@district.test', password: STRONG } });
      statuses.push(right.statusCode);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      expect(right.json()).toEqual({ error: 'Too Many Requests', code: 'SB_ERR_ACCOUNT_LOCKED', message: 'too many wrong passwords for this account; try again in 60 s, or ask an admin' });
      expect(right.headers['retry-after']).toBe('60');
    });
  }, 30_000);
});

describe('behind a reverse proxy (issue 20)', () => {
  const setupCookies = (trustProxy: boolean) =>
    withApp(async (app) => {
      const res = await app.inject({ method: 'POST', url: '/api/auth/setup', headers: { 'x-forwarded-proto': 'https' }, payload: { email: 'first@district.test', password: STRONG } });
      expect(res.statusCode).toBe(201);
      return ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    }, { trustProxy });

  it('with trustProxy the session cookies are Secure when the proxy says https; without it they are not', async () => {
    const trusted = await setupCookies(true);
    expect(trusted).toHaveLength(2);
    for (const c of trusted) expect(c).toMatch(/; Secure/);
    const untrusted = await setupCookies(false);
    for (const c of untrusted) expect(c).not.toMatch(/; Secure/);
  }, 30_000);
});

describe("one answer for a ticket that is not the caller's to see (issue 20)", () => {
  it("another department's ticket and a ticket that does not exist get the same 404 and body", async () => {
    await withApp(async (app, db) => {
      await db.run("INSERT INTO departments (department) VALUES ('Technology'), ('Payroll')");
      await db.run("INSERT INTO group_departments VALUES ('IT Service Desk', 'Technology'), ('Payroll Team', 'Payroll')");
      const seed = join(scratch, 'seed.csv');
      writeFileSync(seed, eventLogCsv([...pathEvents('B1', ['Payroll Team']), ...pathEvents('B2', ['IT Service Desk'])]));
      await importFile(db, seed);
      const head = await sessionFor(db, 'department_head', ['Payroll']);
      const get = (id: string) => app.inject({ url: `/api/tickets/generic/${id}`, cookies: { [SESSION_COOKIE]: head.token } });
      expect((await get('B1')).statusCode).toBe(200);
      const elsewhere = await get('B2');
      const missing = await get('NO-SUCH-TICKET');
      expect([elsewhere.statusCode, missing.statusCode]).toEqual([404, 404]);
      expect(elsewhere.json()).toEqual({ error: 'Not Found', code: 'SB_ERR_NOT_FOUND', message: 'no such ticket' });
      expect(missing.body).toBe(elsewhere.body);
    });
  });
});

describe('files at rest (issue 20)', () => {
  it('a backup folder is 0700 and its files 0600; a damaged backup restores to one line and no file', async () => {
    const file = join(scratch, 'to-back-up.duckdb');
    const db = await Database.open(file);
    await addUser(db, { email: 'keeper@district.test', role: 'admin' });
    const dir = join(scratch, 'backup');
    await backupDatabase(db, dir);
    await db.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dir);
    expect(files).toContain('users.parquet');
    for (const f of files) expect([f, statSync(join(dir, f)).mode & 0o777]).toEqual([f, 0o600]);

    truncateSync(join(dir, 'users.parquet'), 20);
    const target = join(scratch, 'restored.duckdb');
    const restore = await cli('restore', '--from', dir, '--db', target);
    expect(restore.code).toBe(1);
    const lines = restore.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^switchboard restore: ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} could not be restored \\(.+\\); nothing was written to .*restored\\.duckdb\\. Use another backup$`));
    expect(restore.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(target)).toBe(false);
  }, 30_000);
});
