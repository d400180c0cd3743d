/**
 * Data for analysts' tools under /api/export: the list of datasets, each one as a file
 * (Parquet, CSV, Arrow IPC or XLSX, the same writer as `switchboard export`), and the
 * per-ticket facts as an Arrow IPC stream for clients that work on many rows at once.
 * Every dataset holds every department's raw rows, which no department guard can scope,
 * so these are for district leaders and admins (access level 'district').
 */
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { readSettings } from '#core/settings.ts';
import { DATASETS, datasetByName, FACTS_DATASET } from '#analysis/export/datasets.ts';
import { describe, EXPORT_FORMATS, ExportError, exportDatasets, writeArrow, type ExportFormat } from '#analysis/export/write-export.ts';
import { ensureTicketFacts } from '#analysis/ticket-facts/ticket-facts.ts';
import { ErrorBody } from '../../schemas.ts';
import '../../access.ts';

const CONTENT_TYPE: Record<ExportFormat, string> = {
  parquet: 'application/vnd.apache.parquet',
  csv: 'text/csv; charset=utf-8',
  arrow: 'application/vnd.apache.arrow.file',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** A file's bytes, streamed as they are (no JSON schema applies). */
const FileBody = Type.Unknown({ description: 'the file' });

const DatasetList = Type.Object({
  datasets: Type.Array(Type.Object({ name: Type.String(), kind: Type.String() })),
  formats: Type.Array(Type.String()),
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    { config: { access: 'district' }, schema: { tags: ['export'], summary: 'The datasets and formats an export offers', response: { 200: DatasetList, 403: ErrorBody } } },
    async () => {
      return { datasets: DATASETS.map((d) => ({ name: d.name, kind: d.kind })), formats: [...EXPORT_FORMATS] };
    },
  );

  app.get(
    '/facts.arrows',
    {
      config: { access: 'district' },
      schema: {
        tags: ['export'],
        summary: 'The per-ticket facts as an Arrow IPC stream (application/vnd.apache.arrow.stream)',
        produces: ['application/vnd.apache.arrow.stream'],
        response: { 200: FileBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      await ensureTicketFacts(app.db, await readSettings(app.db));
      const facts = datasetByName(FACTS_DATASET)!;
      const dir = mkdtempSync(join(tmpdir(), 'switchboard-arrow-'));
      const path = join(dir, 'facts.arrows');
      const cleanUp = () => rmSync(dir, { recursive: true, force: true });
      const connection = await app.db.connect();
      try {
        // Written to a file first so memory stays one batch deep whatever the client's pace.
        await writeArrow(connection, facts.sql!, await describe(connection, facts.sql!), path, 'stream');
      } catch (e) {
        cleanUp();
        throw e;
      } finally {
        connection.closeSync();
      }
      const stream = createReadStream(path);
      stream.on('close', cleanUp);
      return reply.type('application/vnd.apache.arrow.stream').send(stream);
    },
  );

  app.get(
    '/:dataset',
    {
      config: { access: 'district' },
      schema: {
        tags: ['export'],
        summary: 'One dataset as a file, with every department in it',
        params: Type.Object({ dataset: Type.String({ minLength: 1, maxLength: 60 }) }),
        querystring: Type.Object({ format: Type.Union(EXPORT_FORMATS.map((f) => Type.Literal(f)), { default: 'parquet' }) }),
        response: { 200: FileBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody },
      },
    },
    async (request, reply) => {
      const { dataset } = request.params;
      const format = request.query.format as ExportFormat;
      if (!datasetByName(dataset)) {
        return reply.status(404).send({ error: 'Not Found', code: 'SB_ERR_NOT_FOUND', message: `no dataset '${dataset}'; datasets are ${DATASETS.map((d) => d.name).join(', ')}` });
      }
      const dir = mkdtempSync(join(tmpdir(), 'switchboard-export-'));
      const cleanUp = () => rmSync(dir, { recursive: true, force: true });
      try {
        const manifest = await exportDatasets(app.db, join(dir, 'out'), { format, datasets: [dataset] });
        const file = manifest.datasets[0].file;
        if (!file) {
          cleanUp();
          return reply.status(404).send({ error: 'Not Found', code: 'SB_ERR_NOT_FOUND', message: `${dataset} has no rows to export` });
        }
        const stream = createReadStream(join(dir, 'out', file));
        stream.on('close', cleanUp);
        return reply
          .type(CONTENT_TYPE[format])
          .header('content-disposition', `attachment; filename="switchboard-${file}"`)
          .send(stream);
      } catch (e) {
        cleanUp();
        if (e instanceof ExportError) return reply.status(422).send({ error: 'Unprocessable Entity', code: 'SB_ERR_EXPORT', message: e.message });
        throw e;
      }
    },
  );
};

export default routes;
