/**
 * The values the filter bar offers, read from the tickets that are there now. An import
 * taken back out leaves its groups in the group map and its departments in `departments`,
 * so the map is not where the choices come from: a department is offered when some
 * ticket's per-ticket facts name it (its department path, first landing or owner, the
 * three places the department filter looks: analysis/filters), and a school, request type
 * or source when some ticket carries it. Pure SQL builders; `filterOptions` runs them.
 */
import type { Param, Queryable } from '#core/db/database.ts';
import type { Settings } from '#core/settings.ts';
import { factsFor, factsSource } from '#analysis/ticket-facts/ticket-facts.ts';

export interface FilterOptions {
  departments: string[];
  locations: string[];
  requestTypes: string[];
  sources: string[];
  /** First and last creation day in the district's zone, or null without tickets. */
  firstDay: string | null;
  lastDay: string | null;
  /** The district's first school day ('MM-DD'): where the date presets' school year starts. */
  schoolYearStart: string;
}

/** A safety cap per list: the filter bar takes any typed value, so a longer list only loses suggestions. */
export const OPTION_LIMIT = 5000;

/** Departments named by the facts relation `facts` (defined by `factsCte`). */
export function buildDepartmentOptionsSql(factsCte: string): string {
  return `WITH ${factsCte}
SELECT DISTINCT v FROM (
  SELECT unnest(department_path) AS v FROM facts
  UNION ALL SELECT first_landing FROM facts
  UNION ALL SELECT owner FROM facts
) WHERE v IS NOT NULL ORDER BY v LIMIT ${OPTION_LIMIT}`;
}

export type TicketOptionColumn = 'location' | 'request_type' | 'source';

export function buildTicketOptionsSql(column: TicketOptionColumn): string {
  return `SELECT DISTINCT ${column} AS v FROM tickets WHERE ${column} IS NOT NULL ORDER BY v LIMIT ${OPTION_LIMIT}`;
}

export const DATE_SPAN_SQL = `SELECT strftime(timezone($tz, min(created_at)), '%Y-%m-%d') AS first, strftime(timezone($tz, max(created_at)), '%Y-%m-%d') AS last FROM tickets`;

export async function filterOptions(db: Queryable, settings: Settings): Promise<FilterOptions> {
  const facts = factsSource({}, settings, await factsFor(db, settings, {}));
  const values = async (sql: string, params: Record<string, Param> = {}) => (await db.all<{ v: string }>(sql, params)).map((r) => r.v);
  const [range] = await db.all<{ first: string | null; last: string | null }>(DATE_SPAN_SQL, { tz: settings.timeZone });
  return {
    departments: await values(buildDepartmentOptionsSql(facts.cte), facts.params),
    locations: await values(buildTicketOptionsSql('location')),
    requestTypes: await values(buildTicketOptionsSql('request_type')),
    sources: await values(buildTicketOptionsSql('source')),
    firstDay: range.first,
    lastDay: range.last,
    schoolYearStart: settings.schoolCalendar.firstDay,
  };
}
