/**
 * The ticket drill-down: GET /api/tickets lists tickets under the same filters as every
 * figure (plus first landing, resolver and resolved-elsewhere, which figures link with),
 * searched by ticket id or subject words, sorted by one column and paged on the server;
 * GET /api/tickets/csv streams the whole list as CSV and GET /api/tickets/arrows as an Arrow
 * IPC stream; GET /api/tickets/:source/:ticketId gives one ticket's events. The SQL is
 * ticket-list-sql.ts.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { readSettings } from '#core/settings.ts';
import { ticketDetail } from '../../repositories/ticket-queries.ts';
import { ErrorBody, filterProperties, notFound } from '../../schemas.ts';
import { NO_SUCH_TICKET } from '../../plugins/app/auth/index.ts';
import { scopeTicketFilter, seesWholeDistrict, ticketVisible } from '../../plugins/app/auth/roles.ts';
import { listTickets, ticketCsv } from './ticket-list.ts';
import { ticketArrowFile } from './ticket-arrow.ts';
import { MAX_SEARCH_LENGTH, SORT_NAMES } from './ticket-list-sql.ts';
import '../../access.ts';
import { rejectBadFilters } from '../../filter-check.ts';

const Name = Type.String({ minLength: 1, maxLength: 200 });
const listProperties = {
  ...filterProperties,
  firstLanding: Type.Optional(Name),
  resolver: Type.Optional(Name),
  owner: Type.Optional(Name),
  resolvedElsewhere: Type.Optional(Type.Boolean()),
  misrouted: Type.Optional(Type.Boolean()),
  redirected: Type.Optional(Type.Boolean()),
  q: Type.Optional(Type.String({ maxLength: MAX_SEARCH_LENGTH, description: 'a ticket id or its first characters, or words that must all appear in the subject (case-insensitive)' })),
  sort: Type.Optional(Type.Union(SORT_NAMES.map((n) => Type.Literal(n)), { description: 'the column to sort by; created (newest first) by default' })),
  dir: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { description: 'desc by default' })),
};
const TicketsQuery = Type.Object(
  {
    ...listProperties,
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 }),
  },
  { additionalProperties: false },
);
const TicketsCsvQuery = Type.Object(listProperties, { additionalProperties: false });

const Path = Type.Array(Type.String());
const TicketRow = Type.Object({
  source: Type.String(),
  ticketId: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  status: Type.Union([Type.String(), Type.Null()]),
  requestType: Type.Union([Type.String(), Type.Null()]),
  location: Type.Union([Type.String(), Type.Null()]),
  subject: Type.Union([Type.String(), Type.Null()], { description: 'withheld (null) for sensitive tickets' }),
  sensitive: Type.Boolean(),
  firstLanding: Type.String(),
  resolver: Type.String(),
  hops: Type.Integer(),
  departmentPath: Path,
  groupPath: Path,
});
const ListedTicket = Type.Composite([TicketRow, Type.Object({ owner: Type.String(), misrouted: Type.Boolean(), redirected: Type.Boolean() })]);
const TicketsResponse = Type.Object({ total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(), tickets: Type.Array(ListedTicket) });

const NullableText = Type.Union([Type.String(), Type.Null()]);
const NullableHours = Type.Union([Type.Number(), Type.Null()]);
const Ownership = Type.Object(
  {
    firstLanding: Type.String(),
    owner: Type.String(),
    ownerBasis: Type.Union([Type.Literal('resolver'), Type.Literal('declared')], { description: "the district's owner basis setting" }),
    ownerReason: Type.Union([Type.Literal('resolver'), Type.Literal('declared'), Type.Literal('redirect')], {
      description: 'resolver: it resolved the ticket; declared: the declared owner of the request type; redirect: the department a "submit elsewhere" resolution names',
    }),
    declaredOwner: NullableText,
    misrouted: Type.Boolean({ description: 'first landed in a department other than its owner' }),
    redirected: Type.Boolean({ description: 'closed with "submit this to another department"' }),
    ownerReachedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    hoursToOwner: NullableHours,
    businessHoursToOwner: NullableHours,
  },
  { description: 'from the per-ticket facts the figures count' },
);
const TicketDetail = Type.Composite([
  TicketRow,
  Type.Object({
    description: NullableText,
    resolutionCode: NullableText,
    resolutionText: NullableText,
    resolvedAt: NullableText,
    events: Type.Array(
      Type.Object({
        seq: Type.Integer(),
        occurredAt: Type.String(),
        kind: Type.String(),
        groupAfter: NullableText,
        department: NullableText,
        automated: Type.Boolean(),
        detail: NullableText,
      }),
    ),
    ownership: Type.Union([Ownership, Type.Null()]),
  }),
]);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preHandler', rejectBadFilters);
  app.get(
    '/',
    {
      config: { access: 'leader' },
      schema: { tags: ['tickets'], summary: 'Tickets under the filters and search, sorted (newest first by default), paged', querystring: TicketsQuery, response: { 200: TicketsResponse, 400: ErrorBody } },
    },
    async (request, reply) => {
      const result = await listTickets(app.db, request.query, await readSettings(app.db));
      return { ...result, limit: request.query.limit, offset: request.query.offset };
    },
  );

  app.get(
    '/csv',
    {
      // A department head gets their department's tickets only: the same scope the list
      // route gets from the auth plugin, applied here because a CSV is not guarded on its way out.
      config: { access: 'leader', guardsExport: true },
      schema: {
        tags: ['tickets'],
        summary: 'Every ticket of the list (same filters, search and sort, not only one page) as CSV, streamed',
        querystring: TicketsCsvQuery,
        produces: ['text/csv'],
        response: { 200: Type.Unknown({ description: 'the CSV file' }), 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const access = request.access;
      const scope = scopeTicketFilter(access, request.query.department);
      if (scope.denied) return reply.status(403).send({ error: 'Forbidden', code: 'SB_ERR_FORBIDDEN_DEPARTMENT', message: scope.denied });
      const query = { ...request.query, department: scope.department };
      const keep = (r: { departmentPath: string[]; firstLanding: string; resolver: string; owner: string }) =>
        ticketVisible(access, [...(r.departmentPath ?? []), r.firstLanding, r.resolver, r.owner]);
      const lines = ticketCsv(app.db, query, await readSettings(app.db), keep);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="switchboard-tickets.csv"')
        .send(Readable.from(lines));
    },
  );

  app.get(
    '/arrows',
    {
      // Scoped as the CSV is; the row rule the CSV checks per row is a clause of the SQL here.
      config: { access: 'leader', guardsExport: true },
      schema: {
        tags: ['tickets'],
        summary: 'Every ticket of the list (same filters, search and sort as the CSV) as an Arrow IPC stream (application/vnd.apache.arrow.stream)',
        querystring: TicketsCsvQuery,
        produces: ['application/vnd.apache.arrow.stream'],
        response: { 200: Type.Unknown({ description: 'the Arrow IPC stream' }), 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const access = request.access;
      const scope = scopeTicketFilter(access, request.query.department);
      if (scope.denied) return reply.status(403).send({ error: 'Forbidden', code: 'SB_ERR_FORBIDDEN_DEPARTMENT', message: scope.denied });
      const visibleTo = seesWholeDistrict(access) ? undefined : (access?.departments ?? []);
      const file = await ticketArrowFile(app.db, { ...request.query, department: scope.department, visibleTo }, await readSettings(app.db));
      const stream = createReadStream(file.path);
      stream.on('close', file.cleanUp);
      return reply
        .type('application/vnd.apache.arrow.stream')
        .header('content-disposition', 'attachment; filename="switchboard-tickets.arrows"')
        .send(stream);
    },
  );

  app.get(
    '/:source/:ticketId',
    {
      config: { access: 'leader' },
      schema: {
        tags: ['tickets'],
        summary: 'One ticket with its events, its owner and how long it took to reach it',
        params: Type.Object({ source: Type.String({ minLength: 1, maxLength: 100 }), ticketId: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: TicketDetail, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const { source, ticketId } = request.params;
      const ticket = await ticketDetail(app.db, source, ticketId, await readSettings(app.db));
      // The same words the department guard answers for another department's ticket, so a 404 tells nothing.
      if (!ticket) return reply.status(404).send(notFound(NO_SUCH_TICKET));
      return ticket;
    },
  );
};

export default routes;
