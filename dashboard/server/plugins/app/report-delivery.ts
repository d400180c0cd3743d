/**
 * The served app's delivery clock: once a minute it sends the report schedules that are
 * due (delivery/run-deliveries.ts). One run at a time; a failed run is logged and the next
 * minute tries again. Stopped when the app closes. Only `serve` turns it on.
 */
import fp from 'fastify-plugin';
import { runDueDeliveries } from '../../delivery/run-deliveries.ts';
import type { DeliveryRouteOptions } from '../../routes/deliveries/index.ts';

export interface DeliveryClockOptions {
  delivery: DeliveryRouteOptions;
  everyMs?: number;
}

export default fp<DeliveryClockOptions>(
  async (app, options) => {
    const mail = options.delivery.mail;
    if (!mail) return;
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      try {
        const sent = await runDueDeliveries(app.db, new Date(), { transport: mail.transport, mail: mail.config, dashboardUrl: options.delivery.dashboardUrl });
        for (const o of sent) app.log.info({ schedule: o.schedule_id, status: o.status, attempts: o.attempts }, 'report delivery');
      } catch (err) {
        app.log.error({ err }, 'report delivery run failed');
      } finally {
        running = false;
      }
    };
    const timer = setInterval(() => void tick(), options.everyMs ?? 60_000);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  },
  { name: 'report-delivery', dependencies: ['database'] },
);
