/**
 * OpenID Connect sign-in against a real provider (oidc-provider) on loopback: code flow
 * with PKCE, state and nonce, the account matched by email to its role and departments.
 * The provider's login and consent steps are answered by this test as the person would.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Database } from '#core/db/database.ts';
import { buildApp } from '#dashboard/server/app.ts';
import { addUser } from '#dashboard/server/plugins/app/auth/accounts.ts';

const REDIRECT = 'http://127.0.0.1:3999/api/auth/oidc/callback';
let server: Server;
let issuer: string;
let app: FastifyInstance;
let db: Database;
let signInAs = 'sso.head@district.test';

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'switchboard', client_secret: 'a-test-client-secret-of-some-length', redirect_uris: [REDIRECT], grant_types: ['authorization_code'], response_types: ['code'] }],
    findAccount: async (_ctx: unknown, sub: string) => ({ accountId: sub, claims: async () => ({ sub, email: sub, email_verified: true }) }),
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: [] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    cookies: { keys: ['test-cookie-key'] },
  });
  const callback = provider.callback();
  server.on('request', async (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return callback(req, res);
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      return provider.interactionFinished(req, res, { login: { accountId: signInAs } }, { mergeWithLastSubmission: false });
    }
    const grant = new provider.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id as string });
    grant.addOIDCScope('openid email profile');
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  });
  db = await Database.open(':memory:');
  await addUser(db, { email: 'sso.head@district.test', role: 'department_head', departments: ['Payroll'] });
  app = await buildApp({
    db, closeDatabase: true,
    auth: { oidc: { issuer, clientId: 'switchboard', clientSecret: 'a-test-client-secret-of-some-length', redirectUri: REDIRECT, allowInsecure: true } },
  });
});
afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** Runs the browser's part: start at the app, follow the provider's redirects, come back. */
async function browserSignIn(options: { tamperState?: boolean } = {}) {
  const start = await app.inject({ method: 'GET', url: '/api/auth/oidc/start' });
  expect(start.statusCode).toBe(302);
  const authUrl = new URL(start.headers.location as string);
  expect(authUrl.origin).toBe(issuer);
  expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authUrl.searchParams.get('nonce')).toMatch(/.{20,}/);
  const appCookies = Object.fromEntries(start.cookies.map((c) => [c.name, c.value]));
  const jar = new Map<string, string>();
  let location = authUrl.href;
  for (let hop = 0; hop < 10 && location.startsWith(issuer); hop++) {
    const res = await fetch(location, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') }, signal: AbortSignal.timeout(5000) });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    location = new URL(res.headers.get('location') ?? '', location).href;
  }
  expect(location.startsWith(REDIRECT)).toBe(true);
  const back = new URL(location);
  if (options.tamperState) appCookies.sb_oidc_state = 'some-other-state';
  return app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, cookies: appCookies });
}

describe('OpenID Connect sign-in', () => {
  it('signs a known person in with the role and departments of their account', async () => {
    const done = await browserSignIn();
    expect(done.statusCode).toBe(302);
    expect(done.headers.location).toBe('/');
    const session = done.cookies.find((c) => c.name === 'sb_session')!;
    expect(session.httpOnly).toBe(true);
    const me = await app.inject({ method: 'GET', url: '/api/auth/session', cookies: { sb_session: session.value } });
    expect(me.json().user).toMatchObject({ email: 'sso.head@district.test', role: 'department_head', departments: ['Payroll'] });
    // The pending sign-in was used once and is gone.
    expect(await db.all('SELECT * FROM oidc_pending')).toEqual([]);
  });

  it('refuses a callback whose state this browser did not start', async () => {
    const done = await browserSignIn({ tamperState: true });
    expect(done.statusCode).toBe(302);
    expect(done.headers.location).toBe('/signin?error=SB_ERR_OIDC_STATE');
    expect(done.cookies.find((c) => c.name === 'sb_session')).toBeUndefined();
  });

  it('refuses a person the provider knows but Switchboard has no account for', async () => {
    signInAs = 'stranger@district.test';
    const done = await browserSignIn();
    expect(done.headers.location).toBe('/signin?error=SB_ERR_OIDC_NO_ACCOUNT');
    expect(done.cookies.find((c) => c.name === 'sb_session')).toBeUndefined();
  });
});
