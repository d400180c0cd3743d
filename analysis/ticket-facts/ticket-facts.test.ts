/**
 * Eight hand-made tickets through the real import, and every owner-based figure checked by
 * hand. Chicago is UTC-5 in August (CDT); the calendar is Mon-Fri 07:00-16:00. Rates:
 * Technology $60/h, every other department the default $42/h. Triage 15 min per
 * cross-department handoff, 6 min per human touch outside the owner.
 *
 *   T1 Account   Desk 13:00 > HR Benefits 14:00 (comment 14:30) > Desk 15:00
 *                ping-pong and return, 2 hops, owner Technology (resolver), not misrouted.
 *                Triage: HR 15 min ($10.50) + Technology 15 min ($15). Touches at HR: the
 *                comment and the handoff back = 12 min ($8.40). 42 min, $33.90. 1 h in HR.
 *   T2 Benefits  Desk 13:00 (comment 14:00), resolved 15:30 'Referred' "Not an IT issue -
 *                please submit this to HR." Owner Human Resources (named; IT is the resolver),
 *                misrouted and redirected; 2.5 h to owner (08:00-10:30 CDT: 2.5 business h).
 *                Touches at Technology: assignment + comment = 12 min at $60 = $12.
 *   T3 Payroll   Mystery Queue 13:00 > Payroll Team 14:00. Unmapped group; first landing
 *                'Mystery Queue', owner Payroll, misrouted, 1 h to owner. Triage Payroll
 *                $10.50, 2 touches in Mystery Queue $8.40: 27 min, $18.90.
 *   T4 Payroll   created with no group, no events. Lands in Technology (the default) and is
 *                resolved there: owner Technology on the resolver basis, Payroll (declared)
 *                on the declared basis, where it is misrouted and never reaches its owner.
 *   T5 Payroll   Desk and Payroll Team both at 13:00; the file lists Payroll first but seq
 *                puts Desk first. Misrouted, 0 h to owner (reached at creation). Triage
 *                Payroll $10.50, 2 touches at Technology 12 min at $60 = $12: 27 min, $22.50.
 *   T6 Payroll   "How do I change my direct deposit?" Friday 2024-08-23 20:00 (15:00 CDT) in
 *                HR Benefits, to Payroll Team Monday 14:00 (09:00 CDT): 66 h, 3 business h
 *                (Fri 15-16, Mon 07-09). Misrouted. Triage $10.50 + 2 touches at HR $8.40.
 *   T7 Hardware  "Printer toner" Desk, one human comment, resolved after 20 minutes 'Done':
 *                information only (quick, one reply, no reassignment).
 *   T8 Payroll   "Direct deposit change" in Payroll Team 2024-09-03, 'Information provided',
 *                knowledge article KB0042.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import { DEFAULT_SETTINGS, type Settings } from '#core/settings.ts';
import { writeTemp } from '#test/helpers/event-log.ts';
import { answerGaps, markThemeAnswered } from '../answer-gaps/answer-gaps.ts';
import { departmentFigures } from '../departments/departments.ts';
import { ownershipGaps } from '../ownership-gaps/ownership-gaps.ts';
import { buildReport, reportToCsv, reportToMarkdown } from '../report/report.ts';
import { routingSummary } from '../routing-summary/routing-summary.ts';
import { buildTrendsSql, trends } from '../trends/trends.ts';
import { ticketFacts } from './ticket-facts.ts';

const COLUMNS = [
  'ticket_id', 'created_at', 'resolved_at', 'subject', 'category', 'resolution_code', 'resolution_text',
  'knowledge_article', 'event_seq', 'event_at', 'event_kind', 'group_after', 'actor', 'automated',
] as const;
type Row = Partial<Record<(typeof COLUMNS)[number], string>>;

const MON = '2024-08-19T13:00:00Z';
/** One ticket: its attributes, then its events as [at, kind, group?]. */
function ticket(attrs: Row, events: [string, string, string?][]): Row[] {
  if (events.length === 0) return [{ ...attrs, event_kind: '', event_at: '' }];
  return events.map(([at, kind, group], i) => ({
    ...attrs, event_seq: String(i + 1), event_at: at, event_kind: kind, group_after: group ?? '', actor: 'agent-1', automated: 'false',
  }));
}
const csv = (rows: Row[]) =>
  [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => (/[",]/.test(r[c] ?? '') ? `"${(r[c] ?? '').replaceAll('"', '""')}"` : (r[c] ?? ''))).join(','))].join('\n') + '\n';

const t5 = ticket({ ticket_id: 'T5', created_at: MON, subject: 'Substitute pay missing', category: 'Payroll' }, [
  [MON, 'assignment', 'Desk'],
  [MON, 'assignment', 'Payroll Team'],
]).reverse(); // the file order disagrees with seq: seq wins

const ROWS: Row[] = [
  ...ticket({ ticket_id: 'T1', created_at: MON, subject: 'Locked out of account', category: 'Account' }, [
    [MON, 'assignment', 'Desk'],
    ['2024-08-19T14:00:00Z', 'assignment', 'HR Benefits'],
    ['2024-08-19T14:30:00Z', 'comment'],
    ['2024-08-19T15:00:00Z', 'assignment', 'Desk'],
  ]),
  ...ticket({
    ticket_id: 'T2', created_at: MON, resolved_at: '2024-08-19T15:30:00Z', subject: 'Benefits enrollment', category: 'Benefits',
    resolution_code: 'Referred', resolution_text: 'Not an IT issue - please submit this to HR.',
  }, [[MON, 'assignment', 'Desk'], ['2024-08-19T14:00:00Z', 'comment']]),
  ...ticket({ ticket_id: 'T3', created_at: MON, subject: 'Missing stipend', category: 'Payroll' }, [
    [MON, 'assignment', 'Mystery Queue'],
    ['2024-08-19T14:00:00Z', 'assignment', 'Payroll Team'],
  ]),
  ...ticket({ ticket_id: 'T4', created_at: MON, subject: 'W-4 withholding', category: 'Payroll' }, []),
  ...t5,
  ...ticket({ ticket_id: 'T6', created_at: '2024-08-23T20:00:00Z', subject: 'How do I change my direct deposit?', category: 'Payroll', resolution_code: 'Completed' }, [
    ['2024-08-23T20:00:00Z', 'assignment', 'HR Benefits'],
    ['2024-08-26T14:00:00Z', 'assignment', 'Payroll Team'],
  ]),
  ...ticket({ ticket_id: 'T7', created_at: '2024-08-20T15:00:00Z', resolved_at: '2024-08-20T15:20:00Z', subject: 'Printer toner', category: 'Hardware', resolution_code: 'Done' }, [
    ['2024-08-20T15:00:00Z', 'assignment', 'Desk'],
    ['2024-08-20T15:10:00Z', 'comment'],
  ]),
  ...ticket({
    ticket_id: 'T8', created_at: '2024-09-03T13:00:00Z', resolved_at: '2024-09-03T13:05:00Z', subject: 'Direct deposit change', category: 'Payroll',
    resolution_code: 'Information provided', knowledge_article: 'KB0042',
  }, [['2024-09-03T13:00:00Z', 'assignment', 'Payroll Team']]),
];

const RESOLVER: Settings = DEFAULT_SETTINGS;
const DECLARED: Settings = { ...DEFAULT_SETTINGS, ownerBasis: 'declared' };

let db: Database;
beforeAll(async () => {
  db = await Database.open(':memory:');
  await db.run(`INSERT INTO group_departments VALUES ('Desk', 'Technology'), ('HR Benefits', 'Human Resources'), ('Payroll Team', 'Payroll')`);
  await db.run(`INSERT INTO departments VALUES ('Technology', 60), ('Human Resources', NULL), ('Payroll', NULL)`);
  await db.run(`INSERT INTO request_type_owners VALUES ('Payroll', 'Payroll')`);
  const summary = await importFile(db, writeTemp('owner-cases.csv', csv(ROWS)));
  expect(summary).toMatchObject({ ticketsImported: 8, rowsRejected: 0 });
});
afterAll(() => db.close());

const byId = async (settings: Settings) => new Map((await ticketFacts(db, {}, settings)).map((f) => [f.ticket_id, f]));

describe('per-ticket facts', () => {
  it('builds paths, owners and the routing flags', async () => {
    const f = await byId(RESOLVER);
    const view = [...f.values()].map((t) => [t.ticket_id, t.group_path.join('>'), t.first_landing, t.owner, t.hops, t.misrouted, t.redirected, t.ping_pong, t.returned]);
    expect(view).toEqual([
      ['T1', 'Desk>HR Benefits>Desk', 'Technology', 'Technology', 2, false, false, true, true],
      ['T2', 'Desk', 'Technology', 'Human Resources', 0, true, true, false, false],
      ['T3', 'Mystery Queue>Payroll Team', 'Mystery Queue', 'Payroll', 1, true, false, false, false],
      ['T4', '', 'Technology', 'Technology', 0, false, false, false, false],
      ['T5', 'Desk>Payroll Team', 'Technology', 'Payroll', 1, true, false, false, false],
      ['T6', 'HR Benefits>Payroll Team', 'Human Resources', 'Payroll', 1, true, false, false, false],
      ['T7', 'Desk', 'Technology', 'Technology', 0, false, false, false, false],
      ['T8', 'Payroll Team', 'Payroll', 'Payroll', 0, false, false, false, false],
    ]);
    expect(f.get('T2')).toMatchObject({ closed_as_redirect: true, redirect_department: 'Human Resources', resolver: 'Technology', declared_owner: null });
    expect(f.get('T3')!.unmapped_groups).toEqual(['Mystery Queue']);
  });

  it('measures time to owner in hours and business hours', async () => {
    const f = await byId(RESOLVER);
    const hours = [...f.values()].map((t) => [t.ticket_id, t.hours_to_owner, t.business_hours_to_owner]);
    expect(hours).toEqual([
      ['T1', 0, 0], ['T2', 2.5, 2.5], ['T3', 1, 1], ['T4', 0, 0], ['T5', 0, 0], ['T6', 66, 3], ['T7', 0, 0], ['T8', 0, 0],
    ]);
    expect(f.get('T1')!.hours_other_queues).toBe(1);
    expect(f.get('T6')!.hours_other_queues).toBe(66);
  });

  it('counts touches outside the owner and prices coordination by the department that spent it', async () => {
    const f = await byId(RESOLVER);
    expect([...f.values()].map((t) => [t.ticket_id, t.touches_outside, t.coordination_minutes, Number(t.coordination_cost.toFixed(2))])).toEqual([
      ['T1', 2, 42, 33.9], ['T2', 2, 12, 12], ['T3', 2, 27, 18.9], ['T4', 0, 0, 0], ['T5', 2, 27, 22.5], ['T6', 2, 27, 18.9], ['T7', 0, 0, 0], ['T8', 0, 0, 0],
    ]);
    expect(f.get('T1')!.charges.map((c) => [c.department, c.minutes, Number(c.cost.toFixed(2))])).toEqual([
      ['Human Resources', 6, 4.2], // the comment at 14:30
      ['Human Resources', 6, 4.2], // the handoff back to the Desk, done by HR
      ['Human Resources', 15, 10.5], // triage of Desk -> HR Benefits
      ['Technology', 15, 15], // triage of HR Benefits -> Desk, at $60/h
    ]);
  });

  it('finds the tickets that ask rather than report', async () => {
    const f = await byId(RESOLVER);
    expect([...f.values()].filter((t) => t.asks).map((t) => [t.ticket_id, t.is_question, t.information_only])).toEqual([
      ['T6', true, false], ['T7', false, true], ['T8', false, true],
    ]);
  });

  it('switches to the declared owner where one is declared', async () => {
    const f = await byId(DECLARED);
    expect(f.get('T4')).toMatchObject({ resolver_owner: 'Technology', declared_owner: 'Payroll', owner: 'Payroll', misrouted: true, owner_at: null, hours_to_owner: null });
    expect(f.get('T2')!.owner).toBe('Human Resources'); // no declared owner for Benefits
  });
});

describe('the figures', () => {
  it('summarises the routing', async () => {
    const s = await routingSummary(db, {}, RESOLVER);
    expect({ ...s, coordination_cost: Number(s.coordination_cost.toFixed(2)) }).toEqual({
      owner_basis: 'resolver', tickets: 8, rerouted_tickets: 4, misrouted_tickets: 4, misroute_share: 0.5, redirected_tickets: 1,
      ping_pong_tickets: 1, return_tickets: 1, reopened_tickets: 0, mean_hops: 0.625, median_hours_to_owner: 0, median_business_hours_to_owner: 0,
      // The misrouted T2, T3, T5, T6 reached their owner after 2.5, 1, 0 and 3 business hours:
      // median (1 + 2.5) / 2; 90th percentile at position 0.9 x 3 = 2.7, 2.5 + 0.7 x (3 - 2.5).
      misrouted_median_business_hours_to_owner: 1.75, misrouted_p90_business_hours_to_owner: 2.85,
      hours_in_other_queues: 1 + 2.5 + 1 + 66, touches_outside_owner: 10, coordination_hours: 2.25, coordination_cost: 106.2,
      tickets_with_declared_owner: 5, resolver_differs_from_declared: 1, unmapped_groups: ['Mystery Queue'],
    });
    const declared = await routingSummary(db, {}, DECLARED);
    expect(declared).toMatchObject({ owner_basis: 'declared', misrouted_tickets: 5, misroute_share: 5 / 8 });
  });

  it('applies the filters', async () => {
    expect((await routingSummary(db, { department: 'Human Resources' }, RESOLVER)).tickets).toBe(3); // T1 path, T2 owner, T6 landing
    expect((await routingSummary(db, { from: '2024-09-01' }, RESOLVER)).tickets).toBe(1);
    expect((await routingSummary(db, { requestType: 'Payroll' }, RESOLVER)).tickets).toBe(5);
    expect((await routingSummary(db, { location: 'Nowhere' }, RESOLVER)).tickets).toBe(0);
  });

  it('breaks the figures down by department', async () => {
    const rows = (await departmentFigures(db, {}, RESOLVER)).map((d) => [
      d.department, d.tickets_owned, d.inbound_misrouted, d.inbound_misroute_share, d.tickets_landed, d.outbound_rerouted,
      d.outbound_reroute_share, d.median_hours_to_owner, d.coordination_hours, Number(d.coordination_cost.toFixed(2)),
    ]);
    expect(rows).toEqual([
      ['Technology', 3, 0, 0, 5, 2, 0.4, 0, 39 / 60, 39],
      ['Payroll', 4, 3, 0.75, 1, 0, 0, 0.5, 45 / 60, 31.5],
      ['Human Resources', 1, 1, 1, 1, 1, 1, 2.5, 39 / 60, 27.3],
      ['Mystery Queue', 0, 0, 0, 1, 1, 1, null, 12 / 60, 8.4],
    ]);
  });

  it('ranks request types by coordination cost and flags ownership gaps', async () => {
    const gaps = await ownershipGaps(db, {}, RESOLVER);
    const h = -(0.8 * Math.log(0.8) + 0.2 * Math.log(0.2)) / Math.log(2);
    expect(gaps.map((g) => [g.request_type, g.tickets, g.top_owner, g.top_owner_share, Number(g.owner_entropy.toFixed(6)), g.misroute_share, Number(g.coordination_cost.toFixed(2)), g.declared_owner, g.gap])).toEqual([
      ['Payroll', 5, 'Payroll', 0.8, Number(h.toFixed(6)), 0.6, 60.3, 'Payroll', false],
      ['Account', 1, 'Technology', 1, 0, 0, 33.9, null, false],
      ['Benefits', 1, 'Human Resources', 1, 0, 1, 12, null, true],
      ['Hardware', 1, 'Technology', 1, 0, 0, 0, null, false],
    ]);
    expect(gaps[0].owners).toEqual([
      { department: 'Payroll', tickets: 4, share: 0.8 },
      { department: 'Technology', tickets: 1, share: 0.2 },
    ]);
  });

  it('groups missing answers into themes and shows the effect of answering one', async () => {
    const themes = await answerGaps(db, {}, RESOLVER);
    expect(themes.map((t) => [t.theme_key, t.theme, t.tickets, t.owner_department, Number(t.coordination_cost.toFixed(2)), t.example_subjects, t.knowledge_article_linked, t.answered])).toEqual([
      // Keyed by stems; labelled by the most frequent subject, the shorter of a tie.
      ['payroll|chang deposit direct', 'Direct deposit change', 2, 'Payroll', 18.9, ['Direct deposit change', 'How do I change my direct deposit?'], true, null],
      ['hardware|printer toner', 'Printer toner', 1, 'Technology', 0, ['Printer toner'], false, null],
    ]);
    await markThemeAnswered(db, 'payroll|chang deposit direct', 'https://kb.example/direct-deposit', new Date('2024-09-01T00:00:00Z'));
    const [answered] = await answerGaps(db, {}, RESOLVER);
    expect(answered.answered).toEqual({ url: 'https://kb.example/direct-deposit', answered_at: new Date('2024-09-01T00:00:00Z'), tickets_before: 1, tickets_after: 1 });
    await db.run('DELETE FROM answered_themes');
  });

  it('counts by week and month in the district zone', async () => {
    const t = await trends(db, {}, RESOLVER);
    expect(t.week.map((w) => [w.period, w.tickets, w.misrouted_tickets])).toEqual([['2024-08-19', 7, 4], ['2024-09-02', 1, 0]]);
    expect(t.month.map((m) => [m.period, m.tickets, m.redirected_tickets])).toEqual([['2024-08-01', 7, 1], ['2024-09-01', 1, 0]]);
    expect(buildTrendsSql({}, RESOLVER, 'week', { facts: { table: 'facts_table' } }).sql).toMatchInlineSnapshot(`
      "WITH facts AS NOT MATERIALIZED (SELECT p.* FROM (SELECT t.* FROM "facts_table" t WHERE (true)) p WHERE true)
      SELECT strftime(date_trunc($grain, created_day), '%Y-%m-%d') AS period,
        count(*)::INTEGER AS "tickets",
        count(*) FILTER (WHERE rerouted)::INTEGER AS "rerouted_tickets",
        count(*) FILTER (WHERE misrouted)::INTEGER AS "misrouted_tickets",
        count(*) FILTER (WHERE redirected)::INTEGER AS "redirected_tickets",
        count(*) FILTER (WHERE ping_pong)::INTEGER AS "ping_pong_tickets",
        count(*) FILTER (WHERE returned)::INTEGER AS "return_tickets",
        count(*) FILTER (WHERE reopened)::INTEGER AS "reopened_tickets",
        median(hours_to_owner)::DOUBLE AS "median_hours_to_owner",
        coalesce(sum((coordination_cost)::DECIMAL(38, 9))::DOUBLE, 0) AS "coordination_cost"
      FROM facts GROUP BY period ORDER BY period"
    `);
  });

  it('builds the report from the same figures, as JSON, Markdown and CSV', async () => {
    const r = await buildReport(db, {}, RESOLVER);
    expect(r.summary).toMatchObject({ tickets: 8, misrouted_tickets: 4, resolved_elsewhere: 3, resolved_elsewhere_share: 3 / 8 });
    expect(r.departments).toEqual(await departmentFigures(db, {}, RESOLVER));
    expect(r.assumptions).toMatchObject({ owner_basis: 'resolver', cost: RESOLVER.cost, calendar: RESOLVER.calendar });
    expect(reportToMarkdown(r)).toContain('| Benefits | 1 | Human Resources | 100.0 % | 0.00 | 100.0 % | 12.00 USD | (none) | yes |');
    expect(reportToCsv(r, 'ownership_gaps').split('\n')[3]).toBe('Benefits,1,Human Resources,1,0,1,12,,true');
  });

  it('keeps the persisted facts until what they were computed from changes', async () => {
    const refreshedAt = async () => (await db.all<{ refreshed_at: Date }>('SELECT refreshed_at FROM cache.ticket_facts_state'))[0].refreshed_at;
    await routingSummary(db, {}, RESOLVER);
    const first = await refreshedAt();
    await departmentFigures(db, {}, RESOLVER);
    expect(await refreshedAt()).toEqual(first);
    // Technology's 39 minutes now cost $30/h: 106.20 - 39 + 19.50 = 86.70.
    await db.run("UPDATE departments SET hourly_rate = 30 WHERE department = 'Technology'");
    expect(Number((await routingSummary(db, {}, RESOLVER)).coordination_cost.toFixed(2))).toBe(86.7);
    await db.run("UPDATE departments SET hourly_rate = 60 WHERE department = 'Technology'");
    expect(Number((await routingSummary(db, {}, RESOLVER)).coordination_cost.toFixed(2))).toBe(106.2);
    // A different setting is a different fingerprint too.
    expect((await routingSummary(db, {}, DECLARED)).misrouted_tickets).toBe(5);
    expect((await routingSummary(db, {}, RESOLVER)).misrouted_tickets).toBe(4);
  });
});
