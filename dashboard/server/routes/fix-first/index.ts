/**
 * GET /api/fix-first: the ranked fix-first actions (analysis/fix-first), each with its
 * evidence, yearly effect and assumption. POST /api/fix-first/what-if: the projection of
 * chosen actions at chosen shares, beside today's, with the low/high band. Both take the
 * figure filters in the query string, so the auth plugin checks a department head's
 * department filter as for every figure.
 *
 * Leaders and admins see everything. A department head sees the district's actions too,
 * under the rule every figure follows: an action about another department with fewer than
 * five tickets behind it shows "<5" for its count and for every figure derived from it.
 * Candidates need five tickets, so that rule holds by construction today; the what-if
 * accepts only the current candidates, so no one can project an arbitrary small set of
 * tickets and read its size back from the difference.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { WITHHELD } from '#analysis/report/withheld.ts';
import { ACTION_KINDS } from '#analysis/fix-first/assumptions.ts';
import { ownerDecisions } from '#analysis/ownership-gaps/owner-decisions.ts';
import { checkChoices, fixFirst, fixFirstCandidates, whatIf, type FixFirstAction, type Projection } from '#analysis/fix-first/fix-first.ts';
import { readSettings } from '#core/settings.ts';
import { seesWholeDistrict, SMALL_FIGURE_THRESHOLD, type RequestAccess } from '../../plugins/app/auth/roles.ts';
import { badRequest, Count, ErrorBody, Figure, FiltersQuery } from '../../schemas.ts';
import '../../access.ts';
import { rejectBadFilters } from '../../filter-check.ts';

const Kind = Type.Union(ACTION_KINDS.map((k) => Type.Literal(k)));
const Share = Type.Number({ minimum: 0, maximum: 1 });
const Assumption = Type.Object({ share: Share, low: Share, high: Share });

const Action = Type.Object({
  action: Type.String(),
  kind: Kind,
  target: Type.String(),
  concerns_department: Type.Union([Type.String(), Type.Null()]),
  evidence_tickets: Count,
  evidence: Type.Object({ filter: Type.Record(Type.String(), Type.String()), link: Type.String() }),
  yearly_misroutes: Figure,
  yearly_hours: Figure,
  yearly_cost: Figure,
  yearly_hours_low: Figure,
  yearly_hours_high: Figure,
  yearly_cost_low: Figure,
  yearly_cost_high: Figure,
  assumption: Assumption,
});

export const FixFirstQuery = Type.Object(
  { ...FiltersQuery.properties, limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }) },
  { additionalProperties: false },
);
export const FixFirstResponse = Type.Object({ actions: Type.Array(Action), currency: Type.String() });

const NullableHours = Type.Union([Type.Number(), Type.Null()]);
const Scenario = Type.Object({
  tickets: Type.Integer(),
  misroutes: Type.Number(),
  coordination_hours: Type.Number(),
  coordination_cost: Type.Number(),
  median_hours_to_owner: NullableHours,
  p90_hours_to_owner: NullableHours,
});
const Effect = Type.Object({
  kind: Kind,
  target: Type.String(),
  evidence_tickets: Type.Integer(),
  share: Share,
  low: Share,
  high: Share,
  yearly_misroutes: Type.Number(),
  yearly_hours: Type.Number(),
  yearly_hours_low: Type.Number(),
  yearly_hours_high: Type.Number(),
  yearly_cost: Type.Number(),
  yearly_cost_low: Type.Number(),
  yearly_cost_high: Type.Number(),
});
export const WhatIfBody = Type.Object(
  {
    actions: Type.Array(
      Type.Object({ kind: Kind, target: Type.String({ minLength: 1, maxLength: 600 }), share: Type.Optional(Share) }, { additionalProperties: false }),
      { maxItems: 100 },
    ),
  },
  { additionalProperties: false },
);
export const WhatIfResponse = Type.Object({
  window: Type.Object({ first_day: Type.Union([Type.String(), Type.Null()]), last_day: Type.Union([Type.String(), Type.Null()]), scale: Type.Number() }),
  today: Scenario,
  projected: Scenario,
  band: Type.Object({ low_shares: Scenario, high_shares: Scenario }),
  actions: Type.Array(Effect),
});

const DecisionSide = Type.Object({ tickets: Count, misrouted_tickets: Count, misroute_share: Figure });
export const DecisionsResponse = Type.Object({
  decisions: Type.Array(
    Type.Object({
      request_type: Type.String(),
      department: Type.String(),
      decided_at: Type.String({ format: 'date-time' }),
      before: DecisionSide,
      after: DecisionSide,
      status: Type.Union([Type.Literal('working'), Type.Literal('not_yet_working')]),
    }),
  ),
});
export type DecisionsBody = Static<typeof DecisionsResponse>;

/** The answers' shapes, for the page (dashboard/app/src/routes/what-if). */
export type FixFirstBody = Static<typeof FixFirstResponse>;
export type WhatIfAnswer = Static<typeof WhatIfResponse>;
export type WhatIfRequest = Static<typeof WhatIfBody>;

const DERIVED = [
  'yearly_misroutes', 'yearly_hours', 'yearly_cost', 'yearly_hours_low', 'yearly_hours_high', 'yearly_cost_low', 'yearly_cost_high',
] as const;
type Guarded = Omit<FixFirstAction, 'evidence_tickets' | (typeof DERIVED)[number]> & {
  evidence_tickets: number | typeof WITHHELD;
} & { [K in (typeof DERIVED)[number]]: number | typeof WITHHELD };

/** What the caller may see of the list (see the header). */
export function fixFirstFor(access: RequestAccess | null, actions: FixFirstAction[]): Guarded[] {
  if (seesWholeDistrict(access)) return actions;
  const mine = access?.departments ?? [];
  return actions.map((a) => {
    const other = a.concerns_department !== null && !mine.includes(a.concerns_department);
    if (!other || a.evidence_tickets >= SMALL_FIGURE_THRESHOLD) return a;
    const out: Guarded = { ...a, evidence_tickets: WITHHELD };
    for (const k of DERIVED) out[k] = WITHHELD;
    return out;
  });
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preHandler', rejectBadFilters);

  app.get(
    '/',
    {
      config: { access: 'leader' },
      schema: {
        tags: ['figures'],
        summary: 'What to fix first: actions ranked by their yearly cost effect over the last 12 months, with evidence and assumptions',
        querystring: FixFirstQuery,
        response: { 200: FixFirstResponse, 400: ErrorBody },
      },
    },
    async (request) => {
      const { limit, ...filters } = request.query;
      const settings = await readSettings(app.db);
      return { actions: fixFirstFor(request.access, await fixFirst(app.db, settings, filters, { limit })), currency: settings.cost.currency };
    },
  );

  // The gaps page's "decided, not yet working": declared owners as dated decisions and
  // their tickets before and after (analysis/ownership-gaps/owner-decisions.ts). The
  // department guard withholds another department's small before/after counts.
  app.get(
    '/decisions',
    {
      config: { access: 'leader' },
      schema: {
        tags: ['figures'],
        summary: 'Declared owners as decisions: misroutes of each decided request type before and after, and whether the decision is working yet',
        querystring: FiltersQuery,
        response: { 200: DecisionsResponse, 400: ErrorBody },
      },
    },
    async (request) => {
      const decisions = await ownerDecisions(app.db, request.query, await readSettings(app.db));
      return { decisions: decisions.map((d) => ({ ...d, decided_at: new Date(d.decided_at).toISOString() })) };
    },
  );

  app.post(
    '/what-if',
    {
      config: { access: 'leader' },
      schema: {
        tags: ['figures'],
        summary: 'Projected misroutes, coordination hours, cost and time to owner for a year if the chosen actions are taken',
        querystring: FiltersQuery,
        body: WhatIfBody,
        response: { 200: WhatIfResponse, 400: ErrorBody },
      },
    },
    async (request, reply): Promise<Projection | ReturnType<typeof badRequest>> => {
      const filters = request.query;
      const choices = request.body.actions;
      const problems = checkChoices(choices);
      const settings = await readSettings(app.db);
      if (!problems.length) {
        const candidates = new Set((await fixFirstCandidates(app.db, settings, filters)).map((c) => JSON.stringify([c.kind, c.target])));
        for (const [i, c] of choices.entries()) {
          if (!candidates.has(JSON.stringify([c.kind, c.target]))) problems.push(`actions[${i}] (${c.kind} '${c.target}') is not a fix-first action for these filters; GET /api/fix-first lists them`);
        }
      }
      if (problems.length) {
        reply.status(400);
        return badRequest(problems.join('; '), 'SB_ERR_BAD_ACTION');
      }
      return whatIf(app.db, settings, filters, choices);
    },
  );
};

export default routes;
