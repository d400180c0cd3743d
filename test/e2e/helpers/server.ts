/**
 * Starts the real server (`switchboard serve`) on a free loopback port, as a person would
 * with `npm start`, and stops it with SIGINT the way Ctrl-C does.
 *
 * Before the first start on a new database it creates the first admin with the CLI
 * (`switchboard users add --role admin`, the password in SWITCHBOARD_PASSWORD, never in
 * argv), unless `firstAdmin: false` asks for a fresh install that nobody has set up. `signIn(page)` signs a browser page in through the sign-in form; `fetch(path)`
 * calls the API with that admin's session.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export const E2E_ADMIN = { email: 'admin@district.test', password: 'correct horse battery staple' } as const;

export interface RunningServer {
  url: string;
  dbPath: string;
  /** Signs a page in as the admin through the sign-in form, leaving it on `next` (default '/'). */
  /** Signs `page` in through the form, as the admin or as `who`, and waits for `next`. */
  signIn: (page: Page, next?: string, who?: { email: string; password: string }) => Promise<void>;
  /** fetch() against the server with the admin's session cookie and CSRF header. */
  fetch: (path: string, init?: RequestInit) => Promise<Response>;
  process: ChildProcess;
  output: () => string;
  /**
   * Ctrl-C, and the exit code. With `killAfterMs`, a server still running after that long
   * is killed (exit code null, signal SIGKILL) so a test that is not about shutdown ends.
   */
  stop: (options?: { killAfterMs?: number }) => Promise<number | null>;
}

export interface StartOptions {
  dbPath?: string;
  args?: string[];
  /** Create the first admin (E2E_ADMIN) before starting. Default true; false leaves setup to the first visitor. */
  firstAdmin?: boolean;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const port = await freePort();
  const dbPath = options.dbPath ?? join(mkdtempSync(join(tmpdir(), 'switchboard-e2e-')), 'e2e.duckdb');
  const root = join(import.meta.dirname, '..', '..', '..');
  if (!existsSync(dbPath) && options.firstAdmin !== false) {
    const made = spawnSync(process.execPath, ['bin/switchboard.js', 'users', 'add', '--email', E2E_ADMIN.email, '--role', 'admin', '--db', dbPath], {
      cwd: root,
      env: { ...process.env, SWITCHBOARD_PASSWORD: E2E_ADMIN.password },
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (made.status !== 0) throw new Error(`could not create the first admin: ${made.stderr}`);
  }
  const child = spawn(process.execPath, ['bin/switchboard.js', 'serve', '--db', dbPath, '--port', String(port), ...(options.args ?? [])], {
    cwd: join(import.meta.dirname, '..', '..', '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  await new Promise<void>((resolve, reject) => {
    const onData = () => {
      if (output.includes('is serving http://')) resolve();
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before serving:\n${output}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  let session: Promise<{ cookie: string; csrf: string }> | null = null;
  const apiSession = async () => {
    const res = await fetch(`${url}/api/auth/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(E2E_ADMIN),
    });
    if (res.status !== 200) throw new Error(`sign-in failed with ${res.status}: ${await res.text()}`);
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
  };
  return {
    url,
    dbPath,
    signIn: async (page, next = '/', who = E2E_ADMIN) => {
      await page.goto(`${url}/signin?next=${encodeURIComponent(next)}`);
      await page.getByLabel('Email').fill(who.email);
      await page.getByLabel('Password').fill(who.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((u) => u.pathname === next.split('?')[0]);
    },
    fetch: async (path, init = {}) => {
      session ??= apiSession();
      const { cookie, csrf } = await session;
      return fetch(`${url}${path}`, { ...init, headers: { cookie, 'x-csrf-token': csrf, ...(init.headers as Record<string, string> | undefined) } });
    },
    process: child,
    output: () => output,
    stop: (stopOptions = {}) =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        const kill = stopOptions.killAfterMs ? setTimeout(() => child.kill('SIGKILL'), stopOptions.killAfterMs) : undefined;
        child.once('exit', (code) => {
          clearTimeout(kill);
          resolve(code);
        });
        child.kill('SIGINT');
      }),
  };
}
