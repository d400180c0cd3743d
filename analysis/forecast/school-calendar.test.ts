import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHOOL_CALENDAR, type SchoolCalendar } from '#core/settings.ts';
import { dayNumber, mondayOf, dayString, phaseSpans, schoolWeekOf, schoolWeeks } from './school-calendar.ts';

const week = (day: string, calendar: SchoolCalendar = DEFAULT_SCHOOL_CALENDAR) => schoolWeekOf(calendar, dayNumber(day));

describe('school-calendar weeks on the default US calendar (first day 08-15, last 05-29)', () => {
  it('finds Mondays without local time', () => {
    expect(dayString(mondayOf(dayNumber('2024-08-15')))).toBe('2024-08-12'); // a Thursday
    expect(dayString(mondayOf(dayNumber('2024-08-18')))).toBe('2024-08-12'); // the Sunday after
    expect(dayString(mondayOf(dayNumber('2024-08-19')))).toBe('2024-08-19');
  });

  it('counts weeks from the week of the first day of school, with the phases', () => {
    expect(week('2024-08-15')).toEqual({ week: '2024-08-12', startYear: 2024, weekOfYear: 1, phase: 'first_weeks' });
    expect(week('2024-08-05')).toEqual({ week: '2024-08-05', startYear: 2024, weekOfYear: 0, phase: 'before_school' });
    expect(week('2024-07-29')).toMatchObject({ weekOfYear: -1, phase: 'before_school' });
    expect(week('2024-07-22')).toMatchObject({ weekOfYear: -2, phase: 'summer' });
    expect(week('2024-09-02')).toMatchObject({ weekOfYear: 4, phase: 'first_weeks' });
    expect(week('2024-09-09')).toMatchObject({ weekOfYear: 5, phase: 'term' });
    // 2024-11-25: its Wednesday (11-27) is inside Thanksgiving (11-24..11-28); 105 days after 08-12.
    expect(week('2024-11-25')).toMatchObject({ weekOfYear: 16, phase: 'break' });
    expect(week('2024-12-23')).toMatchObject({ startYear: 2024, phase: 'break' });
    expect(week('2025-01-06')).toMatchObject({ startYear: 2024, weekOfYear: 22, phase: 'term' });
    expect(week('2025-04-14')).toMatchObject({ phase: 'testing' });
    expect(week('2025-05-26')).toMatchObject({ phase: 'term' }); // Wednesday 05-28, before the last day
    expect(week('2025-06-02')).toMatchObject({ startYear: 2024, phase: 'summer' });
  });

  it('hands the summer to the next school year eight weeks before its first week', () => {
    // 2025-08-15 is a Friday: its week starts 2025-08-11; eight weeks earlier is 2025-06-16.
    expect(week('2025-06-09')).toMatchObject({ startYear: 2024, weekOfYear: 44, phase: 'summer' });
    expect(week('2025-06-16')).toMatchObject({ startYear: 2025, weekOfYear: -7, phase: 'summer' });
    expect(week('2025-08-11')).toMatchObject({ startYear: 2025, weekOfYear: 1, phase: 'first_weeks' });
  });

  it('uses a school year set to exact dates instead of the recurring ones', () => {
    const calendar: SchoolCalendar = {
      ...DEFAULT_SCHOOL_CALENDAR,
      years: [{ firstDay: '2024-08-26', lastDay: '2025-06-06', breaks: [{ name: 'Fall', from: '2024-10-14', to: '2024-10-18' }], testing: [] }],
    };
    expect(week('2024-08-26', calendar)).toMatchObject({ weekOfYear: 1, phase: 'first_weeks' });
    expect(week('2024-08-12', calendar)).toMatchObject({ weekOfYear: -1, phase: 'before_school' });
    expect(week('2024-10-14', calendar)).toMatchObject({ weekOfYear: 8, phase: 'break' });
    expect(week('2025-04-14', calendar)).toMatchObject({ phase: 'term' }); // no testing window that year
    expect(week('2025-06-02', calendar)).toMatchObject({ phase: 'term' }); // last day 06-06
  });

  it('groups consecutive weeks of one phase into spans for shading', () => {
    const spans = phaseSpans(schoolWeeks(DEFAULT_SCHOOL_CALENDAR, '2024-07-15', 8));
    expect(spans).toEqual([
      { from: '2024-07-15', to: '2024-07-22', phase: 'summer' },
      { from: '2024-07-29', to: '2024-08-05', phase: 'before_school' },
      { from: '2024-08-12', to: '2024-09-02', phase: 'first_weeks' },
    ]);
  });
});
