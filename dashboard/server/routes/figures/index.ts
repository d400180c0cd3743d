/**
 * GET /api/figures/first-landing: the share of tickets resolved by a department other
 * than the one where they first landed, overall and by first-landing department.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { firstLanding } from '../../../../analysis/first-landing/first-landing.ts';
import { validateFilters } from '../../../../analysis/filters/filters.ts';
import { readSettings } from '../../../../ingest/settings.ts';
import { ErrorBody, FiltersQuery } from '../../schemas.ts';

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

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/first-landing',
    { schema: { querystring: FiltersQuery, response: { 200: FirstLandingResponse, 400: ErrorBody } } },
    async (request, reply) => {
      const errors = validateFilters(request.query);
      if (errors.length) return reply.status(400).send({ error: 'Bad Request', code: 'SB_ERR_BAD_FILTER', message: errors.join('; ') });
      const settings = await readSettings(app.db);
      return firstLanding(app.db, request.query, settings);
    },
  );
};

export default routes;
