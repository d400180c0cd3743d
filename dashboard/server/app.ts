/**
 * Builds the Fastify app in three layers (as fastify/demo): external plugins (security
 * headers, multipart, OpenAPI), app plugins (the DuckDB handle, the upload store), and the
 * JSON API under /api, one folder per resource; then the built SvelteKit pages (a static
 * single-page app) for everything else. Tests build it with an in-memory database and use
 * app.inject; the CLI's `serve` listens on a port.
 *
 * Every route declares `config.access` (public, leader, uploader, admin) for the auth
 * plugin to enforce.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '#core/db/database.ts';
import helmet from './plugins/external/helmet.ts';
import multipart from './plugins/external/multipart.ts';
import swagger from './plugins/external/swagger.ts';
import rateLimit from './plugins/external/rate-limit.ts';
import auth, { type AuthOptions } from './plugins/app/auth/index.ts';
import authRoutes from './routes/auth/index.ts';
import adminRoutes from './routes/admin/index.ts';
import routeTable from './plugins/app/auth/route-table.ts';
import database from './plugins/app/database.ts';
import uploads from './plugins/app/uploads.ts';
import workLimit, { type WorkLimitOptions } from './plugins/app/work-limit.ts';
import bodyTimeout from './plugins/app/body-timeout.ts';
import responseCache from './plugins/app/response-cache.ts';
import warmAnswers from './plugins/app/warm-answers.ts';
import { registerErrorHandler } from './errors.ts';
import deliveryRoutes, { type DeliveryRouteOptions } from './routes/deliveries/index.ts';
import reportDelivery from './plugins/app/report-delivery.ts';
import { deliveryFromEnv } from './delivery/delivery-config.ts';
import consortiumRoutes from './routes/consortium/index.ts';
import exportRoutes from './routes/export/index.ts';
import demandRoutes from './routes/demand/index.ts';
import figureRoutes from './routes/figures/index.ts';
import fixFirstRoutes from './routes/fix-first/index.ts';
import freshnessRoutes from './routes/freshness/index.ts';
import filterOptionRoutes from './routes/filter-options/index.ts';
import healthRoutes from './routes/health/index.ts';
import importRoutes from './routes/imports/index.ts';
import peopleRoutes from './routes/people/index.ts';
import reportRoutes from './routes/report/index.ts';
import settingsRoutes from './routes/settings/index.ts';
import syncRoutes from './routes/sync/index.ts';
import ticketRoutes from './routes/tickets/index.ts';
import savedViewRoutes from './routes/saved-views/index.ts';

export interface AppOptions {
  db: Database;
  /** Close the database when the app closes (the server owns it). */
  closeDatabase?: boolean;
  /** Folder of the built dashboard; the API runs without it. */
  staticDir?: string;
  /**
   * Structured logs (pino, JSON lines on standard output): true for the defaults below,
   * or pino options. Off unless asked; `serve` turns them on.
   */
  logger?: boolean | FastifyServerOptions['logger'];
  /**
   * Behind a reverse proxy: trust its X-Forwarded-* headers (true, or the proxy's
   * addresses), so that https at the proxy makes cookies Secure and rate limits
   * see the client's address. Default SWITCHBOARD_TRUST_PROXY, else off.
   */
  trustProxy?: boolean | string[];
  /** The whole request, body included, must arrive within this; default SWITCHBOARD_REQUEST_TIMEOUT_S or 10 minutes. */
  requestTimeoutMs?: number;
  /** Previews and imports at once, and waiting (plugins/app/work-limit.ts). */
  fileWork?: WorkLimitOptions;
  /** Uploads not imported within this are removed (plugins/app/uploads.ts). */
  uploadTtlMs?: number;
  /** Largest upload in bytes; default SWITCHBOARD_UPLOAD_LIMIT_MB (500 MB when unset). */
  uploadLimitBytes?: number;
  /** Where uploads wait for their import; a fresh temp folder by default. */
  uploadDir?: string;
  /** Compute the overview's answers at start and after each change (the served app does). */
  warmAnswers?: boolean;
  /** Report delivery (SMTP server, link back); by default from SWITCHBOARD_SMTP_* and SWITCHBOARD_PUBLIC_URL. */
  delivery?: DeliveryRouteOptions;
  /** Send due report schedules once a minute (the served app does). */
  scheduleDeliveries?: boolean;
  /** Sign-in options (OpenID Connect); by default read from SWITCHBOARD_OIDC_* variables. */
  auth?: AuthOptions;
}

export function uploadLimitFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.SWITCHBOARD_UPLOAD_LIMIT_MB ?? 500);
  return (Number.isFinite(mb) && mb > 0 ? mb : 500) * 1024 * 1024;
}

/** SWITCHBOARD_TRUST_PROXY: 'true' (any proxy), or the proxy's addresses or subnets, comma-separated. */
export function trustProxyFromEnv(env: NodeJS.ProcessEnv = process.env): boolean | string[] {
  const v = env.SWITCHBOARD_TRUST_PROXY?.trim();
  if (!v || v === 'false') return false;
  if (v === 'true') return true;
  return v.split(',').map((a) => a.trim()).filter(Boolean);
}

export function requestTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const s = Number(env.SWITCHBOARD_REQUEST_TIMEOUT_S ?? 600);
  return (Number.isFinite(s) && s > 0 ? s : 600) * 1000;
}

/**
 * What a request's log lines say of it: its method, path and route, never the query
 * string (a search can carry ticket text) nor headers (cookies).
 */
export const logSerializers = {
  req: (request: Pick<FastifyRequest, 'method' | 'url' | 'ip'>) => ({ method: request.method, path: request.url.split('?')[0], remoteAddress: request.ip }),
  res: (reply: Pick<FastifyReply, 'statusCode'>) => ({ statusCode: reply.statusCode }),
};

function loggerOption(logger: AppOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const base = { level: process.env.SWITCHBOARD_LOG_LEVEL ?? 'info', serializers: logSerializers };
  return (logger === true ? base : { ...base, ...(logger as object) }) as FastifyServerOptions['logger'];
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const requestTimeout = options.requestTimeoutMs ?? requestTimeoutFromEnv();
  const app = Fastify({
    logger: loggerOption(options.logger),
    // Each request gets a random id, in every log line and the X-Request-Id answer header;
    // a client's own header is not trusted as one.
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    trustProxy: options.trustProxy ?? trustProxyFromEnv(),
    // Node cuts off slow headers at requestTimeout (checked every connectionsCheckingInterval);
    // a slow body, which Node no longer watches, is cut off by plugins/app/body-timeout.ts.
    requestTimeout,
    http: { connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(requestTimeout / 4))) },
    // Ctrl-C must not wait on a browser's keep-alive sockets before the database closes.
    forceCloseConnections: true,
    // Query strings are typed by the schemas: '?limit=50' becomes a number, '?x=true' a boolean.
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  registerErrorHandler(app);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  await app.register(bodyTimeout, { timeoutMs: requestTimeout });
  await app.register(routeTable);
  const uploadLimitBytes = options.uploadLimitBytes ?? uploadLimitFromEnv();

  await app.register(helmet);
  await app.register(multipart, { fileSize: uploadLimitBytes });
  await app.register(swagger);
  await app.register(rateLimit);

  await app.register(database, { db: options.db, closeOnExit: options.closeDatabase ?? false });
  await app.register(uploads, { dir: options.uploadDir, ttlMs: options.uploadTtlMs });
  await app.register(workLimit, options.fileWork ?? {});
  // Before sign-in: its in-process requests carry their own access.
  await app.register(warmAnswers, { automatic: options.warmAnswers ?? false });
  await app.register(auth, options.auth ?? {});
  await app.register(responseCache);

  await app.register(authRoutes, { prefix: '/api/auth' });
  await app.register(adminRoutes, { prefix: '/api/admin' });

  await app.register(healthRoutes, { prefix: '/api/health' });
  await app.register(figureRoutes, { prefix: '/api/figures' });
  await app.register(filterOptionRoutes, { prefix: '/api/filter-options' });
  await app.register(ticketRoutes, { prefix: '/api/tickets' });
  await app.register(savedViewRoutes, { prefix: '/api/saved-views' });
  await app.register(importRoutes, { prefix: '/api/imports', uploadLimitBytes });
  await app.register(settingsRoutes, { prefix: '/api/settings' });
  await app.register(syncRoutes, { prefix: '/api/sync' });
  await app.register(reportRoutes, { prefix: '/api/report' });
  await app.register(peopleRoutes, { prefix: '/api/people' });
  await app.register(exportRoutes, { prefix: '/api/export' });
  await app.register(consortiumRoutes, { prefix: '/api/consortium' });
  await app.register(demandRoutes, { prefix: '/api/demand' });
  await app.register(fixFirstRoutes, { prefix: '/api/fix-first' });
  await app.register(freshnessRoutes, { prefix: '/api/freshness' });
  const delivery = options.delivery ?? deliveryFromEnv();
  await app.register(deliveryRoutes, { prefix: '/api/deliveries', ...delivery });
  if (options.scheduleDeliveries) await app.register(reportDelivery, { delivery });

  const notFound = (method: string, url: string) => ({ error: 'Not Found', code: 'SB_ERR_NOT_FOUND', message: `no route for ${method} ${url.split('?')[0]}` });
  const staticDir = options.staticDir;
  if (staticDir && existsSync(join(staticDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: staticDir, wildcard: false });
    // Client-side routes (/departments/Payroll, ...) get the app shell; unknown API paths a 404.
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
      return reply.status(404).send(notFound(request.method, request.url));
    });
  } else {
    app.setNotFoundHandler((request, reply) => reply.status(404).send(notFound(request.method, request.url)));
  }
  return app as unknown as FastifyInstance;
}
