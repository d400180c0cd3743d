/**
 * What report delivery needs from the environment: the SMTP server (mail-transport.ts) and
 * the dashboard's public address for the link back (SWITCHBOARD_PUBLIC_URL).
 */
import type { DeliveryRouteOptions } from '../routes/deliveries/index.ts';
import { createTransport, mailConfigFromEnv } from './mail-transport.ts';

export function deliveryFromEnv(env: NodeJS.ProcessEnv = process.env): DeliveryRouteOptions {
  const config = mailConfigFromEnv(env);
  return {
    mail: config ? { config, transport: createTransport(config) } : null,
    dashboardUrl: env.SWITCHBOARD_PUBLIC_URL ?? `http://localhost:${env.PORT ?? 3000}`,
  };
}
