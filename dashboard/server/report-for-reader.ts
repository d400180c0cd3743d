/**
 * The report as one reader may see it. For a department head: district totals whose hidden
 * part is small withheld (district-totals.ts), then the department guard over the rest. The
 * JSON route leaves the guard to the auth plugin's hook; the CSV and the e-mailed copy,
 * which are text before any hook runs, take the whole view here.
 */
import { buildReport, type GuardedReport, type Report } from '#analysis/report/report.ts';
import type { Filters } from '#analysis/filters/filters.ts';
import type { Queryable } from '#core/db/database.ts';
import type { Settings } from '#core/settings.ts';
import { guardPayload } from './plugins/app/auth/department-guard.ts';
import { headOf, hiddenPartFilters, withholdSmallReportTotals } from './plugins/app/auth/district-totals.ts';
import type { RequestAccess } from './plugins/app/auth/roles.ts';

/** The report with a head's small hidden district totals withheld; other figures as built. */
export async function reportWithTotalsGuarded(db: Queryable, filters: Filters, settings: Settings, access: RequestAccess | null | undefined): Promise<Report> {
  const report = await buildReport(db, filters, settings);
  const head = headOf(access);
  if (head) withholdSmallReportTotals(report, await buildReport(db, hiddenPartFilters(filters, head), settings));
  return report;
}

/** The whole view of `access`: for a head, the totals guarded and then the department guard. */
export async function reportForReader(db: Queryable, filters: Filters, settings: Settings, access: RequestAccess | null | undefined): Promise<Report | GuardedReport> {
  const report = await reportWithTotalsGuarded(db, filters, settings, access);
  const head = headOf(access);
  return head ? (guardPayload(head, report) as GuardedReport) : report;
}
