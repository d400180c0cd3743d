/**
 * Administration under /api/admin, for admins only, while the server runs (the CLI cannot
 * open the database file then). Every change lands in one write transaction together with
 * its row in the audit log, so the log holds exactly the changes that happened.
 *
 * POST /users                  invite: an account with a role (a department head's departments
 *                              chosen from the managed list) and a temporary password, shown once
 * PUT  /users                  change an account's role, departments, or disable / enable it
 * POST /users/reset-password   a new temporary password, shown once; the account's sessions end
 *
 * A temporary password signs in only to choose one's own (POST /api/auth/password): until
 * then the person's session answers nothing else (plugins/app/auth/index.ts).
 * GET  /departments            the managed departments with their groups, owned request types, tickets and heads
 * POST /departments            add a department to the list
 * POST /departments/rename     { from, to }: to must be new (not even in other capitals)
 * POST /departments/merge      { from, into }: everything named from moves to into
 * GET  /district               district name, time zone, school year start, owner basis, landing department
 * PUT  /district               set them
 * GET  /audit                  the audit log, newest first
 *
 * The user list is GET /api/auth/users.
 *
 * While listening, the server writes its address to `<database file>.server` (see
 * serverUrlFile), so that `switchboard users`, finding the file locked, can use this API.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { ConnectionQueries, Queryable } from '#core/db/database.ts';
import { isTimeZone, readDistrictName, readSettings, writeDistrictName, writeSetting } from '#core/settings.ts';
import {
  AccountError, addUser, findUser, setDisabled, setPassword, setRole, temporaryPassword, type User,
} from '../../plugins/app/auth/accounts.ts';
import { ROLES, type Role } from '../../plugins/app/auth/roles.ts';
import { ErrorBody } from '../../schemas.ts';
import '../../access.ts';
import {
  buildAddDepartmentSql, buildAuditListSql, buildMoveDepartmentSql, newNameProblem, unknownDepartmentMessage, type AuditRow, type DepartmentRow,
} from './admin-sql.ts';
import { audit, departmentList, ERROR_NAMES, Refusal, requireKnown } from './admin-store.ts';

const Email = Type.String({ minLength: 3, maxLength: 254 });
const Role = Type.Union(ROLES.map((r) => Type.Literal(r)));
const DepartmentName = Type.String({ minLength: 1, maxLength: 200 });
const Departments = Type.Array(DepartmentName, { maxItems: 100 });
const UserBody = Type.Object({
  email: Type.String(),
  displayName: Type.Union([Type.String(), Type.Null()]),
  role: Role,
  departments: Type.Array(Type.String()),
  disabled: Type.Boolean(),
  hasPassword: Type.Boolean(),
  passwordChangeRequired: Type.Boolean({ description: 'holds a temporary password from an admin: must choose their own at the next sign-in' }),
});
const WithPassword = Type.Object({
  user: UserBody,
  temporaryPassword: Type.String({ description: 'shown once: the server keeps only its hash' }),
});
const DepartmentBody = Type.Object({
  department: Type.String(), groups: Type.Integer(), requestTypes: Type.Integer(), tickets: Type.Integer(), heads: Type.Integer(),
});
const DepartmentsBody = Type.Object({ departments: Type.Array(DepartmentBody) });
const SchoolYearStart = Type.String({ pattern: '^(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', description: "the first school day of every year, 'MM-DD'" });
const DistrictBody = Type.Object(
  {
    districtName: Type.Union([Type.Null(), Type.String({ minLength: 1, maxLength: 200 })]),
    timeZone: Type.String({ minLength: 1, maxLength: 64 }),
    schoolYearStart: SchoolYearStart,
    ownerBasis: Type.Union([Type.Literal('resolver'), Type.Literal('declared')]),
    defaultLandingDepartment: DepartmentName,
  },
  { additionalProperties: false },
);
const AuditBody = Type.Object({
  entries: Type.Array(Type.Object({
    id: Type.Integer(), at: Type.String(), actor: Type.String(), action: Type.String(),
    target: Type.Union([Type.String(), Type.Null()]), detail: Type.Union([Type.String(), Type.Null()]),
  })),
});

const publicUser = (u: User) => ({
  email: u.email, displayName: u.displayName, role: u.role, departments: u.departments, disabled: u.disabled, hasPassword: u.hasPassword, passwordChangeRequired: u.passwordChangeRequired,
});

const describeRole = (u: { role: Role; departments: string[] }) => (u.departments.length ? `${u.role} of ${u.departments.join(', ')}` : u.role);

/** Where a server listening on the database file `dbPath` writes its URL: `{ "url", "pid" }`. */
export const serverUrlFile = (dbPath: string) => `${dbPath}.server`;

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const dbPath = app.db.path;
  if (dbPath && dbPath !== ':memory:') {
    const file = serverUrlFile(dbPath);
    app.addHook('onListen', async () => {
      const address = app.server.address() as AddressInfo | null;
      if (!address || typeof address !== 'object') return;
      const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
      writeFileSync(file, JSON.stringify({ url: `http://${host}:${address.port}`, pid: process.pid }), { mode: 0o600 });
    });
    app.addHook('onClose', async () => {
      try {
        if (JSON.parse(readFileSync(file, 'utf8')).pid === process.pid) rmSync(file);
      } catch {
        /* never written, or already gone */
      }
    });
  }
  /** Runs `work` in one write transaction; a refusal comes back as its answer instead of a value. */
  async function attempt<T>(work: (tx: ConnectionQueries) => Promise<T>): Promise<{ value: T } | { refused: { status: 400 | 404 | 409; body: ErrorBody } }> {
    try {
      return { value: await app.db.transaction(work) };
    } catch (e) {
      if (e instanceof Refusal || e instanceof AccountError) {
        const status = e.statusCode as 400 | 404 | 409;
        return { refused: { status, body: { error: ERROR_NAMES[status] ?? 'Bad Request', code: e.code, message: e.message } } };
      }
      throw e;
    }
  }
  const actor = (request: { access: { email: string } | null }) => request.access?.email ?? 'unknown';
  const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };

  app.post(
    '/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'], summary: 'Invite a person: an account with a temporary password, shown once',
        body: Type.Object(
          { email: Email, role: Role, departments: Type.Optional(Departments), displayName: Type.Optional(Type.String({ maxLength: 200 })) },
          { additionalProperties: false },
        ),
        response: { 201: WithPassword, ...errors },
      },
    },
    async (request, reply) => {
      const { email, role, departments = [], displayName } = request.body;
      const password = temporaryPassword(email.trim().toLowerCase());
      const done = await attempt(async (tx) => {
        await requireKnown(tx, role, departments);
        const u = await addUser(tx, { email, role, departments, displayName, password, temporary: true });
        await audit(tx, { actor: actor(request), action: 'user.invite', target: u.email, detail: `invited as ${describeRole(u)}` });
        return u;
      });
      if ('refused' in done) return reply.status(done.refused.status).send(done.refused.body);
      return reply.status(201).send({ user: publicUser(done.value), temporaryPassword: password });
    },
  );

  app.put(
    '/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'], summary: "Change an account's role or departments, or disable or enable it",
        body: Type.Object(
          { email: Email, role: Type.Optional(Role), departments: Type.Optional(Departments), disabled: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: { 200: UserBody, ...errors },
      },
    },
    async (request, reply) => {
      const { email, role, departments, disabled } = request.body;
      const done = await attempt(async (tx) => {
        const before = await findUser(tx, email);
        if (!before) throw new Refusal(404, 'SB_ERR_NO_SUCH_USER', `There is no account for ${email.trim().toLowerCase()}.`);
        const details: string[] = [];
        if (role !== undefined || departments !== undefined) {
          const newRole = role ?? before.role;
          const newDepartments = departments ?? before.departments;
          await requireKnown(tx, newRole, newDepartments);
          const after = await setRole(tx, before.email, newRole, newDepartments);
          if (describeRole(after) !== describeRole(before)) details.push(`${describeRole(before)} -> ${describeRole(after)}`);
        }
        if (disabled !== undefined && disabled !== before.disabled) {
          await setDisabled(tx, before.email, disabled);
          details.push(disabled ? 'disabled' : 'enabled');
        }
        if (details.length) await audit(tx, { actor: actor(request), action: 'user.change', target: before.email, detail: details.join('; ') });
        return (await findUser(tx, before.email))!;
      });
      if ('refused' in done) return reply.status(done.refused.status).send(done.refused.body);
      return publicUser(done.value);
    },
  );

  app.post(
    '/users/reset-password',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'], summary: 'A new temporary password for an account, shown once; its sessions end',
        body: Type.Object({ email: Email }, { additionalProperties: false }),
        response: { 200: WithPassword, ...errors },
      },
    },
    async (request, reply) => {
      const email = request.body.email.trim().toLowerCase();
      const password = temporaryPassword(email);
      const done = await attempt(async (tx) => {
        const u = await setPassword(tx, email, password, { temporary: true });
        await audit(tx, { actor: actor(request), action: 'user.reset-password', target: u.email, detail: 'temporary password set; sessions ended' });
        return u;
      });
      if ('refused' in done) return reply.status(done.refused.status).send(done.refused.body);
      return { user: publicUser(done.value), temporaryPassword: password };
    },
  );

  app.get(
    '/departments',
    { config: { access: 'admin' }, schema: { tags: ['admin'], summary: 'The managed departments', response: { 200: DepartmentsBody } } },
    async () => ({ departments: await departmentList(app.db) }),
  );

  app.post(
    '/departments',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'], summary: 'Add a department to the list',
        body: Type.Object({ department: DepartmentName }, { additionalProperties: false }),
        response: { 201: DepartmentsBody, ...errors },
      },
    },
    async (request, reply) => {
      const name = request.body.department.trim();
      const done = await attempt(async (tx) => {
        const problem = newNameProblem((await departmentList(tx)).map((d) => d.department), name);
        if (problem) throw new Refusal(name ? 409 : 400, 'SB_ERR_DEPARTMENT_EXISTS', problem);
        const q = buildAddDepartmentSql(name);
        await tx.run(q.sql, q.params);
        await audit(tx, { actor: actor(request), action: 'department.add', target: name, detail: null });
        return departmentList(tx);
      });
      if ('refused' in done) return reply.status(done.refused.status).send(done.refused.body);
      return reply.status(201).send({ departments: done.value });
    },
  );

  /** Moves everything named `from` to `to`; `merge` says whether `to` must exist (merge) or must not (rename). */
  async function move(tx: ConnectionQueries, from: string, to: string, merge: boolean, who: string): Promise<DepartmentRow[]> {
    const before = await departmentList(tx);
    const known = before.map((d) => d.department);
    if (!known.includes(from)) throw new Refusal(404, 'SB_ERR_UNKNOWN_DEPARTMENT', unknownDepartmentMessage(known, from));
    if (merge) {
      if (to === from) throw new Refusal(400, 'SB_ERR_BAD_REQUEST', `Choose another department to merge ${from} into.`);
      if (!known.includes(to)) throw new Refusal(404, 'SB_ERR_UNKNOWN_DEPARTMENT', unknownDepartmentMessage(known, to));
    } else {
      const problem = newNameProblem(known, to, from);
      if (problem) throw new Refusal(to === from || !to ? 400 : 409, 'SB_ERR_DEPARTMENT_EXISTS', problem);
    }
    for (const q of buildMoveDepartmentSql(from, to)) await tx.run(q.sql, q.params);
    const settings = await readSettings(tx);
    if (settings.defaultLandingDepartment === from) await writeSetting(tx, 'defaultLandingDepartment', to);
    const moved = before.find((d) => d.department === from)!;
    await audit(tx, {
      actor: who,
      action: merge ? 'department.merge' : 'department.rename',
      target: from,
      detail: `${merge ? 'merged into' : 'renamed to'} ${to} (${moved.groups} groups, ${moved.requestTypes} request types, ${moved.heads} department heads)`,
    });
    return departmentList(tx);
  }

  app.post(
    '/departments/rename',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'], summary: 'Rename a department everywhere it is used',
        body: Type.Object({ from: DepartmentName, to: DepartmentName }, { additionalProperties: false }),
        response: { 200: DepartmentsBody, ...errors },
      },
    },
    async (request, reply) => {
      const done = await attempt((tx) => move(tx, request.body.from, request.body.to.trim(), false, actor(request)));
      if ('refused' in done) return reply.status(done.refused.status).send(done.refused.body);
      return { departments: done.value };
    },
  );

  app.post(
    '/departments/merge',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'], summary: 'Merge one department into another',
        body: Type.Object({ from: DepartmentName, into: DepartmentName }, { additionalProperties: false }),
        response: { 200: DepartmentsBody, ...errors },
      },
    },
    async (request, reply) => {
      const done = await attempt((tx) => move(tx, request.body.from, request.body.into, true, actor(request)));
      if ('refused' in done) return reply.status(done.refused.status).send(done.refused.body);
      return { departments: done.value };
    },
  );

  async function district(db: Queryable) {
    const settings = await readSettings(db);
    return {
      districtName: await readDistrictName(db),
      timeZone: settings.timeZone,
      schoolYearStart: settings.schoolCalendar.firstDay,
      ownerBasis: settings.ownerBasis,
      defaultLandingDepartment: settings.defaultLandingDepartment,
    };
  }

  app.get(
    '/district',
    { config: { access: 'admin' }, schema: { tags: ['admin'], summary: "The district's settings", response: { 200: DistrictBody } } },
    async () => district(app.db),
  );

  app.put(
    '/district',
    {
      config: { access: 'admin' },
      schema: { tags: ['admin'], summary: "Set the district's settings", body: DistrictBody, response: { 200: DistrictBody, ...errors } },
    },
    async (request, reply) => {
      const next = { ...request.body, districtName: request.body.districtName?.trim() || null };
      const done = await attempt(async (tx) => {
        if (!isTimeZone(next.timeZone)) {
          throw new Refusal(400, 'SB_ERR_BAD_TIME_ZONE', `${next.timeZone} is not a time zone name; write one like America/Chicago or America/New_York.`);
        }
        const known = (await departmentList(tx)).map((d) => d.department);
        if (!known.includes(next.defaultLandingDepartment)) {
          throw new Refusal(400, 'SB_ERR_UNKNOWN_DEPARTMENT', unknownDepartmentMessage(known, next.defaultLandingDepartment));
        }
        const before = await district(tx);
        const settings = await readSettings(tx);
        const changed: string[] = [];
        for (const key of ['districtName', 'timeZone', 'schoolYearStart', 'ownerBasis', 'defaultLandingDepartment'] as const) {
          if (before[key] !== next[key]) changed.push(`${key}: ${before[key] ?? '(none)'} -> ${next[key] ?? '(none)'}`);
        }
        if (before.districtName !== next.districtName) await writeDistrictName(tx, next.districtName);
        if (before.timeZone !== next.timeZone) await writeSetting(tx, 'timeZone', next.timeZone);
        if (before.ownerBasis !== next.ownerBasis) await writeSetting(tx, 'ownerBasis', next.ownerBasis);
        if (before.defaultLandingDepartment !== next.defaultLandingDepartment) await writeSetting(tx, 'defaultLandingDepartment', next.defaultLandingDepartment);
        if (before.schoolYearStart !== next.schoolYearStart) await writeSetting(tx, 'schoolCalendar', { ...settings.schoolCalendar, firstDay: next.schoolYearStart });
        if (changed.length) await audit(tx, { actor: actor(request), action: 'district.update', target: 'district', detail: changed.join('; ') });
        return district(tx);
      });
      if ('refused' in done) return reply.status(done.refused.status).send(done.refused.body);
      return done.value;
    },
  );

  app.get(
    '/audit',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'], summary: 'The audit log of admin changes, newest first',
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })) }, { additionalProperties: false }),
        response: { 200: AuditBody },
      },
    },
    async (request) => {
      const q = buildAuditListSql(request.query.limit ?? 200);
      return { entries: await app.db.all<AuditRow>(q.sql, q.params) };
    },
  );
};

export default routes;
