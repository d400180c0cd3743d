/**
 * `switchboard deliveries list|add|remove|send`: the report schedules of
 * dashboard/server/delivery, from the command line (stop the server first: one process
 * per database file). `send ID` mails a schedule's report now through the SMTP server in
 * SWITCHBOARD_SMTP_URL or SWITCHBOARD_SMTP_URL_FILE.
 */
import { dbPath, oneOf, parse, UsageError } from '../args.ts';
import { Database } from '#core/db/database.ts';
import { FREQUENCIES } from '#dashboard/server/delivery/schedule-sql.ts';
import { addSchedule, deliver, listSchedules } from '#dashboard/server/delivery/run-deliveries.ts';
import { deliveryFromEnv } from '#dashboard/server/delivery/delivery-config.ts';
import type { Command } from '../main.ts';

const usage = `Usage: switchboard deliveries list [--db FILE]
       switchboard deliveries add --name NAME --every weekly|monthly --to EMAIL[,EMAIL...] [--department NAME] [--db FILE]
       switchboard deliveries remove ID [--db FILE]
       switchboard deliveries send ID [--db FILE]

  list     the schedules, their recipients and when each is next due
  add      a schedule: weekly reports go out on Mondays, monthly on the 1st, at 07:00 district
           time, covering the period before; --department sends that department head's view
  remove   delete a schedule and its history
  send     mail a schedule's report now (SWITCHBOARD_SMTP_URL names the SMTP server)`;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const command: Command = {
  summary: 'schedule the report by e-mail, list schedules, send one now',
  usage,
  async run(args) {
    const { values, positionals } = parse(args, {
      db: { type: 'string' }, name: { type: 'string' }, every: { type: 'string' }, to: { type: 'string' }, department: { type: 'string' },
    }, true);
    const [action, id] = positionals;
    if (!['list', 'add', 'remove', 'send'].includes(action ?? '')) throw new UsageError(`say list, add, remove ID or send ID, got '${action ?? ''}'`);
    if ((action === 'remove' || action === 'send') && !/^\d+$/.test(id ?? '')) throw new UsageError(`'${action}' takes one schedule id (a whole number)`);
    let recipients: string[] = [];
    if (action === 'add') {
      if (!values.name) throw new UsageError('--name is required');
      recipients = (values.to ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      if (!recipients.length) throw new UsageError('--to needs at least one e-mail address');
      const bad = recipients.filter((r) => !EMAIL.test(r));
      if (bad.length) throw new UsageError(`--to: not an e-mail address: ${bad.join(', ')}`);
    }
    const db = await Database.open(dbPath(values.db));
    try {
      if (action === 'add') {
        const s = await addSchedule(db, { name: values.name!, frequency: oneOf('every', values.every, FREQUENCIES, 'monthly'), recipients, department: values.department ?? null }, new Date());
        console.log(`schedule ${s.schedule_id} added: ${s.frequency} to ${s.recipients.join(', ')}, next due ${s.next_due_at.toISOString()}`);
        return 0;
      }
      const schedules = await listSchedules(db);
      if (action === 'list') {
        for (const s of schedules) console.log(`${s.schedule_id}  ${s.name}  ${s.frequency}  ${s.department ?? 'district'}  ${s.recipients.join(',')}  next ${s.next_due_at.toISOString()}`);
        if (!schedules.length) console.log('no schedules');
        return 0;
      }
      const schedule = schedules.find((s) => s.schedule_id === Number(id));
      if (!schedule) {
        console.error(`switchboard deliveries: no schedule ${id}; 'switchboard deliveries list' shows them`);
        return 1;
      }
      if (action === 'remove') {
        await db.run('DELETE FROM report_deliveries WHERE schedule_id = $1', [schedule.schedule_id]);
        await db.run('DELETE FROM report_schedules WHERE schedule_id = $1', [schedule.schedule_id]);
        console.log(`schedule ${schedule.schedule_id} removed`);
        return 0;
      }
      const delivery = deliveryFromEnv();
      if (!delivery.mail) {
        console.error("switchboard deliveries: no mail server is set; set SWITCHBOARD_SMTP_URL (or SWITCHBOARD_SMTP_URL_FILE) to the district's SMTP server");
        return 1;
      }
      const o = await deliver(db, schedule, schedule.next_due_at, { transport: delivery.mail.transport, mail: delivery.mail.config, dashboardUrl: delivery.dashboardUrl });
      console.log(`${o.status} after ${o.attempts} attempt(s), ${o.period.from} to ${o.period.to}: ${o.message}`);
      return o.status === 'sent' ? 0 : 1;
    } finally {
      await db.close();
    }
  },
};
export default command;
