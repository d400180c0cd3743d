/**
 * GET /api/people: who routes (analysis/routing-people). Leaders and admins see every
 * person; a department head sees only the people of their own departments (by the
 * department each person most often acts for), with the district's concentration figures,
 * which are shares and carry no count, and an absence comparison about fewer than five
 * tickets shown as "<5". People are the stored pseudonyms: the ingest never
 * keeps a name, so there is none to show.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { WITHHELD } from '#analysis/report/withheld.ts';
import { routingPeople, type AbsenceSide, type PersonRouting, type RoutingPeople } from '#analysis/routing-people/routing-people.ts';
import { readSettings } from '#core/settings.ts';
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
export type PeopleAnswer = Omit<RoutingPeople, 'people'> & { people: GuardedPerson[] };

/**
 * The tickets behind an absence comparison are of request types other departments may
 * own, and need not have passed through the head's department: a side about fewer than
 * five of them shows "<5" for its count and for what derives from it.
 */
function guardSide(side: AbsenceSide): GuardedSide {
  if (side.tickets >= SMALL_FIGURE_THRESHOLD) return side;
  return { weeks: side.weeks, tickets: WITHHELD, median_hours_to_owner: WITHHELD, mean_handoffs: WITHHELD };
}

/** What the caller may see: everything, or for a department head only their departments' people. */
export function peopleFor(access: RequestAccess | null, all: RoutingPeople): PeopleAnswer {
  if (seesWholeDistrict(access)) return all;
  const mine = (d: string | null) => d !== null && (access?.departments ?? []).includes(d);
  return {
    ...all,
    people: all.people
      .filter((p) => mine(p.department))
      .map((p) => ({ ...p, absence: p.absence && { present: guardSide(p.absence.present), absent: guardSide(p.absence.absent) } })),
    dependent_request_types: all.dependent_request_types.filter((d) => mine(d.department)),
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
      const settings = await readSettings(app.db);
      return peopleFor(request.access, await routingPeople(app.db, settings, request.query));
    },
  );
};

export default routes;
