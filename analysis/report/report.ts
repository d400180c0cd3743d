/**
 * The report: every figure the analysis computes, for the given filters, as one object.
 * The dashboard's API calls the same metric modules, so the two always agree.
 */
import type { Queryable } from '../../ingest/db/database.ts';
import type { Settings } from '../../ingest/settings.ts';
import { firstLanding } from '../first-landing/first-landing.ts';
import type { Filters } from '../filters/filters.ts';

export const REPORT_TABLES = ['departments'] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

export interface Report {
  generated_at: string;
  filters: Filters;
  summary: { tickets: number; resolved_elsewhere: number; resolved_elsewhere_share: number };
  departments: { department: string; tickets_landed: number; resolved_elsewhere: number; resolved_elsewhere_share: number }[];
}

export async function buildReport(db: Queryable, filters: Filters, settings: Settings): Promise<Report> {
  const fl = await firstLanding(db, filters, settings);
  return {
    generated_at: new Date().toISOString(),
    filters,
    summary: {
      tickets: fl.summary.tickets,
      resolved_elsewhere: fl.summary.resolvedElsewhere,
      resolved_elsewhere_share: fl.summary.resolvedElsewhereShare,
    },
    departments: fl.byDepartment.map((d) => ({
      department: d.department,
      tickets_landed: d.ticketsLanded,
      resolved_elsewhere: d.resolvedElsewhere,
      resolved_elsewhere_share: d.resolvedElsewhereShare,
    })),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export function reportToMarkdown(r: Report): string {
  const lines = [
    '# Switchboard coordination report',
    '',
    `Generated ${r.generated_at}. Filters: ${Object.entries(r.filters).filter(([, v]) => v).map(([k, v]) => `${k} = ${v}`).join(', ') || 'none'}.`,
    '',
    `- Tickets: ${r.summary.tickets}`,
    `- Resolved by a department other than the first landing: ${r.summary.resolved_elsewhere} (${pct(r.summary.resolved_elsewhere_share)})`,
    '',
    '## By first-landing department',
    '',
    '| Department | Tickets landed | Resolved elsewhere | Share |',
    '|---|---:|---:|---:|',
    ...r.departments.map((d) => `| ${d.department.replaceAll('|', '\\|')} | ${d.tickets_landed} | ${d.resolved_elsewhere} | ${pct(d.resolved_elsewhere_share)} |`),
  ];
  return lines.join('\n');
}

/** RFC 4180 CSV; cells that a spreadsheet would run as a formula are prefixed with a quote. */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s) && typeof value === 'string') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function reportToCsv(r: Report, table: ReportTable): string {
  const rows = r[table] as Record<string, unknown>[];
  const columns = rows.length ? Object.keys(rows[0]) : ['department', 'tickets_landed', 'resolved_elsewhere', 'resolved_elsewhere_share'];
  return [columns.join(','), ...rows.map((row) => columns.map((c) => csvCell(row[c])).join(','))].join('\n');
}
