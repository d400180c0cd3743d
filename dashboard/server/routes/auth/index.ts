/**
 * Signing in and out, the first admin account, OpenID Connect, and the user list.
 *
 * GET  /api/auth/session        who is signed in (null if nobody), the CSRF token, whether setup is needed
 * POST /api/auth/setup          the first admin account, on a database with no account at all (409 otherwise)
 * POST /api/auth/signin         email + password -> session cookie
 * POST /api/auth/signout        ends the session
 * POST /api/auth/password       the signed-in person chooses their own password (current + new);
 *                               required after an admin's temporary password, which signs in
 *                               with passwordChangeRequired: true and a session that answers
 *                               only this, /session, /signin and /signout until then
 * GET  /api/auth/oidc/start     redirects to the district's identity provider
 * GET  /api/auth/oidc/callback  the provider's answer -> session cookie -> the dashboard
 * GET  /api/auth/users          (admin) every account
 * POST /api/auth/users          (admin) adds an account
 * PATCH /api/auth/users         (admin) disables, enables or changes the role of an account;
 *                               never the last active admin's
 *
 * A department head's departments must be on the managed list (/api/admin/departments), and
 * every change to an account is written to the admin audit log in its transaction; the
 * admin page uses /api/admin/users for its changes (temporary passwords, shown once).
 *
 * Sign-in is limited per client address (rate-limit.ts) and per account (sign-in-lockout.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  AccountError, addUser, anyUserExists, checkPassword, chooseOwnPassword, createSession, endSession, listUsers, setDisabled, setRole, type User,
} from '../../plugins/app/auth/accounts.ts';
import { SignInLockout } from '../../plugins/app/auth/sign-in-lockout.ts';
import { SESSION_COOKIE } from '../../plugins/app/auth/index.ts';
import { OidcError } from '../../plugins/app/auth/oidc.ts';
import { PASSWORD_MAX_LENGTH } from '../../plugins/app/auth/passwords.ts';
import { ROLES } from '../../plugins/app/auth/roles.ts';
import { SIGN_IN_PER_MINUTE } from '../../plugins/external/rate-limit.ts';
import { audit, requireKnown } from '../admin/admin-store.ts';

const ErrorBody = Type.Object({ error: Type.String(), code: Type.String(), message: Type.String() });
const Email = Type.String({ minLength: 3, maxLength: 254 });
const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH });
const Role = Type.Union(ROLES.map((r) => Type.Literal(r)));
const UserBody = Type.Object({
  email: Type.String(),
  displayName: Type.Union([Type.String(), Type.Null()]),
  role: Role,
  departments: Type.Array(Type.String()),
  disabled: Type.Boolean(),
  hasPassword: Type.Boolean(),
  passwordChangeRequired: Type.Boolean({ description: 'holds a temporary password from an admin: must choose their own at the next sign-in' }),
});
const SignedIn = Type.Object({
  user: UserBody,
  csrfToken: Type.String(),
  passwordChangeRequired: Type.Boolean({ description: 'signed in with a temporary password: choose one (POST /api/auth/password) before anything else' }),
});
const OIDC_STATE_COOKIE = 'sb_oidc_state';
const limited = { rateLimit: { max: SIGN_IN_PER_MINUTE, timeWindow: '1 minute' } };

const publicUser = (u: User) => ({
  email: u.email, displayName: u.displayName, role: u.role, departments: u.departments, disabled: u.disabled, hasPassword: u.hasPassword, passwordChangeRequired: u.passwordChangeRequired,
});

export interface AuthRouteOptions {
  /** Per-account lockout; one per app by default. */
  lockout?: SignInLockout;
}

const routes: FastifyPluginAsyncTypebox<AuthRouteOptions> = async (app, opts) => {
  const lockout = opts.lockout ?? new SignInLockout();
  const accountError = (e: unknown) => {
    if (e instanceof AccountError) {
      const error = e.statusCode === 409 ? 'Conflict' : e.statusCode === 404 ? 'Not Found' : 'Bad Request';
      return { status: e.statusCode, body: { error, code: e.code, message: e.message } };
    }
    throw e;
  };

  app.get(
    '/session',
    { config: { access: 'public' }, schema: { tags: ['auth'], response: { 200: Type.Object({
      user: Type.Union([UserBody, Type.Null()]), csrfToken: Type.Union([Type.String(), Type.Null()]),
      passwordChangeRequired: Type.Boolean(), setupNeeded: Type.Boolean(), oidc: Type.Boolean(),
    }) } } },
    async (request) => ({
      user: request.sessionUser ? publicUser(request.sessionUser) : null,
      csrfToken: request.csrfToken,
      passwordChangeRequired: request.sessionUser?.passwordChangeRequired ?? false,
      setupNeeded: !(await anyUserExists(app.db)),
      oidc: app.oidc !== null,
    }),
  );

  app.post(
    '/setup',
    {
      config: { access: 'public', ...limited },
      schema: {
        tags: ['auth'],
        body: Type.Object({ email: Email, password: Password, displayName: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
        response: { 201: SignedIn, 400: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      try {
        // Check and insert in one queued write transaction: two racing first visits make one admin.
        const user = await app.db.transaction(async (tx) => {
          // Any account at all closes setup: disabling every admin must not hand the data to a stranger.
          if (await anyUserExists(tx)) throw new AccountError('SB_ERR_SETUP_DONE', 'this install already has accounts; sign in, or ask an admin (switchboard users) for one', 409);
          return addUser(tx, { ...request.body, role: 'admin' });
        });
        const session = await createSession(app.db, user.userId);
        app.startSession(request, reply, session);
        return reply.status(201).send({ user: publicUser(user), csrfToken: session.csrfToken, passwordChangeRequired: false });
      } catch (e) {
        const { status, body } = accountError(e);
        return reply.status(status as 400 | 409).send(body);
      }
    },
  );

  app.post(
    '/signin',
    {
      config: { access: 'public', ...limited },
      schema: {
        tags: ['auth'],
        body: Type.Object({ email: Email, password: Password }, { additionalProperties: false }),
        response: { 200: SignedIn, 401: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const lockedMs = lockout.lockedFor(request.body.email);
      if (lockedMs > 0) {
        const seconds = Math.ceil(lockedMs / 1000);
        return reply.status(429).header('retry-after', String(seconds)).send({
          error: 'Too Many Requests', code: 'SB_ERR_ACCOUNT_LOCKED',
          message: `too many wrong passwords for this account; try again in ${seconds} s, or ask an admin`,
        });
      }
      const user = await checkPassword(app.db, request.body.email, request.body.password);
      if (!user) {
        const lock = lockout.fail(request.body.email);
        if (lock) request.log.warn({ lockSeconds: lock / 1000 }, 'an account was locked after repeated wrong passwords');
        return reply.status(401).send({ error: 'Unauthorized', code: 'SB_ERR_BAD_CREDENTIALS', message: 'the email or the password is wrong' });
      }
      lockout.succeed(request.body.email);
      const session = await createSession(app.db, user.userId);
      app.startSession(request, reply, session);
      return { user: publicUser(user), csrfToken: session.csrfToken, passwordChangeRequired: user.passwordChangeRequired };
    },
  );

  app.post(
    '/password',
    {
      // Public so that the auth plugin's role check does not apply; the handler needs a session.
      config: { access: 'public', ...limited },
      schema: {
        tags: ['auth'],
        summary: 'Choose your own password: the current one (a temporary one an admin gave, or your own) and the new one',
        body: Type.Object({ currentPassword: Password, newPassword: Password }, { additionalProperties: false }),
        response: { 200: SignedIn, 400: ErrorBody, 401: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const me = request.sessionUser;
      if (!me) return reply.status(401).send({ error: 'Unauthorized', code: 'SB_ERR_SIGN_IN_REQUIRED', message: 'sign in first, with the password you were given' });
      // Wrong current passwords count toward the account's lockout like wrong sign-ins.
      const lockedMs = lockout.lockedFor(me.email);
      if (lockedMs > 0) {
        const seconds = Math.ceil(lockedMs / 1000);
        return reply.status(429).header('retry-after', String(seconds)).send({
          error: 'Too Many Requests', code: 'SB_ERR_ACCOUNT_LOCKED', message: `too many wrong passwords for this account; try again in ${seconds} s, or ask an admin`,
        });
      }
      try {
        const user = await app.db.transaction(async (tx) => {
          const u = await chooseOwnPassword(tx, me.userId, request.body.currentPassword, request.body.newPassword);
          const detail = me.passwordChangeRequired ? 'chose their own password in place of the temporary one' : 'changed their password';
          await audit(tx, { actor: u.email, action: 'user.choose-password', target: u.email, detail });
          return u;
        });
        lockout.succeed(me.email);
        // Every old session ended with the change: this browser gets a fresh one.
        const session = await createSession(app.db, user.userId);
        app.startSession(request, reply, session);
        return { user: publicUser(user), csrfToken: session.csrfToken, passwordChangeRequired: false };
      } catch (e) {
        if (e instanceof AccountError && e.code === 'SB_ERR_BAD_CREDENTIALS') lockout.fail(me.email);
        const { status, body } = accountError(e);
        return reply.status(status === 401 ? 401 : 400).send(status === 401 ? { ...body, error: 'Unauthorized' } : body);
      }
    },
  );

  app.post('/signout', { config: { access: 'public' }, schema: { tags: ['auth'] } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await endSession(app.db, token);
    app.clearSession(reply);
    return reply.status(204).send();
  });

  app.get('/oidc/start', { config: { access: 'public', ...limited }, schema: { tags: ['auth'] } }, async (request, reply) => {
    if (!app.oidc) return reply.status(404).send({ error: 'Not Found', code: 'SB_ERR_OIDC_OFF', message: 'single sign-on is not set up' });
    try {
      const { url, state } = await app.oidc.start(app.db);
      reply.setCookie(OIDC_STATE_COOKIE, state, { path: '/api/auth/oidc', httpOnly: true, sameSite: 'lax', maxAge: 600, secure: request.protocol === 'https' });
      return reply.redirect(url, 302);
    } catch (e) {
      request.log.error({ err: e }, 'the identity provider could not be reached');
      return reply.redirect('/signin?error=SB_ERR_OIDC_UNREACHABLE', 302);
    }
  });

  app.get('/oidc/callback', { config: { access: 'public', ...limited }, schema: { tags: ['auth'] } }, async (request, reply) => {
    if (!app.oidc) return reply.status(404).send({ error: 'Not Found', code: 'SB_ERR_OIDC_OFF', message: 'single sign-on is not set up' });
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    reply.clearCookie(OIDC_STATE_COOKIE, { path: '/api/auth/oidc' });
    try {
      const user = await app.oidc.finish(app.db, query, request.cookies[OIDC_STATE_COOKIE]);
      app.startSession(request, reply, await createSession(app.db, user.userId));
      return reply.redirect('/', 302);
    } catch (e) {
      if (!(e instanceof OidcError)) throw e;
      request.log.warn({ code: e.code }, e.message);
      return reply.redirect(`/signin?error=${e.code}`, 302);
    }
  });

  app.get('/users', { config: { access: 'admin' }, schema: { tags: ['auth'], response: { 200: Type.Array(UserBody) } } }, async () =>
    (await listUsers(app.db)).map(publicUser),
  );

  app.post(
    '/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['auth'],
        body: Type.Object(
          {
            email: Email, role: Role,
            departments: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 100 })),
            displayName: Type.Optional(Type.String({ maxLength: 200 })),
            password: Type.Optional(Password),
          },
          { additionalProperties: false },
        ),
        response: { 201: UserBody, 400: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      try {
        const user = await app.db.transaction(async (tx) => {
          await requireKnown(tx, request.body.role, request.body.departments ?? []);
          const u = await addUser(tx, request.body);
          const of = u.departments.length ? ` of ${u.departments.join(', ')}` : '';
          await audit(tx, { actor: request.access?.email ?? 'unknown', action: 'user.add', target: u.email, detail: `added as ${u.role}${of}` });
          return u;
        });
        return reply.status(201).send(publicUser(user));
      } catch (e) {
        const { status, body } = accountError(e);
        return reply.status(status as 400 | 409).send(body);
      }
    },
  );
  app.patch(
    '/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['auth'],
        body: Type.Object(
          {
            email: Email,
            disabled: Type.Optional(Type.Boolean()),
            role: Type.Optional(Role),
            departments: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: UserBody, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const { email, disabled, role, departments } = request.body;
      try {
        // One write transaction: two admins demoting each other cannot both pass the last-admin check.
        const user = await app.db.transaction(async (tx) => {
          const changes: string[] = [];
          if (role !== undefined) {
            await requireKnown(tx, role, departments ?? []);
            const u = await setRole(tx, email, role, departments);
            changes.push(`role ${u.role}${u.departments.length ? ` of ${u.departments.join(', ')}` : ''}`);
          }
          if (disabled !== undefined) {
            await setDisabled(tx, email, disabled);
            changes.push(disabled ? 'disabled' : 'enabled');
          }
          const target = email.trim().toLowerCase();
          if (changes.length) await audit(tx, { actor: request.access?.email ?? 'unknown', action: 'user.change', target, detail: changes.join('; ') });
          const [found] = (await listUsers(tx)).filter((u) => u.email === email.trim().toLowerCase());
          if (!found) throw new AccountError('SB_ERR_NO_SUCH_USER', `there is no account for ${email}`, 404);
          return found;
        });
        return publicUser(user);
      } catch (e) {
        const { status, body } = accountError(e);
        return reply.status(status as 400 | 404 | 409).send(body);
      }
    },
  );
};

export default routes;
