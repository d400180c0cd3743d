/**
 * Report delivery under /api/deliveries (admins): the schedules with their latest outcome
 * (so a permanent failure is seen), adding and removing one, and sending one now for the
 * period before its next due time. Sending needs the SMTP server from the environment
 * (delivery/mail-transport.ts); without one the answer says how to set it.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import type { Transporter } from 'nodemailer';
import { ErrorBody } from '../../schemas.ts';
import '../../access.ts';
import { FREQUENCIES } from '../../delivery/schedule-sql.ts';
import { addSchedule, deliver, listSchedules } from '../../delivery/run-deliveries.ts';
import type { MailConfig } from '../../delivery/mail-transport.ts';

export interface DeliveryRouteOptions {
  /** The SMTP server and sender; null when the environment names none. */
  mail: { config: MailConfig; transport: Transporter } | null;
  dashboardUrl: string;
  retryDelaysMs?: number[];
}

const Email = Type.String({ format: 'email', maxLength: 254 });
const NewSchedule = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120 }),
  frequency: Type.Union(FREQUENCIES.map((f) => Type.Literal(f))),
  recipients: Type.Array(Email, { minItems: 1, maxItems: 50 }),
  department: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 120 }), Type.Null()])),
});
const Outcome = Type.Object({
  status: Type.Union([Type.Literal('sent'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  period_from: Type.String(),
  period_to: Type.String(),
  message: Type.Union([Type.String(), Type.Null()]),
  attempted_at: Type.String(),
});
const ScheduleRow = Type.Object({
  schedule_id: Type.Integer(),
  name: Type.String(),
  frequency: Type.String(),
  recipients: Type.Array(Type.String()),
  department: Type.Union([Type.String(), Type.Null()]),
  next_due_at: Type.String(),
  last: Type.Union([Outcome, Type.Null()]),
});
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const routes: FastifyPluginAsyncTypebox<DeliveryRouteOptions> = async (app, options) => {
  async function rows(): Promise<Static<typeof ScheduleRow>[]> {
    const last = await app.db.all<Static<typeof Outcome> & { schedule_id: number }>(
      `SELECT schedule_id, status, attempts, strftime(period_from, '%Y-%m-%d') AS period_from, strftime(period_to, '%Y-%m-%d') AS period_to,
              message, strftime(attempted_at, '%Y-%m-%dT%H:%M:%SZ') AS attempted_at
       FROM report_deliveries QUALIFY row_number() OVER (PARTITION BY schedule_id ORDER BY delivery_id DESC) = 1`,
    );
    return (await listSchedules(app.db)).map((s) => {
      const l = last.find((x) => x.schedule_id === s.schedule_id);
      return {
        ...s, next_due_at: s.next_due_at.toISOString(),
        last: l ? { status: l.status, attempts: l.attempts, period_from: l.period_from, period_to: l.period_to, message: l.message, attempted_at: l.attempted_at } : null,
      };
    });
  }

  app.get(
    '/',
    { config: { access: 'admin' }, schema: { tags: ['deliveries'], summary: 'Report schedules and their latest outcome', response: { 200: Type.Object({ smtp_configured: Type.Boolean(), schedules: Type.Array(ScheduleRow) }) } } },
    async () => ({ smtp_configured: options.mail !== null, schedules: await rows() }),
  );

  app.post(
    '/',
    { config: { access: 'admin' }, schema: { tags: ['deliveries'], summary: 'Add a schedule', body: NewSchedule, response: { 201: ScheduleRow, 400: ErrorBody } } },
    async (request, reply) => {
      const department = request.body.department ?? null;
      if (department !== null) {
        const known = await app.db.all('SELECT 1 FROM group_departments WHERE department = $1 UNION SELECT 1 FROM request_type_owners WHERE department = $1 UNION SELECT 1 FROM departments WHERE department = $1', [department]);
        if (!known.length) return reply.status(400).send({ error: 'Bad Request', code: 'SB_ERR_UNKNOWN_DEPARTMENT', message: `no department named '${department}'; map a group to it in Settings first` });
      }
      const s = await addSchedule(app.db, { ...request.body, department }, new Date());
      return reply.status(201).send({ ...s, next_due_at: s.next_due_at.toISOString(), last: null });
    },
  );

  app.delete(
    '/:id',
    { config: { access: 'admin' }, schema: { tags: ['deliveries'], summary: 'Remove a schedule', params: IdParams, response: { 204: Type.Null(), 404: ErrorBody } } },
    async (request, reply) => {
      const gone = await app.db.all('DELETE FROM report_schedules WHERE schedule_id = $1 RETURNING schedule_id', [request.params.id]);
      if (!gone.length) return reply.status(404).send({ error: 'Not Found', code: 'SB_ERR_NOT_FOUND', message: `no schedule ${request.params.id}` });
      await app.db.run('DELETE FROM report_deliveries WHERE schedule_id = $1', [request.params.id]);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/:id/send',
    { config: { access: 'admin' }, schema: { tags: ['deliveries'], summary: 'Send a schedule now, for the period before its next due time', params: IdParams, response: { 200: Outcome, 404: ErrorBody, 409: ErrorBody } } },
    async (request, reply) => {
      if (!options.mail) {
        return reply.status(409).send({ error: 'Conflict', code: 'SB_ERR_NO_SMTP', message: "no mail server is set; start the server with SWITCHBOARD_SMTP_URL (or SWITCHBOARD_SMTP_URL_FILE) naming the district's SMTP server" });
      }
      const schedule = (await listSchedules(app.db)).find((s) => s.schedule_id === request.params.id);
      if (!schedule) return reply.status(404).send({ error: 'Not Found', code: 'SB_ERR_NOT_FOUND', message: `no schedule ${request.params.id}` });
      const o = await deliver(app.db, schedule, schedule.next_due_at, {
        transport: options.mail.transport, mail: options.mail.config, dashboardUrl: options.dashboardUrl, retryDelaysMs: options.retryDelaysMs,
      });
      const [{ at }] = await app.db.all<{ at: string }>("SELECT strftime(max(attempted_at), '%Y-%m-%dT%H:%M:%SZ') AS at FROM report_deliveries WHERE schedule_id = $1", [schedule.schedule_id]);
      return { status: o.status, attempts: o.attempts, period_from: o.period.from, period_to: o.period.to, message: o.message, attempted_at: at };
    },
  );
};

export default routes;
