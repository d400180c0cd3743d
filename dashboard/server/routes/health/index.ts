/** GET /api/health: the server is up and its database answers. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import '../../access.ts';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { access: 'public' },
      schema: { tags: ['health'], summary: 'The server and its database answer', response: { 200: Type.Object({ ok: Type.Boolean(), tickets: Type.Integer() }) } },
    },
    async () => {
      const [{ n }] = await app.db.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM tickets');
      return { ok: true, tickets: n };
    },
  );
};

export default routes;
