/**
 * Settings with stated defaults. Stored as JSON in the `settings` table; a missing key
 * means the default below. Money figures always report which of these produced them.
 */
import type { Queryable } from './db/database.ts';

export interface BusinessCalendar {
  /** ISO weekdays that are working days: 1 = Monday ... 7 = Sunday. */
  workingDays: number[];
  /** Local wall-clock opening and closing, 'HH:MM', in the district's zone. */
  dayStart: string;
  dayEnd: string;
  /** Closed dates, 'YYYY-MM-DD', single days or ranges 'YYYY-MM-DD..YYYY-MM-DD' (breaks). */
  holidays: string[];
}

export interface CostAssumptions {
  /** Minutes a receiving team spends triaging one cross-department handoff. Range 0-120. */
  triageMinutes: number;
  /** Minutes one human touch costs while the ticket sits outside its owner. Range 0-120. */
  touchMinutes: number;
  /** Loaded hourly rate used for departments without their own. Range 0-500. */
  defaultHourlyRate: number;
  currency: string;
}

/** A named span of school days: 'MM-DD' in `schoolCalendar`, 'YYYY-MM-DD' in its `years`. */
export interface SchoolDateRange {
  name: string;
  from: string;
  to: string;
}

/** One school year set to exact dates ('YYYY-MM-DD'), overriding the recurring calendar. */
export interface SchoolYearDates {
  firstDay: string;
  lastDay: string;
  breaks: SchoolDateRange[];
  testing: SchoolDateRange[];
}

/**
 * The district's school year, for the demand forecast's weeks and phases
 * (analysis/forecast/school-calendar.ts). The recurring dates are 'MM-DD': a month from
 * July on falls in the year a school year starts, January to June in the next. `years`
 * sets particular school years to their exact dates.
 */
export interface SchoolCalendar {
  firstDay: string;
  lastDay: string;
  breaks: SchoolDateRange[];
  testing: SchoolDateRange[];
  years: SchoolYearDates[];
}

export interface Settings {
  timeZone: string;
  calendar: BusinessCalendar;
  cost: CostAssumptions;
  /** Which owner the figures use where a request type has a declared owner. */
  ownerBasis: 'resolver' | 'declared';
  /** Where tickets created without any group land first, unless an import says otherwise. */
  defaultLandingDepartment: string;
  schoolCalendar: SchoolCalendar;
}

/** A typical US district: mid-August to late May, the usual breaks, spring state testing. */
export const DEFAULT_SCHOOL_CALENDAR: SchoolCalendar = {
  firstDay: '08-15',
  lastDay: '05-29',
  breaks: [
    { name: 'Thanksgiving', from: '11-24', to: '11-28' },
    { name: 'Winter break', from: '12-21', to: '01-02' },
    { name: 'Spring break', from: '03-16', to: '03-20' },
  ],
  testing: [{ name: 'State testing', from: '04-13', to: '05-08' }],
  years: [],
};

export const DEFAULT_SETTINGS: Settings = {
  timeZone: 'America/Chicago',
  calendar: { workingDays: [1, 2, 3, 4, 5], dayStart: '07:00', dayEnd: '16:00', holidays: [] },
  cost: { triageMinutes: 15, touchMinutes: 6, defaultHourlyRate: 42, currency: 'USD' },
  ownerBasis: 'resolver',
  defaultLandingDepartment: 'Technology',
  schoolCalendar: DEFAULT_SCHOOL_CALENDAR,
};

export async function readSettings(db: Queryable): Promise<Settings> {
  const rows = await db.all<{ key: string; value: string }>('SELECT key, value::VARCHAR AS value FROM settings');
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value)]));
  return {
    ...DEFAULT_SETTINGS,
    ...stored,
    calendar: { ...DEFAULT_SETTINGS.calendar, ...(stored.calendar ?? {}) },
    cost: { ...DEFAULT_SETTINGS.cost, ...(stored.cost ?? {}) },
    schoolCalendar: { ...DEFAULT_SETTINGS.schoolCalendar, ...(stored.schoolCalendar ?? {}) },
  } as Settings;
}

export async function writeSetting<K extends keyof Settings>(
  db: Queryable,
  key: K,
  value: Settings[K],
): Promise<void> {
  await db.run(
    'INSERT INTO settings VALUES ($1, $2::JSON) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    [key, JSON.stringify(value)],
  );
}

/**
 * The district's own name, the board report's title; null when none is set. Kept in its own
 * table (migration 032), not in `settings`: every setting feeds the per-ticket facts'
 * fingerprint, and a new name must not recompute them.
 */
export async function readDistrictName(db: Queryable): Promise<string | null> {
  const rows = await db.all<{ district_name: string | null }>('SELECT district_name FROM district');
  return rows[0]?.district_name ?? null;
}

export async function writeDistrictName(db: Queryable, name: string | null): Promise<void> {
  await db.run(
    'INSERT INTO district VALUES (true, $1) ON CONFLICT (singleton) DO UPDATE SET district_name = excluded.district_name',
    [name],
  );
}

/** Whether `zone` is a time zone name of the IANA database this runtime knows ('America/Chicago', 'UTC'; not 'Central' or '+05:00'). */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
