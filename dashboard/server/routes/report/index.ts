/**
 * The report under /api/report: every figure for the filters as one object (the same
 * builder as `switchboard report`), with the settings that produced it, and each table as
 * CSV for a spreadsheet. A department head gets both through the department guard. With no
 * tickets to report, `empty` says why, for the page to say instead of showing empty tables.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { REPORT_TABLES, reportToCsv, type ReportTable } from '#analysis/report/report.ts';
import { reportForReader, reportWithTotalsGuarded } from '../../report-for-reader.ts';
import { readSettings } from '#core/settings.ts';
import { ErrorBody, FiltersQuery } from '../../schemas.ts';
import '../../access.ts';
import { rejectBadFilters } from '../../filter-check.ts';

/** What the page shows instead of empty tables. */
export const EMPTY_REPORT = {
  no_tickets: 'No tickets yet: upload an export.',
  no_match: 'No tickets match these filters.',
} as const;

const ReportResponse = Type.Object({
  empty: Type.Union(
    [
      Type.Object({ reason: Type.Literal('no_tickets'), message: Type.Literal(EMPTY_REPORT.no_tickets) }),
      Type.Object({ reason: Type.Literal('no_match'), message: Type.Literal(EMPTY_REPORT.no_match) }),
      Type.Null(),
    ],
    { description: 'why the report holds no tickets (an empty database, or filters that match none); null when it holds some' },
  ),
  report: Type.Record(Type.String(), Type.Unknown(), { description: 'analysis/report/report.ts Report' }),
  tables: Type.Array(Type.String()),
  assumptions: Type.Object({
    timeZone: Type.String(),
    ownerBasis: Type.String(),
    defaultLandingDepartment: Type.String(),
    cost: Type.Record(Type.String(), Type.Unknown()),
    calendar: Type.Record(Type.String(), Type.Unknown()),
  }),
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  /** An empty database and filters that match nothing call for different advice. */
  async function whyEmpty(reportTickets: unknown): Promise<Static<typeof ReportResponse>['empty']> {
    if (reportTickets !== 0) return null;
    const [{ any }] = await app.db.all<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM tickets) AS "any"');
    return any ? { reason: 'no_match', message: EMPTY_REPORT.no_match } : { reason: 'no_tickets', message: EMPTY_REPORT.no_tickets };
  }

  app.addHook('preHandler', rejectBadFilters);
  app.get(
    '/',
    { config: { access: 'leader' }, schema: { tags: ['report'], summary: 'The whole report for the filters', querystring: FiltersQuery, response: { 200: ReportResponse, 400: ErrorBody } } },
    async (request, reply) => {
      const settings = await readSettings(app.db);
      // A department head's: district totals guarded here, every other figure by the auth plugin's hook.
      const report = await reportWithTotalsGuarded(app.db, request.query, settings, request.access);
      const { timeZone, ownerBasis, defaultLandingDepartment, cost, calendar } = settings;
      return {
        empty: await whyEmpty(report.summary.tickets),
        report: report as unknown as Record<string, unknown>,
        tables: [...REPORT_TABLES],
        assumptions: { timeZone, ownerBasis, defaultLandingDepartment, cost: { ...cost }, calendar: { ...calendar } },
      };
    },
  );

  app.get(
    '/:table.csv',
    {
      config: { access: 'leader', guardsExport: true },
      schema: {
        tags: ['report'],
        summary: 'One table of the report as CSV (a department head gets other departments\' small figures as "<5")',
        params: Type.Object({ table: Type.String({ minLength: 1, maxLength: 60 }) }),
        querystring: FiltersQuery,
        produces: ['text/csv'],
        response: { 200: Type.String(), 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const table = request.params.table as ReportTable;
      if (!(REPORT_TABLES as readonly string[]).includes(table)) {
        return reply.status(404).send({ error: 'Not Found', code: 'SB_ERR_NOT_FOUND', message: `no report table '${table}'; tables are ${REPORT_TABLES.join(', ')}` });
      }
      // The JSON answers are guarded on their way out; a CSV is text by then, so guard the rows first.
      const report = await reportForReader(app.db, request.query, await readSettings(app.db), request.access);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="switchboard-${table}.csv"`)
        .send(reportToCsv(report, table) + '\r\n');
    },
  );
};

export default routes;
