/**
 * Who routes (docs/metrics.md, "Who routes"): the routing each person carries, how
 * concentrated it is (overall, by school year, by month), the request types that reach
 * their owner mostly through one person, and how those request types fare in the weeks
 * that person is away.
 *
 * People are the `actor` pseudonyms the ingest stores; nothing here ranks anyone by speed
 * or quality of work, only by the routing they carry. The SQL is in routing-people-sql.ts;
 * this module runs it and does the small arithmetic (shares, Gini, hours a year) in one
 * place, on a few hundred rows at most.
 */
import type { Queryable } from '#core/db/database.ts';
import type { Settings } from '#core/settings.ts';
import type { Filters } from '../filters/filters.ts';
import { ensureTicketFacts, factsSource, MOVES, type MetricOptions } from '../ticket-facts/ticket-facts.ts';
import { concentration, type Concentration } from './concentration.ts';
import { buildRoutingPeopleSql } from './routing-people-sql.ts';

export interface AbsenceSide {
  weeks: number;
  /** Tickets of the request types that depend on the person, created in those weeks. */
  tickets: number;
  median_hours_to_owner: number | null;
  mean_handoffs: number | null;
}

export interface AbsenceComparison {
  present: AbsenceSide;
  absent: AbsenceSide;
}

export interface PersonRouting {
  person: string;
  /** The department the person most often acts for (null when never known). */
  department: string | null;
  handoffs: number;
  triage_touches: number;
  departments_reached: number;
  /** Request types that reach their owner mostly through this person, by name. */
  dependent_request_types: string[];
  /** Present versus absent weeks, for a person some request type depends on; else null. */
  absence: AbsenceComparison | null;
}

export interface ConcentrationPeriod extends Concentration {
  period: string;
  /** People who made at least one handoff in the period. */
  people: number;
}

/** A fix-first candidate: write down and publish the route this person knows. */
export interface DependentRequestType {
  request_type: string;
  person: string;
  /** The person's department (see PersonRouting.department). */
  department: string | null;
  /** Tickets of the type that reached their owner by a handoff, and of those, through this person. */
  routed_tickets: number;
  through_person: number;
  through_share: number;
  /** The person's handoffs (triage minutes each) and triage touches (touch minutes each) on the type, per year. */
  hours_per_year: number;
}

export interface RoutingPeople extends Concentration {
  people: PersonRouting[];
  by_school_year: ConcentrationPeriod[];
  by_month: ConcentrationPeriod[];
  dependent_request_types: DependentRequestType[];
}

type PersonRow = Omit<PersonRouting, 'absence'>;
interface PeriodRow {
  grain: 'school_year' | 'month';
  period: string;
  person: string;
  handoffs: number;
}
interface DependentRow {
  request_type: string;
  person: string;
  department: string | null;
  routed_tickets: number;
  through_person: number;
  handoffs: number;
  triage_touches: number;
  days: number;
}
interface AbsenceRow extends AbsenceSide {
  person: string;
  here: boolean;
}

function periods(rows: PeriodRow[], grain: PeriodRow['grain']): ConcentrationPeriod[] {
  const byPeriod = new Map<string, number[]>();
  for (const r of rows.filter((x) => x.grain === grain)) {
    const list = byPeriod.get(r.period) ?? [];
    list.push(r.handoffs);
    byPeriod.set(r.period, list);
  }
  return [...byPeriod].map(([period, counts]) => ({ period, people: counts.length, ...concentration(counts) }));
}

const emptySide = (): AbsenceSide => ({ weeks: 0, tickets: 0, median_hours_to_owner: null, mean_handoffs: null });

export interface RoutingPeopleOptions extends MetricOptions {
  /**
   * Only the people of these departments (by their department above): the concentration
   * is then among them alone, so none of it is computed from anyone else's counts.
   */
  departments?: readonly string[];
}

export async function routingPeople(
  db: Queryable,
  settings: Settings,
  filters: Filters,
  options: RoutingPeopleOptions = {},
): Promise<RoutingPeople> {
  // The stored moves are rebuilt with the persisted facts: made current here even when a
  // run's own facts table is given.
  const persisted = await ensureTicketFacts(db, settings);
  const facts = factsSource(filters, settings, { facts: options.facts ?? persisted });
  const tz = settings.timeZone;
  const q = buildRoutingPeopleSql(facts, MOVES, tz);
  const [row] = await db.all<{ people: PersonRow[]; periods: PeriodRow[]; dependent: DependentRow[]; absence: AbsenceRow[] }>(q.sql, q.params);
  const keep = (department: string | null) => !options.departments || (department !== null && options.departments.includes(department));
  const people = row.people.filter((p) => keep(p.department));
  const kept = new Set(people.map((p) => p.person));
  const periodRows = row.periods.filter((p) => kept.has(p.person));
  const dependentRows = row.dependent.filter((d) => kept.has(d.person));
  const absenceRows = row.absence.filter((a) => kept.has(a.person));

  const absence = new Map<string, AbsenceComparison>();
  for (const r of absenceRows) {
    const entry = absence.get(r.person) ?? { present: emptySide(), absent: emptySide() };
    const { weeks, tickets, median_hours_to_owner, mean_handoffs } = r;
    entry[r.here ? 'present' : 'absent'] = { weeks, tickets, median_hours_to_owner, mean_handoffs };
    absence.set(r.person, entry);
  }
  const { triageMinutes, touchMinutes } = settings.cost;
  return {
    ...concentration(people.map((p) => p.handoffs)),
    people: people.map((p) => ({ ...p, absence: absence.get(p.person) ?? null })),
    by_school_year: periods(periodRows, 'school_year'),
    by_month: periods(periodRows, 'month'),
    dependent_request_types: dependentRows.map((d) => ({
      request_type: d.request_type,
      person: d.person,
      department: d.department,
      routed_tickets: d.routed_tickets,
      through_person: d.through_person,
      through_share: d.through_person / d.routed_tickets,
      hours_per_year: ((d.handoffs * triageMinutes + d.triage_touches * touchMinutes) / 60) * (365 / Math.max(d.days, 1)),
    })),
  };
}
