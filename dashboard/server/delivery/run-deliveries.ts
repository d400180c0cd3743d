/**
 * Sends scheduled reports: each schedule that is due gets the report for the period before
 * its due time (the district's view, or a department head's guarded view), mailed to its
 * recipients, with temporary failures retried after a wait and every outcome logged in
 * report_deliveries. A server that was down sends a missed schedule once, for the latest
 * period, then moves it to its next due time. The board report's PDF goes with the mail
 * when the server can print it; a missing Chromium or a failed print never stops a delivery.
 */
import type { Transporter } from 'nodemailer';
import type { Database } from '#core/db/database.ts';
import { readSettings } from '#core/settings.ts';
import { reportForReader } from '../report-for-reader.ts';
import { isTemporary, type MailConfig } from './mail-transport.ts';
import { renderReportMail, type MailPdf } from './render-mail.ts';
import { buildDecisionSections } from '#analysis/report/decision-sections.ts';
import { loadBoardContext } from '#analysis/report/board-context.ts';
import { boardReportHtml } from '#analysis/report/board-html.ts';
import type { Filters } from '#analysis/filters/filters.ts';
import type { GuardedReport, Report } from '#analysis/report/report.ts';
import type { Settings } from '#core/settings.ts';
import { chromiumAvailable, printPdf } from '../pdf/print-pdf.ts';
import { nextDueSql, periodSql, type Frequency } from './schedule-sql.ts';

export interface Schedule {
  schedule_id: number;
  name: string;
  frequency: Frequency;
  recipients: string[];
  department: string | null;
  next_due_at: Date;
}

export interface DeliveryOptions {
  transport: Transporter;
  mail: MailConfig;
  dashboardUrl: string;
  /** Waits between attempts of a temporary failure, in ms (the attempts are one more). */
  retryDelaysMs?: number[];
  /** Prints the board HTML to PDF; default the system Chromium when installed, null for none. */
  printPdf?: ((html: string) => Promise<Buffer>) | null;
}

export interface DeliveryOutcome {
  schedule_id: number;
  status: 'sent' | 'failed';
  attempts: number;
  period: { from: string; to: string };
  message: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function nextDue(db: Database, frequency: Frequency, after: Date, timeZone: string): Promise<Date> {
  const q = nextDueSql(frequency, after, timeZone);
  const [{ due }] = await db.all<{ due: Date }>(q.sql, q.params);
  return due;
}

async function periodBefore(db: Database, frequency: Frequency, due: Date, timeZone: string) {
  const q = periodSql(frequency, due, timeZone);
  const [p] = await db.all<{ from_day: string; to_day: string }>(q.sql, q.params);
  return { from: p.from_day, to: p.to_day };
}

/**
 * The board PDF for a schedule. A department head's copy keeps to the guarded report: no
 * decision sections and no district flows (each has its own department rules on the dashboard).
 */
async function boardPdf(db: Database, report: Report | GuardedReport, filters: Filters, settings: Settings, department: string | null, options: DeliveryOptions): Promise<MailPdf> {
  const print = options.printPdf === undefined ? (chromiumAvailable() ? (html: string) => printPdf(html) : null) : options.printPdf;
  if (!print) return { missing: 'the server has no Chromium to print it (see docs/board-report.md)' };
  try {
    const decisions = department ? null : await buildDecisionSections(db, filters, settings);
    const context = await loadBoardContext(db, filters, settings);
    return { pdf: await print(boardReportHtml({ report, decisions, context: department ? { ...context, flows: [] } : context })) };
  } catch (error) {
    return { missing: `printing it failed (${(error as Error).message.split('\n')[0]})` };
  }
}

/** Sends one schedule's report for the period before `due`, and logs the outcome. */
export async function deliver(db: Database, schedule: Schedule, due: Date, options: DeliveryOptions): Promise<DeliveryOutcome> {
  const settings = await readSettings(db);
  const period = await periodBefore(db, schedule.frequency, due, settings.timeZone);
  // A department head's copy is the view their page gives them: other departments' small figures withheld.
  const reader = schedule.department ? { role: 'department_head' as const, departments: [schedule.department], userId: 'delivery', email: '' } : null;
  const filters = { from: period.from, to: period.to };
  const report = await reportForReader(db, filters, settings, reader);
  const pdf = await boardPdf(db, report, filters, settings, schedule.department, options);
  const mail = renderReportMail(report, { scheduleName: schedule.name, period, dashboardUrl: options.dashboardUrl, department: schedule.department ?? undefined }, pdf);
  const delays = options.retryDelaysMs ?? [30_000, 120_000];
  // Recipients still to reach: a server may accept some and answer "try again" for others.
  let pending = [...schedule.recipients];
  const refused: string[] = [];
  let attempts = 0;
  let lastAnswer = '';
  while (pending.length) {
    attempts++;
    let retry: string[] = [];
    try {
      const info = await options.transport.sendMail({
        from: options.mail.from, to: pending, subject: mail.subject, text: mail.text, attachments: mail.attachments,
      });
      lastAnswer = String(info.response ?? 'sent');
      const errors = (info as { rejectedErrors?: unknown[] }).rejectedErrors ?? [];
      (info.rejected as string[]).forEach((address, i) => {
        if (isTemporary(errors[i])) retry.push(address);
        else refused.push(`${address}: ${(errors[i] as Error | undefined)?.message ?? 'refused'}`);
      });
    } catch (error) {
      lastAnswer = (error as Error).message.split('\n')[0];
      if (isTemporary(error)) retry = pending;
      else refused.push(...pending.map((a) => `${a}: ${lastAnswer}`));
    }
    pending = retry;
    if (!pending.length || attempts > delays.length) break;
    await sleep(delays[attempts - 1]);
  }
  const failed = [...refused, ...pending.map((a) => `${a}: still refused after ${attempts} attempts (${lastAnswer})`)];
  const outcome: DeliveryOutcome = {
    schedule_id: schedule.schedule_id, status: failed.length ? 'failed' : 'sent', attempts, period,
    message: failed.length ? failed.join('; ') : lastAnswer,
  };
  await db.run(
    `INSERT INTO report_deliveries (schedule_id, period_from, period_to, status, attempts, message, attempted_at)
     VALUES ($1, $2::DATE, $3::DATE, $4, $5, $6, now())`,
    [schedule.schedule_id, period.from, period.to, outcome.status, attempts, outcome.message],
  );
  return outcome;
}

export async function listSchedules(db: Database): Promise<Schedule[]> {
  return db.all<Schedule>('SELECT schedule_id, name, frequency, recipients, department, next_due_at FROM report_schedules ORDER BY schedule_id');
}

/** Sends every schedule due at `now` and moves each to its next due time after `now`. */
export async function runDueDeliveries(db: Database, now: Date, options: DeliveryOptions): Promise<DeliveryOutcome[]> {
  const settings = await readSettings(db);
  const outcomes: DeliveryOutcome[] = [];
  for (const s of await listSchedules(db)) {
    if (s.next_due_at.getTime() > now.getTime()) continue;
    // The latest due instant not after now: a missed period is sent once, not once per miss.
    let due = s.next_due_at;
    for (let next = await nextDue(db, s.frequency, due, settings.timeZone); next.getTime() <= now.getTime(); next = await nextDue(db, s.frequency, due, settings.timeZone)) due = next;
    outcomes.push(await deliver(db, s, due, options));
    await db.run('UPDATE report_schedules SET next_due_at = $2 WHERE schedule_id = $1', [s.schedule_id, await nextDue(db, s.frequency, now, settings.timeZone)]);
  }
  return outcomes;
}

export interface NewSchedule {
  name: string;
  frequency: Frequency;
  recipients: string[];
  department?: string | null;
}

export async function addSchedule(db: Database, input: NewSchedule, now: Date): Promise<Schedule> {
  const settings = await readSettings(db);
  const due = await nextDue(db, input.frequency, now, settings.timeZone);
  const [row] = await db.all<Schedule>(
    `INSERT INTO report_schedules (name, frequency, recipients, department, next_due_at, created_at)
     VALUES ($1, $2, $3::VARCHAR[], $4, $5, now())
     RETURNING schedule_id, name, frequency, recipients, department, next_due_at`,
    [input.name, input.frequency, input.recipients, input.department ?? null, due],
  );
  return row;
}
