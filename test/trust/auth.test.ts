/**
 * Local accounts, sessions, the first-admin setup, CSRF, rate limits and security headers,
 * through the real app with app.inject.
 */
import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/app.ts';
import { hashPassword, verifyPassword } from '#dashboard/server/plugins/app/auth/passwords.ts';
import { SIGN_IN_PER_MINUTE } from '#dashboard/server/plugins/external/rate-limit.ts';

const { anonymous, db } = useApp(async () => undefined);
const PASSWORD = 'a long enough secret phrase';

const cookiesOf = (res: { cookies: { name: string; value: string }[] }) => Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));

describe('passwords', () => {
  it('salts every hash and checks it', async () => {
    const a = await hashPassword(PASSWORD);
    const b = await hashPassword(PASSWORD);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(PASSWORD, a)).toBe(true);
    expect(await verifyPassword(`${PASSWORD}!`, a)).toBe(false);
    expect(await verifyPassword(PASSWORD, null)).toBe(false);
  });
});

describe('first visit, sign-in and sign-out', () => {
  it('asks for the first admin, makes one, and refuses a second setup', async () => {
    const app = anonymous();
    expect((await app.inject({ method: 'GET', url: '/api/auth/session' })).json()).toEqual({ user: null, csrfToken: null, passwordChangeRequired: false, setupNeeded: true, oidc: false });
    expect((await app.inject({ method: 'GET', url: '/api/figures/first-landing' })).statusCode).toBe(401);
    const weak = await app.inject({ method: 'POST', url: '/api/auth/setup', payload: { email: 'head@district.test', password: 'short' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().code).toBe('SB_ERR_WEAK_PASSWORD');
    const made = await app.inject({ method: 'POST', url: '/api/auth/setup', payload: { email: 'Head@District.test', password: PASSWORD } });
    expect(made.statusCode).toBe(201);
    expect(made.json().user).toMatchObject({ email: 'head@district.test', role: 'admin' });
    const session = made.cookies.find((c) => c.name === 'sb_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const again = await app.inject({ method: 'POST', url: '/api/auth/setup', payload: { email: 'other@district.test', password: PASSWORD } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('SB_ERR_SETUP_DONE');
    const [{ n }] = await db().all<{ n: number }>("SELECT count(*)::INTEGER AS n FROM users WHERE role = 'admin'");
    expect(n).toBe(1);
  });

  it('signs in with the right password only, and stores no session token', async () => {
    const app = anonymous();
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/signin', payload: { email: 'head@district.test', password: 'not the password' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('SB_ERR_BAD_CREDENTIALS');
    const unknown = await app.inject({ method: 'POST', url: '/api/auth/signin', payload: { email: 'nobody@district.test', password: PASSWORD } });
    expect(unknown.json()).toEqual(wrong.json());
    const ok = await app.inject({ method: 'POST', url: '/api/auth/signin', payload: { email: 'HEAD@district.test', password: PASSWORD } });
    expect(ok.statusCode).toBe(200);
    const cookies = cookiesOf(ok);
    expect(await db().all('SELECT 1 FROM sessions WHERE token_hash = $1', [cookies.sb_session])).toEqual([]);
    const me = await app.inject({ method: 'GET', url: '/api/auth/session', cookies });
    expect(me.json().user.email).toBe('head@district.test');
    expect(me.json().csrfToken).toBe(ok.json().csrfToken);
    expect((await app.inject({ method: 'GET', url: '/api/settings', cookies })).statusCode).toBe(200);

    // A change without the CSRF token is refused; with it, it goes through; another site's origin never.
    const noToken = await app.inject({ method: 'POST', url: '/api/auth/users', cookies, payload: { email: 'lead@district.test', role: 'leader' } });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().code).toBe('SB_ERR_CSRF');
    const headers = { 'x-csrf-token': cookies.sb_csrf };
    const crossSite = await app.inject({ method: 'POST', url: '/api/auth/users', cookies, headers: { ...headers, origin: 'https://evil.example' }, payload: { email: 'lead@district.test', role: 'leader' } });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().code).toBe('SB_ERR_CROSS_SITE');
    const added = await app.inject({ method: 'POST', url: '/api/auth/users', cookies, headers, payload: { email: 'lead@district.test', role: 'leader' } });
    expect(added.statusCode).toBe(201);

    const out = await app.inject({ method: 'POST', url: '/api/auth/signout', cookies, headers });
    expect(out.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/settings', cookies })).statusCode).toBe(401);
  });

  // A different account each time: one account's own lockout (sign-in-lockout.ts) would stop it sooner.
  it(`limits sign-in attempts to ${SIGN_IN_PER_MINUTE} a minute from one address`, async () => {
    const app = anonymous();
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_PER_MINUTE + 1; i++) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/signin', remoteAddress: '10.9.9.9', payload: { email: `head${i}@district.test`, password: `guess number ${i}` } });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([...Array(SIGN_IN_PER_MINUTE).fill(401), 429]);
  });

  it('sends security headers', async () => {
    const res = await anonymous().inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'");
  });
});
