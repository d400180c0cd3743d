/**
 * Builds the Fastify app: the database plugin, the JSON API under /api, and the built
 * SvelteKit pages (a static single-page app) for everything else. Tests build it with an
 * in-memory database and use app.inject; the CLI's `serve` listens on a port.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { Database } from '../../ingest/db/database.ts';
import database from './plugins/app/database.ts';
import { registerErrorHandler } from './errors.ts';
import figureRoutes from './routes/figures/index.ts';
import healthRoutes from './routes/health/index.ts';

export interface AppOptions {
  db: Database;
  /** Close the database when the app closes (the server owns it). */
  closeDatabase?: boolean;
  /** Folder of the built dashboard; the API runs without it. */
  staticDir?: string;
  logger?: boolean;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false });
  registerErrorHandler(app);
  await app.register(database, { db: options.db, closeOnExit: options.closeDatabase ?? false });
  await app.register(healthRoutes, { prefix: '/api/health' });
  await app.register(figureRoutes, { prefix: '/api/figures' });

  const staticDir = options.staticDir;
  if (staticDir && existsSync(join(staticDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: staticDir, wildcard: false });
    // Client-side routes (/departments/Payroll, ...) get the app shell; unknown API paths a 404.
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
      return reply.status(404).send({ error: 'Not Found', code: 'SB_ERR_NOT_FOUND', message: `no route for ${request.method} ${request.url.split('?')[0]}` });
    });
  } else {
    app.setNotFoundHandler((request, reply) =>
      reply.status(404).send({ error: 'Not Found', code: 'SB_ERR_NOT_FOUND', message: `no route for ${request.method} ${request.url.split('?')[0]}` }),
    );
  }
  return app;
}
