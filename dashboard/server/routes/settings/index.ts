/**
 * Settings under /api/settings. Reading is for leaders and uploaders. Mapping groups and
 * request types to departments is for uploaders and administrators (whoever uploads an
 * export must be able to place its new groups); costs, rates and the calendar are for
 * administrators only.
 *
 * GET  /                          settings, maps, unmapped groups with suggestions
 * PUT  /cost                      cost assumptions
 * PUT  /calendar                  business calendar
 * PUT  /group-departments         { group, department | null }
 * PUT  /request-type-owners       { requestType, department | null }
 * PUT  /department-rates          { department, hourlyRate | null }
 *
 * Every change is written to the admin audit log (who, what, before -> after, when) in the
 * same transaction as the change, so the log on /admin holds exactly the changes that
 * landed; a change that changes nothing writes no row. A mapping may name a new department,
 * but never one that differs from an existing one only in capitals (settings-changes.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { ConnectionQueries } from '#core/db/database.ts';
import { readSettings, writeSetting } from '#core/settings.ts';
import {
  departmentRates,
  groupMappings,
  knownDepartments,
  requestTypeOwners,
  requestTypeVolumes,
  setDepartmentRate,
  groupMappingsCsv,
  setRequestTypeOwner,
  unmappedGroups,
} from '../../repositories/settings-queries.ts';
import { badRequest, ErrorBody } from '../../schemas.ts';
import '../../access.ts';
import { headOf } from '../../plugins/app/auth/district-totals.ts';
import { audit, auditMany, Refusal } from '../admin/admin-store.ts';
import { buildApplyGroupDepartmentsSql, buildGroupDepartmentsOfSql } from './group-map-sql.ts';
import { describeChanges, describeMove, mappingDepartmentProblem } from './settings-changes.ts';
import { departmentRateOf, requestTypeOwnerOf } from './settings-store.ts';

const Minutes = Type.Number({ minimum: 0, maximum: 120 });
/** An hourly staff rate: the same range for the default and for a department's own. */
const HourlyRate = Type.Number({ minimum: 0, maximum: 500 });
export const CostSchema = Type.Object(
  {
    triageMinutes: Minutes,
    touchMinutes: Minutes,
    defaultHourlyRate: HourlyRate,
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
  },
  { additionalProperties: false },
);
const Clock = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });
const Holiday = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}(\\.\\.\\d{4}-\\d{2}-\\d{2})?$' });
export const CalendarSchema = Type.Object(
  {
    workingDays: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7, uniqueItems: true }),
    dayStart: Clock,
    dayEnd: Clock,
    holidays: Type.Array(Holiday, { maxItems: 500 }),
  },
  { additionalProperties: false },
);
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Department = Type.Union([Name, Type.Null()]);

const SettingsResponse = Type.Object({
  timeZone: Type.String(),
  ownerBasis: Type.String(),
  defaultLandingDepartment: Type.String(),
  cost: CostSchema,
  calendar: CalendarSchema,
  departments: Type.Array(Type.String()),
  groupDepartments: Type.Array(Type.Object({ group: Type.String(), department: Type.String() })),
  unmappedGroups: Type.Array(
    Type.Object({
      group: Type.String(),
      assignments: Type.Optional(Type.Integer({ description: 'left out for a department head: a count over every department' })),
      suggestion: Type.Union([Type.Object({ department: Type.String(), score: Type.Number() }), Type.Null()]),
      opaque: Type.Boolean({ description: "the name is only a code ('Group 73'): it counts as a unit of its own" }),
    }),
  ),
  requestTypeOwners: Type.Array(Type.Object({ requestType: Type.String(), department: Type.String() })),
  requestTypes: Type.Array(Type.Object({ requestType: Type.String(), tickets: Type.Optional(Type.Integer({ description: 'left out for a department head' })), declaredOwner: Type.Union([Type.String(), Type.Null()]) })),
  departmentRates: Type.Array(
    Type.Object({ department: Type.String(), hourlyRate: Type.Union([Type.Number(), Type.Null()], { description: 'null: the default hourly rate applies' }) }),
  ),
});
const DepartmentRateBody = Type.Object(
  // Null first: the validator coerces types, and tried first as a number null would become 0.
  { department: Name, hourlyRate: Type.Union([Type.Null(), HourlyRate], { description: 'null returns the department to the default rate' }) },
  { additionalProperties: false },
);

const Ok = Type.Object({ ok: Type.Literal(true) });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const actor = (request: { access: { email: string } | null }) => request.access?.email ?? 'unknown';
  /** Runs a change and its audit rows in one write transaction; a refusal comes back as a 400 body. */
  async function change(work: (tx: ConnectionQueries) => Promise<void>): Promise<ErrorBody | null> {
    try {
      await app.db.transaction(work);
      return null;
    } catch (e) {
      if (e instanceof Refusal) return badRequest(e.message, e.code);
      throw e;
    }
  }
  /**
   * Maps groups (null removes a mapping) with one audit row per group whose department
   * changes, written as sets (group-map-sql.ts). `numbered`: a refusal names the mapping.
   */
  async function mapGroups(tx: ConnectionQueries, who: string, mappings: readonly { group: string; department: string | null }[], numbered: boolean): Promise<void> {
    // In order, each against the departments known so far: two new names in one batch that
    // differ only in capitals are refused as well.
    const known = await knownDepartments(tx);
    for (const [i, m] of mappings.entries()) {
      const problem = mappingDepartmentProblem(known, m.department);
      if (problem) throw new Refusal(400, 'SB_ERR_DEPARTMENT_EXISTS', numbered ? `Mapping ${i + 1} (group ${m.group}): ${problem}` : problem);
      if (m.department !== null && !known.includes(m.department)) known.push(m.department);
    }
    // A group named twice takes its last department, as saving them one by one would.
    const last = new Map(mappings.map((m) => [m.group, m.department]));
    const q = buildGroupDepartmentsOfSql([...last.keys()]);
    const before = new Map((await tx.all<{ group: string; department: string }>(q.sql, q.params)).map((r) => [r.group, r.department]));
    const changes = [...last].flatMap(([group, department]) => {
      const detail = describeMove(before.get(group) ?? null, department);
      return detail ? [{ group, department, detail }] : [];
    });
    for (const statement of buildApplyGroupDepartmentsSql(changes)) await tx.run(statement.sql, statement.params);
    await auditMany(tx, { actor: who, action: 'settings.group-department' }, changes.map((c) => ({ target: c.group, detail: c.detail })));
  }

  app.get('/', { config: { access: 'leader' }, schema: { tags: ['settings'], summary: 'Settings and maps', response: { 200: SettingsResponse } } }, async (request) => {
    const settings = await readSettings(app.db);
    const departments = await knownDepartments(app.db);
    const answer = {
      timeZone: settings.timeZone,
      ownerBasis: settings.ownerBasis,
      defaultLandingDepartment: settings.defaultLandingDepartment,
      cost: settings.cost,
      calendar: settings.calendar,
      departments,
      groupDepartments: await groupMappings(app.db),
      unmappedGroups: await unmappedGroups(app.db, departments),
      requestTypeOwners: await requestTypeOwners(app.db),
      requestTypes: await requestTypeVolumes(app.db),
      departmentRates: await departmentRates(app.db, departments),
    };
    // Per-type and per-group counts span every department and take no filter a guard could
    // judge: a department head gets the maps without them (the figures routes have the counts, guarded).
    if (!headOf(request.access)) return answer;
    return {
      ...answer,
      unmappedGroups: answer.unmappedGroups.map(({ assignments: _, ...g }) => g),
      requestTypes: answer.requestTypes.map(({ tickets: _, ...t }) => t),
    };
  });

  app.put(
    '/cost',
    { config: { access: 'admin' }, schema: { tags: ['settings'], summary: 'Set the cost assumptions', body: CostSchema, response: { 200: Ok, 400: ErrorBody } } },
    async (request) => {
      await change(async (tx) => {
        const detail = describeChanges((await readSettings(tx)).cost, request.body, ['triageMinutes', 'touchMinutes', 'defaultHourlyRate', 'currency']);
        if (!detail) return;
        await writeSetting(tx, 'cost', request.body);
        await audit(tx, { actor: actor(request), action: 'settings.cost', target: 'cost', detail });
      });
      return { ok: true as const };
    },
  );

  app.put(
    '/calendar',
    { config: { access: 'admin' }, schema: { tags: ['settings'], summary: 'Set the business calendar', body: CalendarSchema, response: { 200: Ok, 400: ErrorBody } } },
    async (request, reply) => {
      if (request.body.dayStart >= request.body.dayEnd) {
        return reply.status(400).send(badRequest(`the day must start before it ends (${request.body.dayStart} is not before ${request.body.dayEnd})`));
      }
      await change(async (tx) => {
        const detail = describeChanges((await readSettings(tx)).calendar, request.body, ['workingDays', 'dayStart', 'dayEnd', 'holidays']);
        if (!detail) return;
        await writeSetting(tx, 'calendar', request.body);
        await audit(tx, { actor: actor(request), action: 'settings.calendar', target: 'calendar', detail });
      });
      return { ok: true as const };
    },
  );

  app.put(
    '/group-departments',
    {
      config: { access: 'uploader' },
      schema: { tags: ['settings'], summary: 'Map a group to a department (null removes it)', body: Type.Object({ group: Name, department: Department }, { additionalProperties: false }), response: { 200: Ok, 400: ErrorBody } },
    },
    async (request, reply) => {
      const refused = await change((tx) => mapGroups(tx, actor(request), [request.body], false));
      if (refused) return reply.status(400).send(refused);
      return { ok: true as const };
    },
  );

  app.put(
    '/group-departments/bulk',
    {
      config: { access: 'uploader' },
      schema: {
        tags: ['settings'],
        summary: 'Map many groups at once, all or nothing (accepted suggestions, an imported CSV); null removes a mapping',
        body: Type.Object({ mappings: Type.Array(Type.Object({ group: Name, department: Department }, { additionalProperties: false }), { minItems: 1, maxItems: 10_000 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ ok: Type.Literal(true), mapped: Type.Integer() }), 400: ErrorBody },
      },
    },
    async (request, reply) => {
      const { mappings } = request.body;
      const refused = await change((tx) => mapGroups(tx, actor(request), mappings, true));
      if (refused) return reply.status(400).send(refused);
      return { ok: true as const, mapped: mappings.length };
    },
  );

  app.get(
    '/group-departments.csv',
    {
      config: { access: 'uploader' },
      schema: { tags: ['settings'], summary: 'The group -> department map as CSV (group,department)', produces: ['text/csv'], response: { 200: Type.String() } },
    },
    async (_request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="switchboard-group-departments.csv"')
        .send(groupMappingsCsv(await groupMappings(app.db))),
  );

  app.put(
    '/request-type-owners',
    {
      config: { access: 'uploader' },
      schema: {
        tags: ['settings'],
        summary: "Declare a request type's owning department (null removes it)",
        body: Type.Object({ requestType: Type.String({ minLength: 1, maxLength: 400 }), department: Department }, { additionalProperties: false }),
        response: { 200: Ok, 400: ErrorBody },
      },
    },
    async (request, reply) => {
      const { requestType, department } = request.body;
      const refused = await change(async (tx) => {
        const problem = mappingDepartmentProblem(await knownDepartments(tx), department);
        if (problem) throw new Refusal(400, 'SB_ERR_DEPARTMENT_EXISTS', problem);
        const move = describeMove(await requestTypeOwnerOf(tx, requestType), department);
        if (!move) return;
        await setRequestTypeOwner(tx, requestType, department);
        await audit(tx, { actor: actor(request), action: 'settings.request-type-owner', target: requestType, detail: move });
      });
      if (refused) return reply.status(400).send(refused);
      return { ok: true as const };
    },
  );

  app.put(
    '/department-rates',
    {
      config: { access: 'admin' },
      schema: { tags: ['settings'], summary: "Set a department's hourly rate (null: the default rate)", body: DepartmentRateBody, response: { 200: Ok, 400: ErrorBody } },
    },
    async (request, reply) => {
      const { department, hourlyRate } = request.body;
      // A rate for a name no figure uses would change nothing: most likely a typo.
      const known = await knownDepartments(app.db);
      if (!known.includes(department)) {
        return reply
          .status(400)
          .send(badRequest(`no department '${department}'; map a group to it first, or choose one of: ${known.join(', ') || '(none yet)'}`, 'SB_ERR_UNKNOWN_DEPARTMENT'));
      }
      await change(async (tx) => {
        const move = describeMove(await departmentRateOf(tx, department), hourlyRate);
        if (!move) return;
        await setDepartmentRate(tx, department, hourlyRate);
        await audit(tx, { actor: actor(request), action: 'settings.department-rate', target: department, detail: `hourly rate ${move}` });
      });
      return { ok: true as const };
    },
  );
};

export default routes;
