/**
 * Saved views of the Tickets page, each person's own: GET lists the caller's views, POST
 * saves one (a name and the page's query string), DELETE removes one. Every route reads and
 * writes only the signed-in user's rows; another person's view answers 404 like a missing
 * one. Not under /api/tickets: answers there are cached per department scope, and these are
 * per person.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody, badRequest, notFound } from '../../schemas.ts';
import '../../access.ts';
import { deleteView, listViews, MAX_NAME_LENGTH, MAX_QUERY_LENGTH, MAX_VIEWS, saveView } from './saved-views.ts';

const SavedView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  query: Type.String({ description: "the Tickets page's query string, without '?' (filters, search, sort, page size)" }),
  createdAt: Type.String({ format: 'date-time' }),
});
const NewView = Type.Object(
  {
    name: Type.String({ maxLength: 1000 }),
    query: Type.String({ maxLength: MAX_QUERY_LENGTH }),
  },
  { additionalProperties: false },
);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const userOf = (request: { access: { userId: string } | null }) => request.access!.userId;

  app.get(
    '/',
    {
      config: { access: 'leader' },
      schema: { tags: ['saved-views'], summary: "The caller's saved views of the Tickets page, by name", response: { 200: Type.Object({ views: Type.Array(SavedView) }) } },
    },
    async (request) => ({ views: await listViews(app.db, userOf(request)) }),
  );

  app.post(
    '/',
    {
      config: { access: 'leader' },
      schema: { tags: ['saved-views'], summary: 'Save a view of the Tickets page under a name of its own', body: NewView, response: { 201: SavedView, 400: ErrorBody, 409: ErrorBody } },
    },
    async (request, reply) => {
      const name = request.body.name.trim();
      if (!name) return reply.status(400).send(badRequest('Give the view a name, then save it again.', 'SB_ERR_VIEW_NAME'));
      if (name.length > MAX_NAME_LENGTH) {
        return reply.status(400).send(badRequest(`A view name may be at most ${MAX_NAME_LENGTH} characters; this one has ${name.length}. Shorten it and save again.`, 'SB_ERR_VIEW_NAME'));
      }
      const result = await saveView(app.db, userOf(request), name, request.body.query);
      if ('view' in result) return reply.status(201).send(result.view);
      if (result.error === 'too_many') {
        return reply.status(409).send({ error: 'Conflict', code: 'SB_ERR_TOO_MANY_VIEWS', message: `You already keep ${MAX_VIEWS} saved views. Delete one you no longer use, then save this one.` });
      }
      return reply.status(409).send({
        error: 'Conflict',
        code: 'SB_ERR_VIEW_EXISTS',
        message: `You already have a view named "${result.existing}". Choose another name, or delete that view first.`,
      });
    },
  );

  app.delete(
    '/:id',
    {
      config: { access: 'leader' },
      schema: {
        tags: ['saved-views'],
        summary: 'Delete one of your saved views',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: { 204: Type.Null(), 404: ErrorBody },
      },
    },
    async (request, reply) => {
      if (!(await deleteView(app.db, userOf(request), request.params.id))) {
        return reply.status(404).send(notFound('That saved view is not there any more; reload the page to see your views.'));
      }
      return reply.status(204).send(null);
    },
  );
};

export default routes;
