/**
 * GET /api/freshness: what the figures are made of, for the line under every signed-in
 * page's header. One small answer from three cheap queries (freshness-sql.ts). For
 * leaders, uploaders and department heads alike: it holds no figure about a department.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { readSettings } from '#core/settings.ts';
import { DATA_SPAN_SQL, LAST_IMPORT_SQL, UNMAPPED_GROUP_COUNT_SQL } from './freshness-sql.ts';
import '../../access.ts';

export const Freshness = Type.Object({
  hasData: Type.Boolean({ description: 'false when the database holds no ticket yet' }),
  lastImport: Type.Union([
    Type.Object({
      fileName: Type.Union([Type.String(), Type.Null()], { description: 'null for an API pull' }),
      source: Type.String(),
      finishedAt: Type.String({ description: 'ISO 8601, UTC' }),
    }),
    Type.Null(),
  ], { description: 'the newest successful import; null when the data came another way (the demo district)' }),
  firstDay: Type.Union([Type.String(), Type.Null()], { description: "first day with a ticket created, in the district's time zone" }),
  lastDay: Type.Union([Type.String(), Type.Null()]),
  unmappedGroups: Type.Integer({ description: 'groups tickets were assigned to that no department mapping covers' }),
  timeZone: Type.String(),
});
export type FreshnessAnswer = Static<typeof Freshness>;

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    { config: { access: 'leader' }, schema: { tags: ['figures'], summary: 'The last import, the days the data covers, unmapped groups', response: { 200: Freshness } } },
    async (): Promise<FreshnessAnswer> => {
      const { timeZone } = await readSettings(app.db);
      const [span] = await app.db.all<{ tickets: number; firstDay: string | null; lastDay: string | null }>(DATA_SPAN_SQL, { tz: timeZone });
      const [last] = await app.db.all<{ fileName: string | null; source: string; finishedAt: Date }>(LAST_IMPORT_SQL);
      const [{ n }] = await app.db.all<{ n: number }>(UNMAPPED_GROUP_COUNT_SQL);
      return {
        hasData: span.tickets > 0,
        lastImport: last ? { fileName: last.fileName, source: last.source, finishedAt: last.finishedAt.toISOString() } : null,
        firstDay: span.firstDay,
        lastDay: span.lastDay,
        unmappedGroups: n,
        timeZone,
      };
    },
  );
};

export default routes;
