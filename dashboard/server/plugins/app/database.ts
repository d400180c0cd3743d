/**
 * The DuckDB handle as a Fastify decorator. The server owns the database file for its
 * whole life (DuckDB allows one process per file) and closes it in onClose, so Ctrl-C
 * never leaves a half-written file behind.
 */
import fp from 'fastify-plugin';
import type { Database } from '#core/db/database.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
  }
}

export default fp<{ db: Database; closeOnExit: boolean }>(
  async (app, opts) => {
    app.decorate('db', opts.db);
    if (opts.closeOnExit) app.addHook('onClose', async () => opts.db.close());
  },
  { name: 'database' },
);
