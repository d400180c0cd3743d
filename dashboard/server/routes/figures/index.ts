/**
 * The figures under /api/figures. Each route validates the filters, reads the settings and
 * calls one analysis module (or, for the flows and period counts the charts need, one
 * query in repositories/ticket-queries.ts built on the same ticket paths and filters).
 *
 * GET /first-landing  resolved elsewhere, overall and by first-landing department
 * GET /flows          tickets by first-landing -> resolving department (the Sankey)
 * GET /trend          tickets and resolved elsewhere per week or month
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { firstLanding } from '../../../../analysis/first-landing/first-landing.ts';
import { validateFilters } from '../../../../analysis/filters/filters.ts';
import { readSettings } from '../../../../ingest/settings.ts';
import { landingFlows, periodCounts } from '../../repositories/ticket-queries.ts';
import { badRequest, ErrorBody, filterProperties, FiltersQuery } from '../../schemas.ts';
import '../../access.ts';

const FirstLandingResponse = Type.Object({
  summary: Type.Object({
    tickets: Type.Integer(),
    resolvedElsewhere: Type.Integer(),
    resolvedElsewhereShare: Type.Number(),
  }),
  byDepartment: Type.Array(
    Type.Object({
      department: Type.String(),
      ticketsLanded: Type.Integer(),
      resolvedElsewhere: Type.Integer(),
      resolvedElsewhereShare: Type.Number(),
    }),
  ),
});

const FlowsResponse = Type.Object({
  flows: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), tickets: Type.Integer() })),
});

const TrendQuery = Type.Object(
  { ...filterProperties, interval: Type.Optional(Type.Union([Type.Literal('week'), Type.Literal('month')], { default: 'week' })) },
  { additionalProperties: false },
);
const TrendResponse = Type.Object({
  interval: Type.Union([Type.Literal('week'), Type.Literal('month')]),
  timeZone: Type.String(),
  periods: Type.Array(Type.Object({ period: Type.String(), tickets: Type.Integer(), resolvedElsewhere: Type.Integer() })),
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const errors = { 400: ErrorBody };

  app.get(
    '/first-landing',
    {
      config: { access: 'leader' },
      schema: { tags: ['figures'], summary: 'Tickets resolved by a department other than their first landing', querystring: FiltersQuery, response: { 200: FirstLandingResponse, ...errors } },
    },
    async (request, reply) => {
      const problems = validateFilters(request.query);
      if (problems.length) return reply.status(400).send(badRequest(problems.join('; '), 'SB_ERR_BAD_FILTER'));
      return firstLanding(app.db, request.query, await readSettings(app.db));
    },
  );

  app.get(
    '/flows',
    {
      config: { access: 'leader' },
      schema: { tags: ['figures'], summary: 'Tickets by first-landing and resolving department', querystring: FiltersQuery, response: { 200: FlowsResponse, ...errors } },
    },
    async (request, reply) => {
      const problems = validateFilters(request.query);
      if (problems.length) return reply.status(400).send(badRequest(problems.join('; '), 'SB_ERR_BAD_FILTER'));
      return { flows: await landingFlows(app.db, request.query, await readSettings(app.db)) };
    },
  );

  app.get(
    '/trend',
    {
      config: { access: 'leader' },
      schema: { tags: ['figures'], summary: 'Tickets and resolved elsewhere per week or month', querystring: TrendQuery, response: { 200: TrendResponse, ...errors } },
    },
    async (request, reply) => {
      const { interval = 'week', ...filters } = request.query;
      const problems = validateFilters(filters);
      if (problems.length) return reply.status(400).send(badRequest(problems.join('; '), 'SB_ERR_BAD_FILTER'));
      const settings = await readSettings(app.db);
      return { interval, timeZone: settings.timeZone, periods: await periodCounts(app.db, filters, settings, interval) };
    },
  );
};

export default routes;
