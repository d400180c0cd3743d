/**
 * A temporary password (an admin's invitation or reset) signs in only to choose one's own:
 * the sign-in says so, the session answers nothing but the new-password form's routes, and
 * the new password lifts that. On the four-ticket district (test/api/district-fixture.ts);
 * the tests run in order, as the invited Payroll head's first day.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { seedDistrict } from './district-fixture.ts';
import { useApp } from '../helpers/app.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '#dashboard/server/plugins/app/auth/index.ts';

const { app, db, anonymous } = useApp(seedDistrict);
const EMAIL = 'pat@district.test';
const CHOSEN = 'blue heron over the lake';
let temporary = '';
let session = { token: '', csrf: '' };

/** The session a sign-in (or a password change) set in its cookies. */
function sessionOf(res: LightMyRequestResponse) {
  const cookie = (name: string) => res.cookies.find((c) => c.name === name)?.value ?? '';
  return { token: cookie(SESSION_COOKIE), csrf: cookie('sb_csrf') };
}
const signIn = (password: string) => anonymous().inject({ method: 'POST', url: '/api/auth/signin', payload: { email: EMAIL, password } });
const asPat = (method: 'GET' | 'POST', url: string, payload?: object, s = session) =>
  (anonymous() as FastifyInstance).inject({ method, url, payload, cookies: { [SESSION_COOKIE]: s.token }, headers: { [CSRF_HEADER]: s.csrf } });
const REQUIRED = {
  error: 'Forbidden', code: 'SB_ERR_PASSWORD_CHANGE_REQUIRED',
  message: 'choose your own password first (the page /password): the one an admin gave you works only for that',
};

describe('choosing your own password after a temporary one', () => {
  it('signs the invited person in with passwordChangeRequired', async () => {
    const invite = await app().inject({ method: 'POST', url: '/api/admin/users', payload: { email: EMAIL, role: 'department_head', departments: ['Payroll'] } });
    expect(invite.statusCode).toBe(201);
    temporary = invite.json().temporaryPassword;
    const res = await signIn(temporary);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user: { email: EMAIL, role: 'department_head' }, passwordChangeRequired: true });
    session = sessionOf(res);
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const info = await asPat('GET', '/api/auth/session');
    expect(info.json()).toMatchObject({ user: { email: EMAIL }, passwordChangeRequired: true });
    const listed = (await app().inject({ method: 'GET', url: '/api/auth/users' })).json().find((u: { email: string }) => u.email === EMAIL);
    expect(listed.passwordChangeRequired).toBe(true);
  });

  it('answers nothing else until then, not even a public route', async () => {
    for (const url of ['/api/figures/summary', '/api/settings', '/api/tickets?department=Payroll', '/api/filter-options', '/api/health']) {
      const res = await asPat('GET', url);
      expect([url, res.statusCode, res.json()]).toEqual([url, 403, REQUIRED]);
    }
    const write = await asPat('POST', '/api/saved-views', { name: 'Mine', query: '' });
    expect([write.statusCode, write.json()]).toEqual([403, REQUIRED]);
  });

  it('refuses a wrong current password, a short one, the temporary one again, and a call without the CSRF token', async () => {
    const wrong = await asPat('POST', '/api/auth/password', { currentPassword: 'not the one given', newPassword: CHOSEN });
    expect([wrong.statusCode, wrong.json()]).toEqual([401, { error: 'Unauthorized', code: 'SB_ERR_BAD_CREDENTIALS', message: 'the current password is wrong; it is the one you signed in with' }]);
    const short = await asPat('POST', '/api/auth/password', { currentPassword: temporary, newPassword: 'heron' });
    expect([short.statusCode, short.json()]).toEqual([400, { error: 'Bad Request', code: 'SB_ERR_WEAK_PASSWORD', message: 'the password needs at least 12 characters' }]);
    const same = await asPat('POST', '/api/auth/password', { currentPassword: temporary, newPassword: temporary });
    expect([same.statusCode, same.json().message]).toEqual([400, 'the new password must differ from the one you were given']);
    const noCsrf = await asPat('POST', '/api/auth/password', { currentPassword: temporary, newPassword: CHOSEN }, { ...session, csrf: 'x' });
    expect([noCsrf.statusCode, noCsrf.json().code]).toEqual([403, 'SB_ERR_CSRF']);
    const nobody = await anonymous().inject({ method: 'POST', url: '/api/auth/password', payload: { currentPassword: temporary, newPassword: CHOSEN } });
    expect([nobody.statusCode, nobody.json().code]).toEqual([401, 'SB_ERR_SIGN_IN_REQUIRED']);
    // Still restricted.
    expect((await asPat('GET', '/api/figures/summary')).statusCode).toBe(403);
  });

  it('sets the new password, ends the old session and answers in a new one', async () => {
    const res = await asPat('POST', '/api/auth/password', { currentPassword: temporary, newPassword: CHOSEN });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user: { email: EMAIL, departments: ['Payroll'] }, passwordChangeRequired: false });
    const old = session;
    session = sessionOf(res);
    expect(session.token).not.toBe(old.token);
    expect((await asPat('GET', '/api/auth/session', undefined, old)).json()).toMatchObject({ user: null, passwordChangeRequired: false });
    expect((await asPat('GET', '/api/figures/summary')).statusCode).toBe(200);
    expect((await asPat('GET', '/api/auth/session')).json()).toMatchObject({ user: { email: EMAIL }, passwordChangeRequired: false });
    expect((await signIn(temporary)).statusCode).toBe(401);
    const listed = (await app().inject({ method: 'GET', url: '/api/auth/users' })).json().find((u: { email: string }) => u.email === EMAIL);
    expect(listed.passwordChangeRequired).toBe(false);
    const again = await signIn(CHOSEN);
    expect([again.statusCode, again.json().passwordChangeRequired]).toEqual([200, false]);
  });

  it("requires a new choice after an admin's reset, and logs both choices", async () => {
    const reset = await app().inject({ method: 'POST', url: '/api/admin/users/reset-password', payload: { email: EMAIL } });
    const res = await signIn(reset.json().temporaryPassword);
    expect([res.statusCode, res.json().passwordChangeRequired]).toEqual([200, true]);
    session = sessionOf(res);
    expect((await asPat('GET', '/api/figures/summary')).statusCode).toBe(403);
    const chosen = await asPat('POST', '/api/auth/password', { currentPassword: reset.json().temporaryPassword, newPassword: `${CHOSEN} again` });
    expect(chosen.statusCode).toBe(200);
    expect(await db().all("SELECT password_change_required FROM users WHERE email = 'pat@district.test'")).toEqual([{ password_change_required: false }]);
    const entries = (await app().inject({ method: 'GET', url: '/api/admin/audit' })).json().entries as { actor: string; action: string; target: string; detail: string }[];
    expect(entries.slice(0, 4).map(({ actor, action, target, detail }) => [actor === EMAIL ? 'pat' : 'admin', action, target, detail])).toEqual([
      ['pat', 'user.choose-password', EMAIL, 'chose their own password in place of the temporary one'],
      ['admin', 'user.reset-password', EMAIL, 'temporary password set; sessions ended'],
      ['pat', 'user.choose-password', EMAIL, 'chose their own password in place of the temporary one'],
      ['admin', 'user.invite', EMAIL, 'invited as department_head of Payroll'],
    ]);
  });
});
