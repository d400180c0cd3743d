/**
 * Builds the API over an in-memory database for app.inject tests, and closes both after.
 *
 * Requests sign in like a person's browser would: `app().inject(...)` carries an admin's
 * session cookie and CSRF header; `as('department_head', ['Payroll']).inject(...)` another
 * role's; `anonymous().inject(...)` none. Accounts and sessions are made straight in the
 * database (no password, so no scrypt), so tests never meet the sign-in rate limit.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { Database } from '#core/db/database.ts';
import { buildApp } from '#dashboard/server/app.ts';
import { addUser, createSession } from '#dashboard/server/plugins/app/auth/accounts.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '#dashboard/server/plugins/app/auth/index.ts';
import type { Role } from '#dashboard/server/plugins/app/auth/roles.ts';

export interface TestSession {
  token: string;
  csrfToken: string;
  email: string;
}

/** A new account with `role` and a session for it. */
export async function sessionFor(db: Database, role: Role, departments: string[] = []): Promise<TestSession> {
  const email = `${role.replace('_', '-')}-${randomUUID().slice(0, 8)}@district.test`;
  const user = await addUser(db, { email, role, departments });
  const session = await createSession(db, user.userId);
  return { token: session.token, csrfToken: session.csrfToken, email };
}

function withSession(options: InjectOptions | string, session: TestSession | null): InjectOptions {
  const o: InjectOptions = typeof options === 'string' ? { url: options } : options;
  if (!session) return o;
  return {
    ...o,
    cookies: { [SESSION_COOKIE]: session.token, ...(o.cookies ?? {}) },
    headers: { [CSRF_HEADER]: session.csrfToken, ...(o.headers ?? {}) },
  };
}

/** The app, whose `inject` carries `session` (a promise: made on first use). */
export function injectingAs(app: FastifyInstance, session: () => Promise<TestSession | null>): FastifyInstance {
  return new Proxy(app, {
    get(target, prop) {
      if (prop === 'inject') {
        return async (options: InjectOptions | string) => target.inject(withSession(options, await session()));
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export function useApp(seed: (db: Database) => Promise<void>): {
  app: () => FastifyInstance;
  db: () => Database;
  as: (role: Role, departments?: string[]) => FastifyInstance;
  anonymous: () => FastifyInstance;
} {
  let app: FastifyInstance;
  let db: Database;
  let admin: FastifyInstance;
  const sessions = new Map<string, Promise<TestSession>>();
  beforeAll(async () => {
    db = await Database.open(':memory:');
    await seed(db);
    app = await buildApp({ db, closeDatabase: true });
    admin = as('admin');
  });
  afterAll(async () => {
    await app.close();
  });
  function as(role: Role, departments: string[] = []): FastifyInstance {
    const key = `${role}:${departments.join('\u001f')}`;
    return injectingAs(app, () => {
      if (!sessions.has(key)) sessions.set(key, sessionFor(db, role, departments));
      return sessions.get(key)!;
    });
  }
  return { app: () => admin, db: () => db, as, anonymous: () => app };
}
