/**
 * `switchboard users`: accounts from the command line, for the first admin on a server
 * with no browser at hand and for scripted installs. The password never goes on the
 * command line (it would sit in shell history and the process list): it is read from
 * SWITCHBOARD_PASSWORD, or else from the first line of standard input.
 *
 * While a server holds the database file (DuckDB lets one process open it), the command
 * talks to that server's API instead: the server's URL comes from `--server URL` or the
 * `<database>.server` file the server writes while it listens, and an admin's credentials
 * from SWITCHBOARD_ADMIN_EMAIL and SWITCHBOARD_ADMIN_PASSWORD. Changes made so are in the
 * admin audit log under that admin's name.
 */
import { existsSync, readFileSync } from 'node:fs';
import { text } from 'node:stream/consumers';
import { dbPath, parse, UsageError } from '../args.ts';
import { Database } from '#core/db/database.ts';
import { AccountError, addUser, listUsers, setDisabled, setRole } from '#dashboard/server/plugins/app/auth/accounts.ts';
import { ROLES, type Role } from '#dashboard/server/plugins/app/auth/roles.ts';
import { serverUrlFile } from '#dashboard/server/routes/admin/index.ts';
import { audit, requireKnown } from '#dashboard/server/routes/admin/admin-store.ts';
import type { Command } from '../main.ts';

const usage = `Usage: switchboard users add --email EMAIL --role ROLE [--departments "A,B"] [--name NAME] [--no-password] [--db FILE]
       switchboard users list [--db FILE]
       switchboard users disable|enable --email EMAIL [--db FILE]
       switchboard users set-role --email EMAIL --role ROLE [--departments "A,B"] [--db FILE]

Roles: ${ROLES.join(', ')} (a department_head needs --departments).
The password comes from SWITCHBOARD_PASSWORD, or the first line of standard input;
--no-password makes an account that signs in only through the district's single sign-on.
The last active admin cannot be disabled or given another role.
While a server runs on the database, the command uses its API (--server URL, or the URL the
server wrote beside the database) as the admin named by SWITCHBOARD_ADMIN_EMAIL and
SWITCHBOARD_ADMIN_PASSWORD.`;

async function readPassword(): Promise<string> {
  const fromEnv = process.env.SWITCHBOARD_PASSWORD;
  if (fromEnv !== undefined) return fromEnv;
  if (process.stdin.isTTY) throw new UsageError('set SWITCHBOARD_PASSWORD or pipe the password on standard input');
  return (await text(process.stdin)).split(/\r?\n/)[0];
}

const command: Command = {
  summary: 'add, list, disable, enable and change the role of dashboard accounts',
  usage,
  async run(args) {
    const [action, ...rest] = args;
    const { values } = parse(rest, {
      db: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' }, departments: { type: 'string' },
      name: { type: 'string' }, 'no-password': { type: 'boolean' }, server: { type: 'string' },
    });
    const actions = ['add', 'list', 'disable', 'enable', 'set-role'];
    if (!actions.includes(action ?? '')) throw new UsageError(`expected ${actions.join(', ')}, got '${action ?? ''}'`);
    if (action !== 'list' && !values.email) throw new UsageError('--email is required');
    if ((action === 'add' || action === 'set-role') && !ROLES.includes(values.role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    const password = action === 'add' && !values['no-password'] ? await readPassword() : undefined;
    const departments = values.departments?.split(',').map((d) => d.trim()).filter(Boolean) ?? [];
    const path = dbPath(values.db);
    const request: RemoteRequest = { action: action!, email: values.email, role: values.role as Role, departments, name: values.name, password };
    if (values.server) return remote(values.server, request);
    let db: Database;
    try {
      db = await Database.open(path);
    } catch (e) {
      // A running server holds the file: ask it instead.
      if (/lock/i.test((e as Error).message) && existsSync(serverUrlFile(path))) {
        return remote((JSON.parse(readFileSync(serverUrlFile(path), 'utf8')) as { url: string }).url, request);
      }
      throw e;
    }
    try {
      if (action === 'list') {
        for (const u of await listUsers(db)) {
          console.log([u.email, u.role, u.departments.join('; '), u.disabled ? 'disabled' : 'active'].join('\t'));
        }
      } else if (action === 'disable' || action === 'enable') {
        await db.transaction((tx) => setDisabled(tx, values.email!, action === 'disable'));
        console.log(action === 'disable' ? `disabled ${values.email} and ended their sessions` : `enabled ${values.email}`);
      } else if (action === 'set-role') {
        const user = await db.transaction(async (tx) => {
          await requireKnown(tx, values.role as Role, departments);
          const u = await setRole(tx, values.email!, values.role as Role, departments);
          await audit(tx, { actor: 'switchboard users', action: 'user.change', target: u.email, detail: `role ${u.role}${u.departments.length ? ` of ${u.departments.join(', ')}` : ''}` });
          return u;
        });
        console.log(`${user.email} is now ${user.role}${user.departments.length ? ` of ${user.departments.join(', ')}` : ''}; their sessions ended`);
      } else {
        const user = await db.transaction(async (tx) => {
          await requireKnown(tx, values.role as Role, departments);
          const u = await addUser(tx, { email: values.email!, role: values.role as Role, departments, displayName: values.name, password });
          await audit(tx, { actor: 'switchboard users', action: 'user.add', target: u.email, detail: `added as ${u.role}${u.departments.length ? ` of ${u.departments.join(', ')}` : ''}` });
          return u;
        });
        console.log(`added ${user.email} as ${user.role}${user.departments.length ? ` of ${user.departments.join(', ')}` : ''}`);
      }
      return 0;
    } catch (e) {
      if (e instanceof AccountError) {
        console.error(`switchboard users: ${e.message}`);
        return 1;
      }
      throw e;
    } finally {
      await db.close();
    }
  },
};
interface RemoteRequest {
  action: string;
  email?: string;
  role: Role;
  departments: string[];
  name?: string;
  password?: string;
}

/** The same actions through a running server's API, signed in as the admin in the environment. */
async function remote(base: string, r: RemoteRequest): Promise<number> {
  const url = base.replace(/\/+$/, '');
  const email = process.env.SWITCHBOARD_ADMIN_EMAIL;
  const adminPassword = process.env.SWITCHBOARD_ADMIN_PASSWORD;
  if (!email || !adminPassword) {
    throw new UsageError(`a server at ${url} holds the database; set SWITCHBOARD_ADMIN_EMAIL and SWITCHBOARD_ADMIN_PASSWORD to an admin's sign-in to change accounts through it`);
  }
  const call = async (method: string, path: string, body?: unknown, session?: { cookie: string; csrf: string }) => {
    let res: Response;
    try {
      res = await fetch(`${url}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new AccountError('SB_ERR_NO_SERVER', `the server at ${url} did not answer; start it, or stop it and run this command again`);
    }
    const answer = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) throw new AccountError(String(answer.code ?? 'SB_ERR_SERVER'), String(answer.message ?? `the server answered ${res.status}`), res.status);
    return { res, answer };
  };
  try {
    const signin = await call('POST', '/api/auth/signin', { email, password: adminPassword });
    const session = {
      cookie: signin.res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '),
      csrf: String(signin.answer.csrfToken),
    };
    if (r.action === 'list') {
      const res = await fetch(`${url}/api/auth/users`, { headers: { cookie: session.cookie } });
      for (const u of (await res.json()) as { email: string; role: string; departments: string[]; disabled: boolean }[]) {
        console.log([u.email, u.role, u.departments.join('; '), u.disabled ? 'disabled' : 'active'].join('\t'));
      }
    } else if (r.action === 'disable' || r.action === 'enable') {
      await call('PUT', '/api/admin/users', { email: r.email, disabled: r.action === 'disable' }, session);
      console.log(r.action === 'disable' ? `disabled ${r.email} and ended their sessions` : `enabled ${r.email}`);
    } else if (r.action === 'set-role') {
      const { answer } = await call('PUT', '/api/admin/users', { email: r.email, role: r.role, departments: r.departments }, session);
      const depts = answer.departments as string[];
      console.log(`${answer.email} is now ${answer.role}${depts.length ? ` of ${depts.join(', ')}` : ''}; their sessions ended`);
    } else {
      const body = { email: r.email, role: r.role, departments: r.departments, ...(r.name ? { displayName: r.name } : {}), ...(r.password === undefined ? {} : { password: r.password }) };
      const { answer } = await call('POST', '/api/auth/users', body, session);
      const depts = answer.departments as string[];
      console.log(`added ${answer.email} as ${answer.role}${depts.length ? ` of ${depts.join(', ')}` : ''} (through the server at ${url})`);
    }
    return 0;
  } catch (e) {
    if (e instanceof AccountError) {
      console.error(`switchboard users: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

export default command;
