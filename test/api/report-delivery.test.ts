/**
 * Scheduled reports against a real SMTP server on loopback (smtp-server): the message
 * arrives with the report attached (HTML, and the board PDF printed by the system
 * Chromium), a "try again" answer is retried, a refusal is recorded and shown to admins.
 * Schedule times are checked in the district's zone across DST.
 */
import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import { buildApp } from '#dashboard/server/app.ts';
import { nextDue, runDueDeliveries } from '#dashboard/server/delivery/run-deliveries.ts';
import { markdownToHtml } from '#dashboard/server/delivery/render-mail.ts';
import { ticketFactsDerived } from '#analysis/ticket-facts/ticket-facts.ts';
import { eventLogCsv, pathEvents, writeTemp } from '../helpers/event-log.ts';
import { injectingAs, sessionFor } from '../helpers/app.ts';

interface Received { to: string[]; body: string }
const received: Received[] = [];
/** Answers for the next RCPT TO commands: a code to refuse with, or nothing to accept. */
const refusals: number[] = [];

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onRcptTo(address, _session, callback) {
    const code = refusals.shift();
    if (code) return callback(Object.assign(new Error(code >= 500 ? 'mailbox unavailable' : 'try again later'), { responseCode: code }));
    callback();
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      received.push({ to: session.envelope.rcptTo.map((r) => r.address), body: Buffer.concat(chunks).toString('utf8') });
      callback();
    });
  },
});

let db: Database;
let port: number;

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  port = (smtp.server.address() as AddressInfo).port;
  db = await Database.open(':memory:');
  await db.run("INSERT INTO group_departments VALUES ('Desk', 'Technology'), ('Payroll Team', 'Payroll')");
  // Two tickets in August 2024: T1 Desk > Payroll Team (misrouted), T2 Payroll Team.
  const rows = [...pathEvents('T1', ['Desk', 'Payroll Team'], '2024-08-05T14:00:00Z'), ...pathEvents('T2', ['Payroll Team'], '2024-08-06T14:00:00Z')];
  await importFile(db, writeTemp('delivery.csv', eventLogCsv(rows)), { derived: ticketFactsDerived });
});
afterAll(async () => {
  await db.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

/** A MIME part of a received message by its content type: its headers and decoded body. */
function mimePart(body: string, contentType: string): { headers: string; content: Buffer } | null {
  for (const part of body.split(/\r?\n--[^\r\n]+\r?\n/)) {
    const [headers, ...rest] = part.split(/\r?\n\r?\n/);
    if (!new RegExp(`^Content-Type: ${contentType}`, 'mi').test(headers)) continue;
    const raw = rest.join('\n\n').replace(/\r?\n--[^\r\n]*--\s*$/, '');
    if (/Content-Transfer-Encoding: base64/i.test(headers)) return { headers, content: Buffer.from(raw.replace(/\s+/g, ''), 'base64') };
    return { headers, content: Buffer.from(raw.replace(/=\r?\n/g, ''), 'latin1') };
  }
  return null;
}

const mailOptions = () => ({
  transport: nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true }),
  mail: { url: `smtp://127.0.0.1:${port}`, from: 'Switchboard <switchboard@district.test>' },
  dashboardUrl: 'https://switchboard.district.test',
  retryDelaysMs: [10, 10],
});

describe('report schedules', () => {
  it('fall due at 07:00 district time: Mondays, and the 1st of the month', async () => {
    const chicago = 'America/Chicago';
    // Sunday 2024-03-10 is the spring DST change: the next Monday 07:00 CDT is 12:00 UTC.
    expect((await nextDue(db, 'weekly', new Date('2024-03-09T18:00:00Z'), chicago)).toISOString()).toBe('2024-03-11T12:00:00.000Z');
    // At exactly the due instant, the next one is a week later.
    expect((await nextDue(db, 'weekly', new Date('2024-03-11T12:00:00Z'), chicago)).toISOString()).toBe('2024-03-18T12:00:00.000Z');
    expect((await nextDue(db, 'monthly', new Date('2024-10-31T20:00:00Z'), chicago)).toISOString()).toBe('2024-11-01T12:00:00.000Z');
    expect((await nextDue(db, 'monthly', new Date('2024-11-01T13:00:00Z'), chicago)).toISOString()).toBe('2024-12-01T13:00:00.000Z');
  });

  it('turns the report Markdown into escaped HTML tables', () => {
    expect(markdownToHtml('## Tickets\n\n| Dept | n |\n|---|---:|\n| <b>HR</b> | 3 |')).toBe(
      '<h2>Tickets</h2>\n<table>\n<thead><tr><th>Dept</th><th>n</th></tr></thead>\n<tbody>\n<tr><td>&lt;b&gt;HR&lt;/b&gt;</td><td>3</td></tr>\n</tbody></table>',
    );
  });
});

describe('/api/deliveries with an SMTP server on loopback', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    app = await buildApp({ db, delivery: { mail: { config: mailOptions().mail, transport: mailOptions().transport }, dashboardUrl: 'https://switchboard.district.test', retryDelaysMs: [10, 10] } });
  });
  afterAll(() => app.close());
  const admin = () => injectingAs(app, () => sessionFor(db, 'admin'));

  it('sends the monthly report with the month before attached, retrying the recipient told to try again', async () => {
    const created = await admin().inject({ method: 'POST', url: '/api/deliveries', payload: { name: 'Cabinet', frequency: 'monthly', recipients: ['cio@district.test', 'super@district.test'] } });
    expect(created.statusCode).toBe(201);
    const id = created.json().schedule_id as number;
    // Due on the 1st after today; send it as if for September 2024, the month after the tickets.
    await db.run("UPDATE report_schedules SET next_due_at = TIMESTAMPTZ '2024-09-01 12:00:00+00' WHERE schedule_id = $1", [id]);
    received.length = 0;
    refusals.push(451);
    const sent = await admin().inject({ method: 'POST', url: `/api/deliveries/${id}/send` });
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toMatchObject({ status: 'sent', attempts: 2, period_from: '2024-08-01', period_to: '2024-08-31' });
    // The server answered 451 for the first recipient only: the other got it at once, the first on the retry.
    expect(received.map((r) => r.to)).toEqual([['super@district.test'], ['cio@district.test']]);
    expect(received[1].body).toContain('Subject: Switchboard report: the district, 2024-08-01 to 2024-08-31');
    expect(received[0].body).toContain('Subject: Switchboard report: the district, 2024-08-01 to 2024-08-31');
    expect(received[0].body).toContain('Tickets: 2. Misrouted: 1.');
    expect(received[0].body).toContain('filename=switchboard-report-2024-08-01-to-2024-08-31.html');
  });

  it('attaches the board report as a PDF named after the last day of the period', () => {
    const pdf = mimePart(received[0].body, 'application/pdf');
    expect(pdf?.headers).toMatch(/filename=switchboard-report-2024-08-31\.pdf/);
    expect(pdf?.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('records a refusal and shows it to admins only', async () => {
    const created = await admin().inject({ method: 'POST', url: '/api/deliveries', payload: { name: 'Payroll head', frequency: 'weekly', recipients: ['payroll.head@district.test'], department: 'Payroll' } });
    const id = created.json().schedule_id as number;
    received.length = 0;
    refusals.push(550);
    const sent = await admin().inject({ method: 'POST', url: `/api/deliveries/${id}/send` });
    expect(sent.json()).toMatchObject({ status: 'failed', attempts: 1 });
    expect(received).toHaveLength(0);
    const list = await admin().inject('/api/deliveries');
    const row = list.json().schedules.find((s: { schedule_id: number }) => s.schedule_id === id);
    expect(row.last.status).toBe('failed');
    expect(row.last.message).toMatch(/550/);
    expect((await injectingAs(app, () => sessionFor(db, 'leader')).inject('/api/deliveries')).statusCode).toBe(403);
  });

  it('refuses a department that does not exist and a recipient that is not an address', async () => {
    expect((await admin().inject({ method: 'POST', url: '/api/deliveries', payload: { name: 'x', frequency: 'weekly', recipients: ['a@district.test'], department: 'Payrol' } })).statusCode).toBe(400);
    expect((await admin().inject({ method: 'POST', url: '/api/deliveries', payload: { name: 'x', frequency: 'weekly', recipients: ['not an address'] } })).statusCode).toBe(400);
  });
});

describe('the delivery clock', () => {
  it('sends a due schedule once, for the latest period, and moves it to its next due time', async () => {
    await db.run('DELETE FROM report_schedules');
    await db.run(
      `INSERT INTO report_schedules (name, frequency, recipients, department, next_due_at, created_at)
       VALUES ('Weekly', 'weekly', ['it.lead@district.test'], NULL, TIMESTAMPTZ '2024-08-05 12:00:00+00', now())`,
    );
    received.length = 0;
    // Three Mondays were missed; at Tuesday 2024-08-20 the one due 2024-08-19 is sent, covering 08-12..08-18.
    const outcomes = await runDueDeliveries(db, new Date('2024-08-20T15:00:00Z'), mailOptions());
    expect(outcomes.map((o) => [o.status, o.period.from, o.period.to])).toEqual([['sent', '2024-08-12', '2024-08-18']]);
    expect(received).toHaveLength(1);
    const [{ due }] = await db.all<{ due: Date }>('SELECT next_due_at AS due FROM report_schedules');
    expect(due.toISOString()).toBe('2024-08-26T12:00:00.000Z');
    expect(await runDueDeliveries(db, new Date('2024-08-21T15:00:00Z'), mailOptions())).toEqual([]);
  });

  it('without Chromium, sends the HTML only and says why there is no PDF', async () => {
    await db.run("UPDATE report_schedules SET next_due_at = TIMESTAMPTZ '2024-08-26 12:00:00+00'");
    received.length = 0;
    await runDueDeliveries(db, new Date('2024-08-26T15:00:00Z'), { ...mailOptions(), printPdf: null });
    expect(mimePart(received[0].body, 'application/pdf')).toBeNull();
    expect(mimePart(received[0].body, 'text/plain')?.content.toString('utf8')).toContain('No PDF is attached: the server has no Chromium to print it (see docs/board-report.md).');
  });
});
