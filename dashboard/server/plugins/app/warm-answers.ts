/**
 * Computes the district overview's answers ahead of the first visitor: when the server
 * starts, and again once the database has changed (an import, a settings change, a
 * removal) and stayed unchanged for a moment. The answers land in the response cache
 * (response-cache.ts) through the real routes, so a leader's first look at the overview
 * reads them instead of waiting for every figure over every ticket.
 *
 * The requests are made in-process (`app.inject`) and carry a secret that exists only in
 * this process's memory; with it a request reads as a leader, the role whose view is the
 * district's. Nothing outside the process can send it: it is never logged or written.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';

/** The overview's requests without filters, as the dashboard sends them (tested against it). */
export const OVERVIEW_URLS = [
  '/api/figures/summary',
  '/api/figures/flows',
  '/api/figures/trend?interval=week',
  '/api/figures/departments',
  '/api/figures/ownership-gaps?top=5',
  '/api/figures/answer-gaps',
  '/api/filter-options',
] as const;

const HEADER = 'x-switchboard-warm';
/** How often to look for a change, and how long the database must stay unchanged first. */
const CHECK_MS = 1_000;

export interface WarmOptions {
  /** Warm by itself at start and after changes (the server); otherwise only when asked. */
  automatic?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Computes the overview's answers now (resolves when they are in the cache). */
    warmAnswers: () => Promise<void>;
  }
}

export default fp(
  async (app, opts: WarmOptions) => {
    const secret = randomBytes(32).toString('hex');
    const expected = Buffer.from(secret);
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });

    // Before sign-in: the auth hook then finds the caller already known.
    app.addHook('onRequest', async (request) => {
      const sent = request.headers[HEADER];
      if (typeof sent !== 'string' || sent.length !== secret.length) return;
      if (!timingSafeEqual(Buffer.from(sent), expected)) return;
      request.access = { role: 'leader', departments: [], userId: 'switchboard', email: 'overview warm-up' };
    });

    let running: Promise<void> | null = null;
    app.decorate('warmAnswers', () => {
      running ??= (async () => {
        for (const url of OVERVIEW_URLS) {
          if (closing) return;
          // One at a time: warming must not crowd out the people using the dashboard.
          await app.inject({ method: 'GET', url, headers: { [HEADER]: secret } }).catch(() => undefined);
        }
      })().finally(() => (running = null));
      return running;
    });

    if (!opts.automatic) return;
    let warmedAt = -1;
    let seen = -1;
    let timer: NodeJS.Timeout | undefined;
    const check = () => {
      const generation = app.db.generation;
      // Warm once the generation has held still for a check: not in the middle of an import.
      if (generation === seen && generation !== warmedAt && !running) {
        warmedAt = generation;
        void app.warmAnswers();
      }
      seen = generation;
    };
    app.addHook('onReady', async () => {
      warmedAt = seen = app.db.generation;
      void app.warmAnswers();
      timer = setInterval(check, CHECK_MS);
      timer.unref();
    });
    app.addHook('preClose', async () => clearInterval(timer));
  },
  { name: 'warm-answers', dependencies: ['database'] },
);
