/**
 * Pulls from a helpdesk API, started from the settings page (administrators only).
 *
 * POST /     { vendor, url, since?, timeZone?, wait? }  starts a pull in the server, which
 *            owns the database file (a CLI pull could not open it while the server runs).
 *            202 when started; with wait: true, 200 with the summary once it is done.
 *            Credentials come from the server's environment or its mode-0600 file, never
 *            from the request. 409 while a pull of the same instance runs.
 * GET  /     the pulls running now, the last error of each, and the last runs.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { loadCredentials } from '#sync/credentials.ts';
import { PullError } from '#sync/http-client.ts';
import { pageImporter } from '#sync/import-page.ts';
import { normaliseBaseUrl } from '#sync/reader.ts';
import { PULL_READERS, pullReader } from '#sync/readers.ts';
import { pullIsActive, runPull } from '#sync/run-pull.ts';
import { listSyncRuns } from '#sync/sync-store.ts';
import { badRequest, ErrorBody } from '../../schemas.ts';
import '../../access.ts';

const StartBody = Type.Object(
  {
    vendor: Type.Union(Object.keys(PULL_READERS).map((k) => Type.Literal(k))),
    url: Type.String({ minLength: 8, maxLength: 300 }),
    since: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    wait: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const Counters = Type.Object({
  pages: Type.Integer(), tickets: Type.Integer(), events: Type.Integer(), requests: Type.Integer(),
  retries: Type.Integer(), rateLimitWaits: Type.Integer(), rateLimitWaitMs: Type.Number(),
});
const Started = Type.Object({ started: Type.Boolean(), vendor: Type.String(), baseUrl: Type.String() });
const Finished = Type.Object({
  vendor: Type.String(), baseUrl: Type.String(), runId: Type.Union([Type.Integer(), Type.Null()]), counters: Counters,
});
const Run = Type.Object({
  runId: Type.Integer(), source: Type.String(), baseUrl: Type.String(), status: Type.String(),
  since: Type.Union([Type.String(), Type.Null()]), pages: Type.Integer(), tickets: Type.Integer(), events: Type.Integer(),
  requests: Type.Integer(), retries: Type.Integer(), rateLimitWaits: Type.Integer(), rateLimitWaitMs: Type.Integer(),
  startedAt: Type.String(), finishedAt: Type.Union([Type.String(), Type.Null()]), message: Type.Union([Type.String(), Type.Null()]),
});
const Problem = Type.Object({ vendor: Type.String(), baseUrl: Type.String(), code: Type.String(), message: Type.String(), at: Type.String() });
const Status = Type.Object({
  running: Type.Array(Type.Object({ vendor: Type.String(), baseUrl: Type.String() })),
  errors: Type.Array(Problem),
  runs: Type.Array(Run),
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const running = new Map<string, { vendor: string; baseUrl: string }>();
  // A pull refused before its first page (a bad token) writes nothing, so the page learns of it here.
  const errors = new Map<string, { vendor: string; baseUrl: string; code: string; message: string; at: string }>();

  app.post(
    '/',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['sync'], summary: 'Start a pull from a helpdesk API', body: StartBody,
        response: { 200: Finished, 202: Started, 400: ErrorBody, 409: ErrorBody, 424: ErrorBody },
      },
    },
    async (request, reply) => {
      const { vendor, url, since, timeZone, wait } = request.body;
      const reader = pullReader(vendor)!;
      let baseUrl: string;
      try {
        baseUrl = normaliseBaseUrl(url);
      } catch (e) {
        return reply.status(400).send(badRequest((e as Error).message, 'SB_ERR_BAD_URL'));
      }
      if (timeZone) {
        try {
          new Intl.DateTimeFormat('en', { timeZone });
        } catch {
          return reply.status(400).send(badRequest(`timeZone must be an IANA zone like America/Chicago, got '${timeZone}'`, 'SB_ERR_BAD_TIME_ZONE'));
        }
      }
      let credentials;
      try {
        credentials = loadCredentials(vendor, reader.credentials);
        reader.auth(credentials);
      } catch (e) {
        if (e instanceof PullError) return reply.status(400).send(badRequest(e.message, e.code));
        throw e;
      }
      const key = `${vendor} ${baseUrl}`;
      if (running.has(key) || pullIsActive(vendor, baseUrl)) {
        return reply.status(409).send({ error: 'Conflict', code: 'SB_ERR_PULL_BUSY', message: `a ${reader.label} pull from ${baseUrl} is already running` });
      }
      running.set(key, { vendor, baseUrl });
      errors.delete(key);
      const job = runPull(app.db, reader, {
        baseUrl, since: since ? new Date(`${since}T00:00:00Z`) : undefined, credentials, importer: pageImporter({ timeZone }),
      }).finally(() => running.delete(key));
      const remember = (e: unknown) => {
        const code = e instanceof PullError ? e.code : ((e as { code?: string }).code ?? 'SB_ERR_PULL_FAILED');
        errors.set(key, { vendor, baseUrl, code, message: (e as Error).message, at: new Date().toISOString() });
        request.log.warn({ vendor, baseUrl, code }, 'pull failed');
      };
      if (!wait) {
        job.catch(remember);
        return reply.status(202).send({ started: true, vendor, baseUrl });
      }
      try {
        const summary = await job;
        return { vendor, baseUrl, runId: summary.runId, counters: summary.counters };
      } catch (e) {
        remember(e);
        // The helpdesk refused or failed: 424, with the message that says what to fix.
        if (e instanceof PullError || (e as { name?: string }).name === 'ImportError') {
          return reply.status(424).send({ error: 'Failed Dependency', code: (e as PullError).code, message: (e as Error).message });
        }
        throw e;
      }
    },
  );

  app.get(
    '/',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['sync'], summary: 'Pulls running now, their last errors and the last runs',
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }) }),
        response: { 200: Status },
      },
    },
    async (request) => ({
      running: [...running.values()],
      errors: [...errors.values()],
      runs: await listSyncRuns(app.db, request.query.limit),
    }),
  );
};

export default routes;
