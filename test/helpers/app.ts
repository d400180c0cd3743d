/**
 * Builds the API over an in-memory database for app.inject tests, and closes both after.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { Database } from '../../ingest/db/database.ts';
import { buildApp } from '../../dashboard/server/app.ts';

export function useApp(seed: (db: Database) => Promise<void>): { app: () => FastifyInstance; db: () => Database } {
  let app: FastifyInstance;
  let db: Database;
  beforeAll(async () => {
    db = await Database.open(':memory:');
    await seed(db);
    app = await buildApp({ db, closeDatabase: true });
  });
  afterAll(async () => {
    await app.close();
  });
  return { app: () => app, db: () => db };
}
