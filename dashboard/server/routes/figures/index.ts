/**
 * The figures under /api/figures. Each route validates the filters, reads the settings and
 * calls one analysis module (or, for the flows and period counts the charts need, one
 * query in repositories/ticket-queries.ts built on the same ticket paths and filters).
 *
 * GET /first-landing         resolved elsewhere, overall and by first-landing department
 * GET /summary               the routing summary: misrouted, redirected, time to owner, cost
 * GET /departments           figures by department
 * GET /ownership-gaps        request types by cost with their owners; ?top=N: only the N costliest gaps
 * GET /answer-gaps           question themes a published answer could absorb, by cost
 * PUT /answer-gaps/answered  mark a theme answered with a link (admin)
 * GET /flows                 tickets by first-landing -> owning department (the Sankey)
 * GET /trend                 the main counts per week or month
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { firstLanding } from '#analysis/first-landing/first-landing.ts';
import { readSettings } from '#core/settings.ts';
import { routingSummary } from '#analysis/routing-summary/routing-summary.ts';
import { departmentFigures } from '#analysis/departments/departments.ts';
import { ownershipGaps } from '#analysis/ownership-gaps/ownership-gaps.ts';
import { answerGaps, markThemeAnswered, unmarkThemeAnswered } from '#analysis/answer-gaps/answer-gaps.ts';
import { trend } from '#analysis/trends/trends.ts';
import { landingFlows } from '../../repositories/ticket-queries.ts';
import { Count, DepartmentRow, ErrorBody, Figure, filterProperties, FiltersQuery, SummaryRow, TrendPointRow } from '../../schemas.ts';
import '../../access.ts';
import { rejectBadFilters } from '../../filter-check.ts';
import { headOf, hiddenPartFilters, withholdSmallPeriods, withholdSmallTotal } from '../../plugins/app/auth/district-totals.ts';

const FirstLandingResponse = Type.Object({
  summary: Type.Object({
    tickets: Count,
    resolvedElsewhere: Count,
    resolvedElsewhereShare: Figure,
  }),
  byDepartment: Type.Array(
    Type.Object({
      department: Type.String(),
      ticketsLanded: Count,
      resolvedElsewhere: Count,
      resolvedElsewhereShare: Figure,
    }),
  ),
});

const FlowsResponse = Type.Object({
  flows: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), tickets: Count })),
});

const TrendQuery = Type.Object(
  { ...filterProperties, interval: Type.Optional(Type.Union([Type.Literal('week'), Type.Literal('month')], { default: 'week' })) },
  { additionalProperties: false },
);
const TrendResponse = Type.Object({
  interval: Type.Union([Type.Literal('week'), Type.Literal('month')]),
  timeZone: Type.String(),
  periods: Type.Array(TrendPointRow),
});

const Assumptions = Type.Object({
  ownerBasis: Type.String(),
  timeZone: Type.String(),
  defaultLandingDepartment: Type.String(),
  cost: Type.Object({ triageMinutes: Type.Number(), touchMinutes: Type.Number(), defaultHourlyRate: Type.Number(), currency: Type.String() }),
  calendar: Type.Object({ workingDays: Type.Array(Type.Integer()), dayStart: Type.String(), dayEnd: Type.String(), holidays: Type.Array(Type.String()) }),
});

const GapsQuery = Type.Object(
  {
    ...filterProperties,
    top: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'only the N costliest request types that are gaps (the overview asks for 5)' })),
  },
  { additionalProperties: false },
);

const SummaryResponse = Type.Object({ summary: SummaryRow, assumptions: Assumptions });

const DepartmentsResponse = Type.Object({ departments: Type.Array(DepartmentRow) });

const GapsResponse = Type.Object({
  gaps: Type.Array(
    Type.Object({
      request_type: Type.Union([Type.String(), Type.Null()]),
      tickets: Count,
      owners: Type.Array(Type.Object({ department: Type.String(), tickets: Count, share: Figure })),
      top_owner: Type.String(),
      top_owner_share: Figure,
      owner_entropy: Figure,
      misroute_share: Figure,
      coordination_cost: Figure,
      declared_owner: Type.Union([Type.String(), Type.Null()]),
      gap: Type.Boolean(),
    }),
  ),
});

const AnswerGapsResponse = Type.Object({
  themes: Type.Array(
    Type.Object({
      theme_key: Type.String(),
      theme: Type.String(),
      request_type: Type.Union([Type.String(), Type.Null()]),
      key_phrase: Type.String(),
      tickets: Count,
      owner_department: Type.String(),
      coordination_cost: Figure,
      example_subjects: Type.Array(Type.String()),
      knowledge_article_linked: Type.Boolean(),
      answered: Type.Union([
        Type.Object({ url: Type.String(), answered_at: Type.String({ format: 'date-time' }), tickets_before: Count, tickets_after: Count }),
        Type.Null(),
      ]),
    }),
  ),
});

const AnsweredBody = Type.Object(
  {
    themeKey: Type.String({ minLength: 1, maxLength: 600 }),
    url: Type.Union([Type.String({ minLength: 1, maxLength: 2000, pattern: '^https?://' }), Type.Null()], { description: 'null removes the mark' }),
  },
  { additionalProperties: false },
);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preHandler', rejectBadFilters);
  const errors = { 400: ErrorBody };

  app.get(
    '/first-landing',
    {
      config: { access: 'leader' },
      schema: { tags: ['figures'], summary: 'Tickets resolved by a department other than their first landing', querystring: FiltersQuery, response: { 200: FirstLandingResponse, ...errors } },
    },
    async (request) => {
      const settings = await readSettings(app.db);
      const answer = await firstLanding(app.db, request.query, settings);
      const head = headOf(request.access);
      if (head) withholdSmallTotal(answer.summary, (await firstLanding(app.db, hiddenPartFilters(request.query, head), settings)).summary);
      return answer;
    },
  );

  app.get(
    '/flows',
    {
      config: { access: 'leader' },
      schema: { tags: ['figures'], summary: 'Tickets by first-landing and owning department', querystring: FiltersQuery, response: { 200: FlowsResponse, ...errors } },
      // A thousand groups make hundreds of thousands of routes, and the schema's serializer
      // checks each count against its union (a number or "<5") on the main thread: 385,000
      // routes held the event loop for a second. The rows are exactly the schema's fields.
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (request, reply) => {
      return { flows: await landingFlows(app.db, request.query, await readSettings(app.db)) };
    },
  );

  app.get(
    '/trend',
    {
      config: { access: 'leader' },
      schema: { tags: ['figures'], summary: 'The main counts per week or month (analysis/trends)', querystring: TrendQuery, response: { 200: TrendResponse, ...errors } },
    },
    async (request) => {
      const { interval = 'week', ...filters } = request.query;
      const settings = await readSettings(app.db);
      const periods = await trend(app.db, filters, settings, interval);
      const head = headOf(request.access);
      if (head) withholdSmallPeriods(periods, await trend(app.db, hiddenPartFilters(filters, head), settings, interval));
      return { interval, timeZone: settings.timeZone, periods };
    },
  );

  app.get(
    '/summary',
    {
      config: { access: 'leader' },
      schema: { tags: ['figures'], summary: 'Routing summary with the assumptions behind its hours and cost', querystring: FiltersQuery, response: { 200: SummaryResponse, ...errors } },
    },
    async (request, reply) => {
      const settings = await readSettings(app.db);
      const { ownerBasis, timeZone, defaultLandingDepartment, cost, calendar } = settings;
      const summary = await routingSummary(app.db, request.query, settings);
      const head = headOf(request.access);
      if (head) withholdSmallTotal(summary, await routingSummary(app.db, hiddenPartFilters(request.query, head), settings));
      return {
        summary,
        assumptions: { ownerBasis, timeZone, defaultLandingDepartment, cost, calendar },
      };
    },
  );

  app.get(
    '/departments',
    {
      config: { access: 'leader' },
      schema: { tags: ['figures'], summary: 'Figures by department', querystring: FiltersQuery, response: { 200: DepartmentsResponse, ...errors } },
    },
    async (request, reply) => {
      return { departments: await departmentFigures(app.db, request.query, await readSettings(app.db)) };
    },
  );

  app.get(
    '/ownership-gaps',
    {
      config: { access: 'leader' },
      schema: { tags: ['figures'], summary: 'Request types by coordination cost, with their owners and whether each is a gap', querystring: GapsQuery, response: { 200: GapsResponse, ...errors } },
    },
    async (request) => {
      const { top, ...filters } = request.query;
      const gaps = await ownershipGaps(app.db, filters, await readSettings(app.db));
      // A district with a thousand groups has megabytes of owners; the overview needs five rows.
      return { gaps: top === undefined ? gaps : gaps.filter((g) => g.gap).slice(0, top) };
    },
  );

  app.get(
    '/answer-gaps',
    {
      config: { access: 'leader' },
      schema: { tags: ['figures'], summary: 'Question themes a published answer could absorb, by cost', querystring: FiltersQuery, response: { 200: AnswerGapsResponse, ...errors } },
    },
    async (request, reply) => {
      const themes = await answerGaps(app.db, request.query, await readSettings(app.db));
      return { themes: themes.map((t) => ({ ...t, answered: t.answered && { ...t.answered, answered_at: new Date(t.answered.answered_at).toISOString() } })) };
    },
  );

  app.put(
    '/answer-gaps/answered',
    {
      config: { access: 'admin' },
      schema: { tags: ['figures'], summary: 'Mark a theme answered with a link (or unmark it with url null)', body: AnsweredBody, response: { 200: Type.Object({ ok: Type.Literal(true) }), 400: ErrorBody } },
    },
    async (request) => {
      const { themeKey, url } = request.body;
      if (url === null) await unmarkThemeAnswered(app.db, themeKey);
      else await markThemeAnswered(app.db, themeKey, url);
      return { ok: true as const };
    },
  );
};

export default routes;
