/**
 * Route access levels in Fastify's route config (`config: { access: 'leader' }`). The auth
 * plugin reads this to decide who may call each route.
 */
import type { AccessLevel as Access } from './plugins/app/auth/roles.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** The route applies the department guard to its own non-JSON answer (a CSV). */
    guardsExport?: boolean;
  }
}

export type { Access };
