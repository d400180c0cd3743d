/**
 * GET /api/people: who routes (analysis/routing-people). Leaders and admins see every
 * person; a department head sees only the people of their own departments (by the
 * department each person most often acts for), with the concentration among those people
 * alone, and "<5" for an absence comparison about fewer than five tickets and for a
 * request type's arrivals when fewer than five were not through the head's person. People
 * are the stored pseudonyms: the ingest never keeps a name, so there is none to show.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { WITHHELD } from '#analysis/report/withheld.ts';
import type { Filters } from '#analysis/filters/filters.ts';
import {
  routingPeople,
  type AbsenceSide,
  type DependentRequestType,
  type PersonRouting,
  type RoutingPeople,
} from '#analysis/routing-people/routing-people.ts';
import type { Queryable } from '#core/db/database.ts';
import { readSettings, type Settings } from '#core/settings.ts';
import { seesWholeDistrict, SMALL_FIGURE_THRESHOLD, type RequestAccess } from '../../plugins/app/auth/roles.ts';
import { Count, ErrorBody, Figure, FiltersQuery, NullableFigure } from '../../schemas.ts';
import '../../access.ts';
import { rejectBadFilters } from '../../filter-check.ts';

const NullableText = Type.Union([Type.String(), Type.Null()]);

const Shares = {
  top1_share: Type.Number(),
  top3_share: Type.Number(),
  top5_share: Type.Number(),
  gini: Type.Number(),
};

const AbsenceSide = Type.Object({
  weeks: Count,
  tickets: Count,
  median_hours_to_owner: NullableFigure,
  mean_handoffs: NullableFigure,
});

const Person = Type.Object({
  person: Type.String(),
  department: NullableText,
  handoffs: Count,
  triage_touches: Count,
  departments_reached: Count,
  dependent_request_types: Type.Array(Type.String()),
  absence: Type.Union([Type.Object({ present: AbsenceSide, absent: AbsenceSide }), Type.Null()]),
});

const Period = Type.Object({ period: Type.String(), people: Type.Integer(), ...Shares });

export const PeopleResponse = Type.Object({
  ...Shares,
  people: Type.Array(Person),
  by_school_year: Type.Array(Period),
  by_month: Type.Array(Period),
  dependent_request_types: Type.Array(
    Type.Object({
      request_type: Type.String(),
      person: Type.String(),
      department: NullableText,
      routed_tickets: Count,
      through_person: Count,
      through_share: Figure,
      hours_per_year: Figure,
    }),
  ),
});

type Withheld = typeof WITHHELD;
type GuardedSide = { [K in keyof AbsenceSide]: AbsenceSide[K] | Withheld };
type GuardedPerson = Omit<PersonRouting, 'absence'> & { absence: { present: GuardedSide; absent: GuardedSide } | null };
type GuardedDependent = Omit<DependentRequestType, 'routed_tickets' | 'through_share'> & {
  routed_tickets: number | Withheld;
  through_share: number | Withheld;
};
export type PeopleAnswer = Omit<RoutingPeople, 'people' | 'dependent_request_types'> & {
  people: GuardedPerson[];
  dependent_request_types: GuardedDependent[];
};

/**
 * The tickets behind an absence comparison are of request types other departments may
 * own, and need not have passed through the head's department: a side about fewer than
 * five of them shows "<5" for its count and for what derives from it.
 */
function guardSide(side: AbsenceSide): GuardedSide {
  if (side.tickets >= SMALL_FIGURE_THRESHOLD) return side;
  return { weeks: side.weeks, tickets: WITHHELD, median_hours_to_owner: WITHHELD, mean_handoffs: WITHHELD };
}

/** The arrivals not through the head's person are other people's: fewer than five, and the total and share go. */
function guardDependent(d: DependentRequestType): GuardedDependent {
  if (d.routed_tickets - d.through_person >= SMALL_FIGURE_THRESHOLD) return d;
  return { ...d, routed_tickets: WITHHELD, through_share: WITHHELD };
}

/**
 * What the caller may see: the whole district; or, for a department head, the people of
 * their departments, with the concentration among those people alone (computed by the
 * analysis from their counts only, so no share can be combined with the head's own counts
 * to recover another department's).
 */
export async function peopleFor(db: Queryable, access: RequestAccess | null, settings: Settings, filters: Filters): Promise<PeopleAnswer> {
  if (seesWholeDistrict(access)) return routingPeople(db, settings, filters);
  const mine = await routingPeople(db, settings, filters, { departments: access?.departments ?? [] });
  return {
    ...mine,
    people: mine.people.map((p) => ({ ...p, absence: p.absence && { present: guardSide(p.absence.present), absent: guardSide(p.absence.absent) } })),
    dependent_request_types: mine.dependent_request_types.map(guardDependent),
  };
}

/** The answer's shape, for the page (dashboard/app/src/routes/people). */
export type PeopleBody = Static<typeof PeopleResponse>;

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preHandler', rejectBadFilters);
  app.get(
    '/',
    {
      config: { access: 'leader' },
      schema: {
        tags: ['figures'],
        summary: 'Who routes: routing per person, its concentration, and request types that depend on one person',
        querystring: FiltersQuery,
        response: { 200: PeopleResponse, 400: ErrorBody },
      },
    },
    async (request) => {
      return peopleFor(app.db, request.access, await readSettings(app.db), request.query);
    },
  );
};

export default routes;
