/**
 * `switchboard users`: accounts from the command line, for the first admin on a server
 * with no browser at hand and for scripted installs. The password never goes on the
 * command line (it would sit in shell history and the process list): it is read from
 * SWITCHBOARD_PASSWORD, or else from the first line of standard input.
 */
import { text } from 'node:stream/consumers';
import { dbPath, parse, UsageError } from '../args.ts';
import { Database } from '#core/db/database.ts';
import { AccountError, addUser, listUsers, setDisabled, setRole } from '#dashboard/server/plugins/app/auth/accounts.ts';
import { ROLES, type Role } from '#dashboard/server/plugins/app/auth/roles.ts';
import type { Command } from '../main.ts';

const usage = `Usage: switchboard users add --email EMAIL --role ROLE [--departments "A,B"] [--name NAME] [--no-password] [--db FILE]
       switchboard users list [--db FILE]
       switchboard users disable|enable --email EMAIL [--db FILE]
       switchboard users set-role --email EMAIL --role ROLE [--departments "A,B"] [--db FILE]

Roles: ${ROLES.join(', ')} (a department_head needs --departments).
The password comes from SWITCHBOARD_PASSWORD, or the first line of standard input;
--no-password makes an account that signs in only through the district's single sign-on.
The last active admin cannot be disabled or given another role.`;

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
      name: { type: 'string' }, 'no-password': { type: 'boolean' },
    });
    const actions = ['add', 'list', 'disable', 'enable', 'set-role'];
    if (!actions.includes(action ?? '')) throw new UsageError(`expected ${actions.join(', ')}, got '${action ?? ''}'`);
    if (action !== 'list' && !values.email) throw new UsageError('--email is required');
    if ((action === 'add' || action === 'set-role') && !ROLES.includes(values.role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    const password = action === 'add' && !values['no-password'] ? await readPassword() : undefined;
    const departments = values.departments?.split(',').map((d) => d.trim()).filter(Boolean) ?? [];
    const db = await Database.open(dbPath(values.db));
    try {
      if (action === 'list') {
        for (const u of await listUsers(db)) {
          console.log([u.email, u.role, u.departments.join('; '), u.disabled ? 'disabled' : 'active'].join('\t'));
        }
      } else if (action === 'disable' || action === 'enable') {
        await db.transaction((tx) => setDisabled(tx, values.email!, action === 'disable'));
        console.log(action === 'disable' ? `disabled ${values.email} and ended their sessions` : `enabled ${values.email}`);
      } else if (action === 'set-role') {
        const user = await db.transaction((tx) => setRole(tx, values.email!, values.role as Role, departments));
        console.log(`${user.email} is now ${user.role}${user.departments.length ? ` of ${user.departments.join(', ')}` : ''}; their sessions ended`);
      } else {
        const user = await addUser(db, { email: values.email!, role: values.role as Role, departments, displayName: values.name, password });
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
export default command;
