/**
 * OpenAPI from the routes' TypeBox schemas. The document is served as JSON at
 * /api/docs/json; each route's `config.access` is listed in its description.
 */
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';

export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Switchboard API',
          description: 'Where K-12 support requests land, where they belong, and what the coordination costs.',
          version: '0.1.0',
        },
        tags: [
          { name: 'figures' }, { name: 'tickets' }, { name: 'imports' }, { name: 'settings' }, { name: 'report' }, { name: 'health' },
        ],
      },
      transform: ({ schema, url, route }) => {
        const access = (route.config as { access?: string } | undefined)?.access;
        const s = { ...(schema ?? {}) } as Record<string, unknown>;
        if (access) s.description = `${s.description ? `${s.description} ` : ''}Access: ${access}.`;
        return { schema: s, url };
      },
    });
    app.get('/api/docs/json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'swagger' },
);
