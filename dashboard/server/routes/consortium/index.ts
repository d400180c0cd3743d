/**
 * Districts compared under /api/consortium (analysis/consortium): each district's tickets,
 * misroutes and cost per 1,000 tickets, and the gaps several districts share. For leaders
 * and admins: the figures are whole districts', with no department to scope them to.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { compareDistricts } from '#analysis/consortium/districts.ts';
import { readSettings } from '#core/settings.ts';
import { ErrorBody } from '../../schemas.ts';
import '../../access.ts';

const Comparison = Type.Object({
  districts: Type.Array(Type.Object({
    district: Type.String(), tickets: Type.Integer(), misrouted_tickets: Type.Integer(), misroute_share: Type.Number(),
    coordination_cost: Type.Number(), cost_per_1000_tickets: Type.Number(),
  })),
  shared_gaps: Type.Array(Type.Object({
    request_type: Type.String(), districts: Type.Array(Type.String()), misrouted_tickets: Type.Integer(), coordination_cost: Type.Number(),
  })),
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/districts',
    { config: { access: 'district' }, schema: { tags: ['consortium'], summary: 'Districts side by side, and the gaps they share', response: { 200: Comparison, 403: ErrorBody } } },
    async () => compareDistricts(app.db, await readSettings(app.db)),
  );
};

export default routes;
