/**
 * Signing the bench in, where the server asks for it. A database gets a bench admin through
 * the CLI (`switchboard users add`, the password in SWITCHBOARD_PASSWORD, never in argv);
 * the API is then called with that admin's session cookie and CSRF header, and the browser
 * gets the same cookie, so page timings measure the overview, not the sign-in form.
 * Where the server has no sign-in (no `users` command, no /api/auth/signin), nothing is sent.
 */
import { spawnSync } from 'node:child_process';

export const BENCH_ADMIN = { email: 'bench@district.test', password: 'loopback timing correct horse battery staple' } as const;

export interface Session {
  /** Request headers to send, empty where the server has no sign-in. */
  headers: Record<string, string>;
  cookies: { name: string; value: string }[];
}

/** Adds the bench admin to a database no process holds; false where the CLI has no users command. */
export function addBenchAdmin(root: string, dbPath: string): boolean {
  const made = spawnSync(process.execPath, ['bin/switchboard.js', 'users', 'add', '--email', BENCH_ADMIN.email, '--role', 'admin', '--db', dbPath], {
    cwd: root,
    env: { ...process.env, SWITCHBOARD_PASSWORD: BENCH_ADMIN.password },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (made.status === 0) return true;
  if (/unknown command/.test(made.stderr)) return false;
  throw new Error(`could not add the bench admin: ${made.stderr}`);
}

export async function signIn(baseUrl: string): Promise<Session> {
  const post = () =>
    fetch(`${baseUrl}/api/auth/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(BENCH_ADMIN),
    });
  let res = await post();
  if (res.status === 429) {
    // Sign-in attempts are rate-limited; the bench signs in once per server start, so wait once.
    const seconds = Number(/(\d+) seconds?/.exec(await res.text())?.[1] ?? res.headers.get('retry-after') ?? 30);
    await new Promise((r) => setTimeout(r, Math.min(seconds + 1, 90) * 1000));
    res = await post();
  }
  if (res.status === 404) return { headers: {}, cookies: [] };
  if (res.status !== 200) throw new Error(`bench sign-in failed with ${res.status}: ${await res.text()}`);
  const pairs = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  const body = (await res.json()) as { csrfToken?: string };
  const headers: Record<string, string> = { cookie: pairs.join('; ') };
  if (body.csrfToken) headers['x-csrf-token'] = body.csrfToken;
  const cookies = pairs.map((p) => {
    const at = p.indexOf('=');
    return { name: p.slice(0, at), value: p.slice(at + 1) };
  });
  return { headers, cookies };
}
