/**
 * GET /api/filter-options: the values the filter bar offers, from the tickets there now
 * (options-sql.ts), and the span of the data.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { readSettings } from '#core/settings.ts';
import { filterOptions } from './options-sql.ts';
import '../../access.ts';

const Options = Type.Object({
  departments: Type.Array(Type.String()),
  locations: Type.Array(Type.String()),
  requestTypes: Type.Array(Type.String()),
  sources: Type.Array(Type.String()),
  firstDay: Type.Union([Type.String(), Type.Null()]),
  lastDay: Type.Union([Type.String(), Type.Null()]),
  schoolYearStart: Type.String({ description: "the district's first school day, MM-DD: where a school year starts for the date presets" }),
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    { config: { access: 'leader' }, schema: { tags: ['figures'], summary: 'Values for the filter bar', response: { 200: Options } } },
    async () => filterOptions(app.db, await readSettings(app.db)),
  );
};

export default routes;
