/**
 * Authentication and authorisation as one app plugin: who is calling (a server-side
 * session from the `sb_session` cookie, or nobody) and whether they may call this route.
 *
 * Every /api route declares `config.access`; a route without it is admin-only (deny by
 * default). Static pages are public: the page shell has no data, and the API behind it
 * answers 401 until someone signs in. Cookie-authenticated requests that change state
 * must carry the session's CSRF token in `x-csrf-token` (the token is readable by the page
 * in the `sb_csrf` cookie), and a cross-site Origin is refused outright. Department heads
 * get leader routes through department-guard.ts. A session signed in with a temporary
 * password an admin gave answers only the routes that choosing one's own password needs.
 */
import { timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { lookupSession, SESSION_HOURS, type NewSession, type User } from './accounts.ts';
import { guardPayload, ticketRowVisible } from './department-guard.ts';
import { oidcFromEnv, OidcSignIn, type OidcOptions } from './oidc.ts';
import { accessLevelOf, decide, scopeTicketFilter, type RequestAccess } from './roles.ts';

export const SESSION_COOKIE = 'sb_session';
export const CSRF_COOKIE = 'sb_csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, or null when nobody signed in. */
    access: RequestAccess | null;
    /** The signed-in user's CSRF token (null without a session). */
    csrfToken: string | null;
    sessionUser: User | null;
  }
  interface FastifyInstance {
    /** Sets the session cookies on a reply after a sign-in. */
    startSession(request: FastifyRequest, reply: FastifyReply, session: NewSession): void;
    clearSession(reply: FastifyReply): void;
    oidc: OidcSignIn | null;
  }
}

export interface AuthOptions {
  oidc?: OidcOptions;
  /** Mark cookies Secure. Default: when the request came over https. */
  secureCookies?: boolean;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What a person still holding a temporary password may call: the new-password form's needs. */
export const PASSWORD_CHANGE_ROUTES = new Set(['GET /api/auth/session', 'POST /api/auth/password', 'POST /api/auth/signout', 'POST /api/auth/signin']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The host of an Origin header, or undefined when it is not a URL. */
function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

/** One answer for a ticket that is not there and one that is another department's. */
export const NO_SUCH_TICKET = 'no such ticket';

function deny(reply: FastifyReply, status: 401 | 403 | 404, code: string, message: string) {
  const error = status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found';
  return reply.status(status).send({ error, code, message });
}

export default fp<AuthOptions>(
  async (app, opts) => {
    await app.register(cookie);
    app.decorateRequest('access', null);
    app.decorateRequest('csrfToken', null);
    app.decorateRequest('sessionUser', null);
    const oidc = opts.oidc ?? oidcFromEnv(process.env);
    app.decorate('oidc', oidc ? new OidcSignIn(oidc) : null);

    const secure = (request: FastifyRequest) => opts.secureCookies ?? request.protocol === 'https';
    app.decorate('startSession', (request: FastifyRequest, reply: FastifyReply, session: NewSession) => {
      const base = { path: '/', sameSite: 'lax' as const, secure: secure(request), maxAge: SESSION_HOURS * 3600 };
      reply.setCookie(SESSION_COOKIE, session.token, { ...base, httpOnly: true });
      reply.setCookie(CSRF_COOKIE, session.csrfToken, { ...base, httpOnly: false });
    });
    app.decorate('clearSession', (reply: FastifyReply) => {
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.clearCookie(CSRF_COOKIE, { path: '/' });
    });

    app.addHook('onRequest', async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        const found = await lookupSession(app.db, token);
        if (found) {
          request.access = found.access;
          request.csrfToken = found.csrfToken;
          request.sessionUser = found.user;
        }
      }
      const path = request.url.split('?')[0];
      if (!path.startsWith('/api/') && path !== '/api') return;
      if (request.is404) return;

      if (UNSAFE_METHODS.has(request.method)) {
        const origin = request.headers.origin;
        if (origin && origin !== 'null') {
          const host = originHost(origin);
          if (host === undefined) {
            return reply.status(400).send({ error: 'Bad Request', code: 'SB_ERR_BAD_ORIGIN', message: `the Origin header '${origin.slice(0, 100)}' is not a URL (scheme://host); send the page's own origin or none` });
          }
          if (host !== request.headers.host) return deny(reply, 403, 'SB_ERR_CROSS_SITE', 'requests from another site are refused');
        }
        if (request.headers['sec-fetch-site'] === 'cross-site') {
          return deny(reply, 403, 'SB_ERR_CROSS_SITE', 'requests from another site are refused');
        }
        if (request.csrfToken) {
          const sent = request.headers[CSRF_HEADER];
          if (typeof sent !== 'string' || !sameToken(sent, request.csrfToken)) {
            return deny(reply, 403, 'SB_ERR_CSRF', `send the session's CSRF token in the ${CSRF_HEADER} header`);
          }
        }
      }

      if (request.sessionUser?.passwordChangeRequired && !PASSWORD_CHANGE_ROUTES.has(`${request.method} ${request.routeOptions.url}`)) {
        return deny(reply, 403, 'SB_ERR_PASSWORD_CHANGE_REQUIRED', 'choose your own password first (the page /password): the one an admin gave you works only for that');
      }
      const level = accessLevelOf(request.routeOptions.config as { access?: string });
      const decision = decide(level, request.access);
      if (!decision.allow) {
        return decision.status === 401
          ? deny(reply, 401, 'SB_ERR_SIGN_IN_REQUIRED', 'sign in to see this')
          : deny(reply, 403, 'SB_ERR_FORBIDDEN', `your role (${request.access?.role}) may not ${request.method} ${path}`);
      }
      // A department head asks for figures of other departments only as district totals.
      if (level === 'leader' && request.access?.role === 'department_head') {
        const query = (request.query ?? {}) as Record<string, unknown>;
        const requested = typeof query.department === 'string' ? query.department : undefined;
        if (request.routeOptions.url?.replace(/\/$/, '') === '/api/tickets') {
          const scope = scopeTicketFilter(request.access, requested);
          if (scope.denied) return deny(reply, 403, 'SB_ERR_FORBIDDEN_DEPARTMENT', scope.denied);
          query.department = scope.department;
        } else if (requested !== undefined && !request.access.departments.includes(requested)) {
          return deny(reply, 403, 'SB_ERR_FORBIDDEN_DEPARTMENT', `figures of ${requested} are not yours to see; the district totals are`);
        }
      }
    });

    // Department heads: other departments' tickets removed, their small figures shown as "<5".
    app.addHook('preSerialization', async (request, reply, payload) => {
      const access = request.access;
      if (!access || access.role !== 'department_head' || reply.statusCode >= 300) return payload;
      if (accessLevelOf(request.routeOptions.config as { access?: string }) !== 'leader') return payload;
      // A single ticket outside the head's departments: as if it did not exist.
      if (!ticketRowVisible(access, payload)) {
        reply.status(404);
        return { error: 'Not Found', code: 'SB_ERR_NOT_FOUND', message: NO_SUCH_TICKET };
      }
      return guardPayload(access, payload);
    });

    // Non-JSON answers (CSV) cannot be guarded here: a route that guards its own export
    // (config.guardsExport) may answer a department head; any other is for leaders.
    app.addHook('onSend', async (request, reply, payload) => {
      const access = request.access;
      if (!access || access.role !== 'department_head' || reply.statusCode >= 300) return payload;
      if (accessLevelOf(request.routeOptions.config as { access?: string }) !== 'leader') return payload;
      if ((request.routeOptions.config as { guardsExport?: boolean }).guardsExport) return payload;
      const type = String(reply.getHeader('content-type') ?? '');
      if (type.startsWith('application/json')) return payload;
      reply.status(403).header('content-type', 'application/json; charset=utf-8');
      return JSON.stringify({ error: 'Forbidden', code: 'SB_ERR_FORBIDDEN', message: 'exports of district figures are for leaders' });
    });
  },
  { name: 'auth', dependencies: ['database'] },
);
