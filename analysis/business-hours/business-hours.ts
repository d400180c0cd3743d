/**
 * Business hours on the district calendar, set-based in SQL.
 *
 * The calendar (settings.calendar: working ISO weekdays, dayStart/dayEnd wall-clock in
 * settings.timeZone, holidays as days or 'from..to' ranges) becomes one row per working
 * window, generated with generate_series over the local days the data spans. Each window
 * carries the business seconds of all windows before it, so the business seconds up to an
 * instant x is one ASOF join: the last window starting at or before x, plus the part of it
 * already elapsed. Business hours between a and b = B(b) - B(a): two ASOF joins per
 * interval, no per-day fan-out, so a million intervals cost two sorted merges.
 *
 * Windows are built from local wall-clock times with timezone(zone, local timestamp), so a
 * DST change shifts the UTC instants of the windows, never their length on the clock.
 */
import type { Param } from '../../ingest/db/database.ts';
import type { Settings } from '../../ingest/settings.ts';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Programmer or settings errors in the calendar, as messages (empty when it is valid). */
export function validateCalendar(settings: Settings): string[] {
  const c = settings.calendar;
  const errors: string[] = [];
  if (!HHMM.test(c.dayStart)) errors.push(`calendar.dayStart must be HH:MM, got '${c.dayStart}'`);
  if (!HHMM.test(c.dayEnd)) errors.push(`calendar.dayEnd must be HH:MM, got '${c.dayEnd}'`);
  if (HHMM.test(c.dayStart) && HHMM.test(c.dayEnd) && c.dayStart >= c.dayEnd) errors.push(`calendar.dayStart (${c.dayStart}) must be before dayEnd (${c.dayEnd})`);
  if (!c.workingDays.every((d) => Number.isInteger(d) && d >= 1 && d <= 7)) errors.push('calendar.workingDays must be ISO weekdays 1-7');
  for (const h of c.holidays) {
    const parts = h.split('..');
    if (parts.length > 2 || !parts.every((p) => DAY.test(p))) errors.push(`calendar holiday '${h}' must be YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD`);
  }
  return errors;
}

/** The bound parameters the calendar CTEs read. */
export function calendarParams(settings: Settings): Record<string, Param> {
  const errors = validateCalendar(settings);
  if (errors.length) throw new Error(errors.join('; '));
  return {
    bh_tz: settings.timeZone,
    bh_days: settings.calendar.workingDays.map(String),
    bh_start: `${settings.calendar.dayStart}:00`,
    bh_end: `${settings.calendar.dayEnd}:00`,
    bh_holidays: [...settings.calendar.holidays],
  };
}

/**
 * CTEs `bh_windows` (w_start, w_secs, cum_before) over the local days between the
 * smallest and largest instant of `bounds`, a relation with TIMESTAMPTZ columns lo and hi.
 * The two spare days at each end keep an instant near midnight inside the series.
 */
export function businessWindowsCtes(bounds: string): string {
  return `
bh_days AS (
  SELECT unnest(generate_series(
    (min(timezone($bh_tz, lo))::DATE - 2)::TIMESTAMP,
    (max(timezone($bh_tz, hi))::DATE + 2)::TIMESTAMP,
    INTERVAL 1 DAY))::DATE AS day
  FROM ${bounds}
),
bh_holidays AS (
  SELECT parts[1]::DATE AS h_from, coalesce(parts[2], parts[1])::DATE AS h_to
  FROM (SELECT string_split(unnest($bh_holidays::VARCHAR[]), '..') AS parts)
),
bh_windows AS (
  SELECT w_start, epoch(w_end) - epoch(w_start) AS w_secs,
    coalesce(sum(epoch(w_end) - epoch(w_start)) OVER (ORDER BY w_start ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS cum_before
  FROM (
    SELECT timezone($bh_tz, day + $bh_start::TIME) AS w_start, timezone($bh_tz, day + $bh_end::TIME) AS w_end
    FROM bh_days
    WHERE list_contains($bh_days::VARCHAR[]::INTEGER[], isodow(day))
      AND NOT EXISTS (SELECT 1 FROM bh_holidays h WHERE bh_days.day BETWEEN h.h_from AND h.h_to)
  )
)`;
}

/**
 * Business seconds from the start of the calendar up to the instant `x`, given the columns
 * of the window `w` found by `ASOF LEFT JOIN bh_windows w ON x >= w.w_start`.
 */
export function businessSecondsAt(x: string, w = 'w'): string {
  return `coalesce(${w}.cum_before + least(epoch(${x}) - epoch(${w}.w_start), ${w}.w_secs), 0)`;
}

/**
 * A query over `intervals` (columns k, a, b; TIMESTAMPTZ) returning k and business_hours
 * between a and b (0 when b <= a, NULL when either end is NULL).
 */
export function buildBusinessHoursSql(intervals: string, settings: Settings) {
  return {
    sql: `WITH bh_bounds AS (SELECT a AS lo, coalesce(b, a) AS hi FROM ${intervals} WHERE a IS NOT NULL),
${businessWindowsCtes('bh_bounds')}
SELECT i.k,
  CASE WHEN i.a IS NULL OR i.b IS NULL THEN NULL
       ELSE greatest(${businessSecondsAt('i.b', 'wb')} - ${businessSecondsAt('i.a', 'wa')}, 0) / 3600.0 END AS business_hours
FROM ${intervals} i
ASOF LEFT JOIN bh_windows wa ON i.a >= wa.w_start
ASOF LEFT JOIN bh_windows wb ON i.b >= wb.w_start
ORDER BY i.k`,
    params: calendarParams(settings),
  };
}
