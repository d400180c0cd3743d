/**
 * The demand forecast under /api/demand (analysis/forecast, docs/metrics.md "Demand forecast").
 *
 * GET /                 the weekly forecast per owning department and its busiest request
 *                       types, with 80 % intervals and backtest errors (leaders; department
 *                       heads see other departments' small counts as "<5", also where the
 *                       rows would add up to one)
 * GET /school-calendar  the school calendar the weeks and phases come from
 * PUT /school-calendar  set it (administrators)
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { demandForecast } from '#analysis/forecast/demand.ts';
import { dayNumber, schoolYearDates } from '#analysis/forecast/school-calendar.ts';
import { readSettings, writeSetting, type SchoolCalendar } from '#core/settings.ts';
import { guardPayload } from '../../plugins/app/auth/department-guard.ts';
import { badRequest, ErrorBody } from '../../schemas.ts';
import { rejectBadFilters } from '../../filter-check.ts';
import '../../access.ts';
import { withholdDemandComplements } from './complements.ts';
import { DemandQuery, DemandResponse, SchoolCalendarSchema } from './schema.ts';

/** What a schema cannot check: real dates, and spans that end on or after they start. */
export function schoolCalendarProblems(c: SchoolCalendar): string[] {
  const problems: string[] = [];
  const check = (what: string, from: number, to: number) => {
    if (!(to >= from)) problems.push(`${what} ends before it starts`);
  };
  try {
    const y = schoolYearDates(c, 2024);
    check('the recurring school year (firstDay to lastDay)', y.first, y.last);
    c.breaks.forEach((b, i) => check(`break ${i + 1} (${b.name})`, y.breaks[i][0], y.breaks[i][1]));
    c.testing.forEach((t, i) => check(`testing window ${i + 1} (${t.name})`, y.testing[i][0], y.testing[i][1]));
    c.years.forEach((year, i) => {
      check(`school year ${i + 1} (${year.firstDay})`, dayNumber(year.firstDay), dayNumber(year.lastDay));
      for (const s of [...year.breaks, ...year.testing]) check(`${s.name} in school year ${i + 1}`, dayNumber(s.from), dayNumber(s.to));
    });
  } catch (e) {
    problems.push((e as Error).message);
  }
  const starts = c.years.map((y) => y.firstDay.slice(0, 4));
  if (new Set(starts).size < starts.length) problems.push('two school years start in the same calendar year');
  return problems;
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { access: 'leader' },
      preHandler: rejectBadFilters,
      schema: {
        tags: ['demand'],
        summary: 'Weekly demand forecast per owning department on the school calendar, with 80 % intervals and backtest errors',
        querystring: DemandQuery,
        response: { 200: DemandResponse, 400: ErrorBody },
      },
    },
    async (request) => {
      const { horizon, ...filters } = request.query;
      const answer = await demandForecast(app.db, await readSettings(app.db), filters, { horizonWeeks: horizon });
      const access = request.access;
      if (access?.role !== 'department_head') return answer;
      // Guarded here as well as on the way out, so the rows that add up can be checked after.
      return withholdDemandComplements(answer, guardPayload(access, answer) as typeof answer, access.departments);
    },
  );

  app.get(
    '/school-calendar',
    { config: { access: 'leader' }, schema: { tags: ['demand'], summary: 'The school calendar of the demand forecast', response: { 200: SchoolCalendarSchema } } },
    async () => (await readSettings(app.db)).schoolCalendar,
  );

  app.put(
    '/school-calendar',
    {
      config: { access: 'admin' },
      schema: { tags: ['demand'], summary: 'Set the school calendar', body: SchoolCalendarSchema, response: { 200: SchoolCalendarSchema, 400: ErrorBody } },
    },
    async (request, reply) => {
      const problems = schoolCalendarProblems(request.body);
      if (problems.length) return reply.status(400).send(badRequest(problems.join('; '), 'SB_ERR_BAD_SCHOOL_CALENDAR'));
      await writeSetting(app.db, 'schoolCalendar', request.body);
      return request.body;
    },
  );
};

export default routes;
