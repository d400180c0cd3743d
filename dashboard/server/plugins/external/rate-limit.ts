/**
 * Rate limits where guessing or flooding pays: sign-in and first-admin setup (each route
 * sets its own `config.rateLimit`), and every upload (a POST on an uploader route gets
 * UPLOADS_PER_MINUTE unless it sets its own). Other routes are not limited: the figures
 * are read-only and served from one embedded database. Counted per client address.
 */
import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';

export const SIGN_IN_PER_MINUTE = 10;
export const UPLOADS_PER_MINUTE = 30;

export default fp(
  async (app) => {
    // Registered before the rate-limit plugin so that its own onRoute hook sees this config.
    app.addHook('onRoute', (route) => {
      const config = (route.config ?? {}) as { access?: string; rateLimit?: unknown };
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (config.access === 'uploader' && methods.includes('POST') && config.rateLimit === undefined) {
        route.config = { ...config, rateLimit: { max: UPLOADS_PER_MINUTE, timeWindow: '1 minute' } } as typeof route.config;
      }
    });
    await app.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        error: 'Too Many Requests',
        code: 'SB_ERR_RATE_LIMITED',
        message: `too many attempts; try again in ${context.after}`,
      }),
    });
  },
  { name: 'rate-limit' },
);
