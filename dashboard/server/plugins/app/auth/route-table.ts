/**
 * Every route the app registers, with its declared access level, collected as routes are
 * added. The access-matrix test walks this table (not a hand-kept list), so a new route
 * is tested the moment it exists. Registered first, before any route.
 */
import fp from 'fastify-plugin';
import { accessLevelOf, type AccessLevel } from './roles.ts';

export interface RouteEntry {
  method: string;
  url: string;
  access: AccessLevel;
  /** True when the route declared its access; false routes fall back to admin-only. */
  declared: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

export default fp(
  async (app) => {
    const table: RouteEntry[] = [];
    app.decorate('routeTable', table);
    app.addHook('onRoute', (route) => {
      const config = route.config as { access?: string } | undefined;
      for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
        if (method === 'HEAD') continue;
        table.push({ method, url: route.url ?? route.path, access: accessLevelOf(config), declared: config?.access !== undefined });
      }
    });
  },
  { name: 'route-table' },
);
