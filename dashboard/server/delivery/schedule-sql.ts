/**
 * When a scheduled report is due and which days it covers, decided in the district's zone
 * by DuckDB's time-zone rules (ICU), never by the server's local clock. Reports go out at
 * 07:00 district time: weekly on Mondays (covering the week before, Monday to Sunday),
 * monthly on the 1st (covering the month before). Pure builders: the SQL and its values.
 */
import type { Param } from '#core/db/database.ts';

export const FREQUENCIES = ['weekly', 'monthly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

const UNIT: Record<Frequency, { trunc: string; step: string }> = {
  weekly: { trunc: 'week', step: 'INTERVAL 7 DAY' },
  monthly: { trunc: 'month', step: 'INTERVAL 1 MONTH' },
};

/** The first due instant strictly after `$after` (column `due`). */
export function nextDueSql(frequency: Frequency, after: Date, timeZone: string): { sql: string; params: Param[] } {
  const u = UNIT[frequency];
  // Shifted back by the send hour first, so an instant at 07:00 on the day counts as sent.
  return {
    sql: `SELECT timezone($2, date_trunc('${u.trunc}', timezone($2, $1::TIMESTAMPTZ) - INTERVAL 7 HOUR) + ${u.step} + INTERVAL 7 HOUR) AS due`,
    params: [after, timeZone],
  };
}

/** The district days a report due at `$due` covers: the full period before it (columns `from_day`, `to_day`). */
export function periodSql(frequency: Frequency, due: Date, timeZone: string): { sql: string; params: Param[] } {
  const step = UNIT[frequency].step;
  return {
    sql: `SELECT strftime(CAST(timezone($2, $1::TIMESTAMPTZ) AS DATE) - ${step}, '%Y-%m-%d') AS from_day,
                 strftime(CAST(timezone($2, $1::TIMESTAMPTZ) AS DATE) - INTERVAL 1 DAY, '%Y-%m-%d') AS to_day`,
    params: [due, timeZone],
  };
}
