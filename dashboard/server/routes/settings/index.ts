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
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { readSettings, writeSetting } from '#core/settings.ts';
import {
  departmentRates,
  groupMappings,
  knownDepartments,
  requestTypeOwners,
  requestTypeVolumes,
  setDepartmentRate,
  setGroupDepartment,
  setGroupDepartments,
  groupMappingsCsv,
  setRequestTypeOwner,
  unmappedGroups,
} from '../../repositories/settings-queries.ts';
import { badRequest, ErrorBody } from '../../schemas.ts';
import '../../access.ts';
import { headOf } from '../../plugins/app/auth/district-totals.ts';

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
      await writeSetting(app.db, 'cost', request.body);
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
      await writeSetting(app.db, 'calendar', request.body);
      return { ok: true as const };
    },
  );

  app.put(
    '/group-departments',
    {
      config: { access: 'uploader' },
      schema: { tags: ['settings'], summary: 'Map a group to a department (null removes it)', body: Type.Object({ group: Name, department: Department }, { additionalProperties: false }), response: { 200: Ok, 400: ErrorBody } },
    },
    async (request) => {
      await setGroupDepartment(app.db, request.body.group, request.body.department);
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
    async (request) => {
      await setGroupDepartments(app.db, request.body.mappings);
      return { ok: true as const, mapped: request.body.mappings.length };
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
    async (request) => {
      await setRequestTypeOwner(app.db, request.body.requestType, request.body.department);
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
      await setDepartmentRate(app.db, department, hourlyRate);
      return { ok: true as const };
    },
  );
};

export default routes;
