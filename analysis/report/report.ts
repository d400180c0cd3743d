/**
 * The report: every figure the analysis computes, for the given filters, as one object.
 * It calls the same metric modules as the dashboard's API, over the persisted per-ticket
 * facts (analysis/ticket-facts: refreshed first if an import, a map or a setting changed
 * since), so the paths are computed once, not once per figure, and the two always agree.
 */
import type { Queryable } from '#core/db/database.ts';
import type { Settings } from '#core/settings.ts';
import { answerGaps, type AnswerGap } from '../answer-gaps/answer-gaps.ts';
import { departmentFigures, type DepartmentFigures } from '../departments/departments.ts';
import type { Filters } from '../filters/filters.ts';
import { GAP_MISROUTE_SHARE, GAP_TOP_OWNER_SHARE, ownershipGaps, type OwnershipGap } from '../ownership-gaps/ownership-gaps.ts';
import { routingSummary, type RoutingSummary } from '../routing-summary/routing-summary.ts';
import { share } from '../shares.ts';
import { ensureTicketFacts } from '../ticket-facts/ticket-facts.ts';
import { trends, type TrendPoint } from '../trends/trends.ts';
import { formatFigure, type MaybeWithheld } from './withheld.ts';
import { MEASURES, measuresAt, type Grain, type Measure } from '../measures/catalogue.ts';
import { markdownText } from './markdown-text.ts';

export const REPORT_TABLES = ['departments', 'ownership_gaps', 'answer_gaps', 'trends_week', 'trends_month'] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

export interface Report {
  generated_at: string;
  filters: Filters;
  summary: RoutingSummary & {
    /** First landing versus resolver (analysis/first-landing), kept for the dashboard. */
    resolved_elsewhere: number;
    resolved_elsewhere_share: number;
  };
  departments: DepartmentFigures[];
  ownership_gaps: OwnershipGap[];
  answer_gaps: AnswerGap[];
  trends: { week: TrendPoint[]; month: TrendPoint[] };
  assumptions: {
    owner_basis: Settings['ownerBasis'];
    time_zone: string;
    calendar: Settings['calendar'];
    cost: Settings['cost'];
    default_landing_department: string;
    ownership_gap_rule: { top_owner_share_below: number; misroute_share_above: number };
  };
}

/**
 * The report as a department head receives it: other departments' small figures are "<5"
 * (dashboard/server's department guard); the district summary and trends stay numbers.
 */
export type GuardedReport = Omit<Report, 'departments' | 'ownership_gaps' | 'answer_gaps'> & {
  departments: MaybeWithheld<DepartmentFigures>[];
  ownership_gaps: MaybeWithheld<OwnershipGap>[];
  answer_gaps: MaybeWithheld<AnswerGap>[];
};

export async function buildReport(db: Queryable, filters: Filters, settings: Settings): Promise<Report> {
  const options = { facts: await ensureTicketFacts(db, settings) };
  // Independent reads of the same facts: side by side on the database's read connections.
  const [summary, departments, ownership_gaps, answer_gaps, trendsByGrain] = await Promise.all([
    routingSummary(db, filters, settings, options),
    departmentFigures(db, filters, settings, options),
    ownershipGaps(db, filters, settings, options),
    answerGaps(db, filters, settings, options),
    trends(db, filters, settings, options),
  ]);
  const resolvedElsewhere = departments.reduce((n, d) => n + d.resolved_elsewhere, 0);
  return {
    generated_at: new Date().toISOString(),
    filters,
    summary: { ...summary, resolved_elsewhere: resolvedElsewhere, resolved_elsewhere_share: share(resolvedElsewhere, summary.tickets) },
    departments,
    ownership_gaps,
    answer_gaps,
    trends: trendsByGrain,
    assumptions: {
      owner_basis: settings.ownerBasis,
      time_zone: settings.timeZone,
      calendar: settings.calendar,
      cost: settings.cost,
      default_landing_department: settings.defaultLandingDepartment,
      ownership_gap_rule: { top_owner_share_below: GAP_TOP_OWNER_SHARE, misroute_share_above: GAP_MISROUTE_SHARE },
    },
  };
}

// Each passes a withheld figure through as "<5".
const pct = (x: MaybeWithheld<number>) => formatFigure(x, (v) => `${(v * 100).toFixed(1)} %`);
const num = (x: MaybeWithheld<number | null>, digits = 1) => formatFigure(x, (v) => (v === null ? 'n/a' : v.toFixed(digits)));
const count = (x: MaybeWithheld<number>) => formatFigure(x, String);
const cell = (s: string | null) => markdownText(s ?? '(none)').replaceAll('|', '\\|').replaceAll('\n', ' ');

/** A catalogue figure as the Markdown shows it, by its kind. */
function figureText(m: Measure, value: unknown, currency: string): string {
  const x = value as MaybeWithheld<number | null>;
  switch (m.kind) {
    case 'count':
      return count(x as MaybeWithheld<number>);
    case 'share':
      return pct(x as MaybeWithheld<number>);
    case 'hours':
      return formatFigure(x, (v) => (v === null ? 'n/a' : `${v.toFixed(1)} h`));
    case 'money':
      return formatFigure(x, (v) => (v === null ? 'n/a' : `${v.toFixed(2)} ${currency}`));
    case 'mean':
      return num(x, 2);
  }
}

/** A Markdown table of rows: the leading column, then one column per measure of the grain. */
function measureTable(lead: { label: string; key: string }, grain: Grain, rows: readonly object[], currency: string, measures: readonly Measure[]): string[] {
  const shown = measuresAt(grain, measures);
  const row = (r: Record<string, unknown>) => `| ${cell(r[lead.key] as string | null)} | ${shown.map((m) => figureText(m, r[m.name], currency)).join(' | ')} |`;
  return [
    `| ${lead.label} | ${shown.map((m) => m.label).join(' | ')} |`,
    `|---|${shown.map(() => '---:|').join('')}`,
    ...rows.map((r) => row(r as Record<string, unknown>)),
  ];
}

export function reportToMarkdown(r: Report | GuardedReport, measures: readonly Measure[] = MEASURES): string {
  const s = r.summary as Record<string, unknown> & Report['summary'];
  const a = r.assumptions;
  const cur = a.cost.currency;
  const money = (x: MaybeWithheld<number>) => formatFigure(x, (v) => `${v.toFixed(2)} ${cur}`);
  const lines = [
    '# Switchboard coordination report',
    '',
    `Generated ${r.generated_at}. Filters: ${Object.entries(r.filters).filter(([, v]) => v).map(([k, v]) => `${k} = ${markdownText(String(v))}`).join(', ') || 'none'}. Owner basis: ${s.owner_basis}.`,
    '',
    '## Summary',
    '',
    ...measuresAt('district', measures).map((m) => `- ${m.label}: ${figureText(m, s[m.name], cur)}`),
    `- Resolved by a department other than the first landing: ${s.resolved_elsewhere} (${pct(s.resolved_elsewhere_share)})`,
    `- Unmapped groups: ${s.unmapped_groups.length ? s.unmapped_groups.join(', ') : 'none'}`,
    '',
    '## By department',
    '',
    ...measureTable({ label: 'Department', key: 'department' }, 'department', r.departments, cur, measures),
    '',
    '## Ownership gaps by request type',
    '',
    '| Request type | Tickets | Top owner | Top share | Entropy | Misroute share | Cost | Declared owner | Gap |',
    '|---|---:|---|---:|---:|---:|---:|---|---|',
    ...r.ownership_gaps.map(
      (g) =>
        `| ${cell(g.request_type)} | ${count(g.tickets)} | ${cell(g.top_owner)} | ${pct(g.top_owner_share)} | ${num(g.owner_entropy, 2)} | ${pct(g.misroute_share)} | ${money(g.coordination_cost)} | ${cell(g.declared_owner)} | ${g.gap ? 'yes' : ''} |`,
    ),
    '',
    '## Missing answers',
    '',
    '| Theme | Tickets | Owner | Cost | Examples | Article linked |',
    '|---|---:|---|---:|---|---|',
    ...r.answer_gaps.map(
      (t) =>
        `| ${cell(t.theme)} | ${count(t.tickets)} | ${cell(t.owner_department)} | ${money(t.coordination_cost)} | ${cell(t.example_subjects.join('; '))} | ${t.knowledge_article_linked || t.answered ? 'yes' : 'no'} |`,
    ),
    '',
    '## By month',
    '',
    ...measureTable({ label: 'Month', key: 'period' }, 'month', r.trends.month, cur, measures),
    '',
    '## Assumptions',
    '',
    `- Owner basis: ${a.owner_basis}; time zone: ${a.time_zone}; tickets without a group land in ${a.default_landing_department}`,
    `- Business hours: ISO weekdays ${a.calendar.workingDays.join(', ')}, ${a.calendar.dayStart}-${a.calendar.dayEnd}, holidays ${a.calendar.holidays.join(', ') || 'none'}`,
    `- Coordination: ${a.cost.triageMinutes} min triage per cross-department handoff, ${a.cost.touchMinutes} min per touch outside the owner, ${a.cost.defaultHourlyRate} ${a.cost.currency}/h where a department has no rate`,
    `- Ownership gap: no declared owner and top owner share below ${pct(a.ownership_gap_rule.top_owner_share_below)} or misroute share above ${pct(a.ownership_gap_rule.misroute_share_above)}`,
  ];
  return lines.join('\n');
}

/** RFC 4180 CSV; cells that a spreadsheet would run as a formula are prefixed with a quote. */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : Array.isArray(value) ? value.join('; ') : value instanceof Date ? value.toISOString() : String(value);
  // Text only (a negative number stays a number); a list of subjects is text too.
  if (/^[=+\-@\t\r]/.test(s) && (typeof value === 'string' || Array.isArray(value))) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The CSV columns of a table: the catalogue's measures at its grain, or the analysis' own row. */
function tableColumns(table: ReportTable, measures: readonly Measure[]): string[] {
  const names = (grain: Grain) => measuresAt(grain, measures).map((m) => m.name);
  switch (table) {
    case 'departments':
      return ['department', ...names('department')];
    case 'trends_week':
      return ['period', ...names('week')];
    case 'trends_month':
      return ['period', ...names('month')];
    case 'ownership_gaps':
      return ['request_type', 'tickets', 'top_owner', 'top_owner_share', 'owner_entropy', 'misroute_share', 'coordination_cost', 'declared_owner', 'gap'];
    case 'answer_gaps':
      return ['theme', 'theme_key', 'tickets', 'owner_department', 'coordination_cost', 'example_subjects', 'knowledge_article_linked'];
  }
}

function tableRows(r: Report | GuardedReport, table: ReportTable): Record<string, unknown>[] {
  if (table === 'trends_week') return r.trends.week as unknown as Record<string, unknown>[];
  if (table === 'trends_month') return r.trends.month as unknown as Record<string, unknown>[];
  return r[table] as unknown as Record<string, unknown>[];
}

export function reportToCsv(r: Report | GuardedReport, table: ReportTable, measures: readonly Measure[] = MEASURES): string {
  const columns = tableColumns(table, measures);
  return [columns.join(','), ...tableRows(r, table).map((row) => columns.map((c) => csvCell(row[c])).join(','))].join('\n');
}
