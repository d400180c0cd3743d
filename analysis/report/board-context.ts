/**
 * What the board report says about its own data, beside the figures: the period it covers,
 * how recent the data is ("data through"), the imports it came from, and the largest
 * first landing -> owner flows for its chart. Pure SQL builders (every value a bound
 * parameter) and one loader. The flows are the same grouping of the per-ticket facts as
 * the dashboard's Sankey (dashboard/server/repositories/ticket-queries.ts), which this
 * layer cannot import.
 */
import type { Param, Queryable } from '#core/db/database.ts';
import { readDistrictName, type Settings } from '#core/settings.ts';
import type { Filters } from '../filters/filters.ts';
import { factsFor, factsSource } from '../ticket-facts/ticket-facts.ts';

export interface BoardSource {
  source: string;
  file_name: string | null;
}

export interface BoardFlow {
  from: string;
  to: string;
  tickets: number;
}

export interface BoardContext {
  /** The district's name; null when none is set (the report then has a generic title). */
  districtName: string | null;
  /** Calendar days in the district's zone: the filters' range, else the first and last ticket. */
  period: { from: string | null; to: string | null };
  /** The latest ticket creation or event, 'YYYY-MM-DD HH:MM' in the district's zone; null without data. */
  dataThrough: string | null;
  sources: BoardSource[];
  /** The largest flows, largest first. */
  flows: BoardFlow[];
}

export const BOARD_FLOW_LIMIT = 8;

type Sql = { sql: string; params: Record<string, Param> };

/** First and last creation day in the zone, of the tickets inside the filters' dates. */
export function buildPeriodSql(filters: Filters, timeZone: string): Sql {
  return {
    sql: `SELECT strftime(min(day), '%Y-%m-%d') AS first_day, strftime(max(day), '%Y-%m-%d') AS last_day
FROM (SELECT timezone($tz, created_at)::DATE AS day FROM tickets)
WHERE ($from::DATE IS NULL OR day >= $from::DATE) AND ($to::DATE IS NULL OR day <= $to::DATE)`,
    params: { tz: timeZone, from: filters.from ?? null, to: filters.to ?? null },
  };
}

/** The latest instant the data knows of: a ticket created or an event recorded. */
export function buildDataThroughSql(timeZone: string): Sql {
  return {
    sql: `SELECT strftime(timezone($tz, max(instant)), '%Y-%m-%d %H:%M') AS data_through
FROM (SELECT max(created_at) AS instant FROM tickets UNION ALL SELECT max(occurred_at) FROM ticket_events)`,
    params: { tz: timeZone },
  };
}

/** The imports that succeeded (a removed or failed import contributed nothing), oldest first. */
export function buildSourcesSql(): Sql {
  return {
    sql: `SELECT source, file_name FROM imports WHERE status = $status GROUP BY source, file_name ORDER BY min(started_at), source, file_name`,
    params: { status: 'succeeded' },
  };
}

/** `districtName`: the title's name; left out, the one an admin set (Administration, District settings). */
export async function loadBoardContext(db: Queryable, filters: Filters, settings: Settings, districtName?: string | null): Promise<BoardContext> {
  const period = buildPeriodSql(filters, settings.timeZone);
  const through = buildDataThroughSql(settings.timeZone);
  const sources = buildSourcesSql();
  const facts = factsSource(filters, settings, await factsFor(db, settings, {}));
  const [[p], [t], s, flows] = await Promise.all([
    db.all<{ first_day: string | null; last_day: string | null }>(period.sql, period.params),
    db.all<{ data_through: string | null }>(through.sql, through.params),
    db.all<BoardSource>(sources.sql, sources.params),
    db.all<BoardFlow>(
      `WITH ${facts.cte}
SELECT first_landing AS "from", owner AS "to", count(*)::INTEGER AS tickets
FROM facts GROUP BY ALL ORDER BY tickets DESC, "from", "to" LIMIT ${BOARD_FLOW_LIMIT}`,
      facts.params,
    ),
  ]);
  return {
    districtName: districtName === undefined ? await readDistrictName(db) : districtName,
    period: { from: filters.from ?? p.first_day, to: filters.to ?? p.last_day },
    dataThrough: t.data_through,
    sources: s,
    flows,
  };
}
