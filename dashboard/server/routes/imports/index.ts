/**
 * Imports under /api/imports: upload a file (streamed to disk), see what was detected and
 * how its columns map, confirm or correct that, then import; the history, and each
 * import's rejected rows as CSV.
 *
 * POST   /uploads             multipart file -> { upload, preview }
 * DELETE /uploads/:uploadId   discard an upload that will not be imported
 * POST   /                    { uploadId, source?, mapping?, answers? } -> the import summary
 * POST   /jobs                the same, answered at once with a job id
 * GET    /jobs/:jobId         the job's phase and progress (one bar for the whole import), then its summary or error
 * GET    /                    the import history
 * DELETE /:importId            remove an import's rows
 * GET    /:importId/rejects.csv
 */
import { ticketFactsDerived } from '#analysis/ticket-facts/ticket-facts.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { ImportError } from '#core/errors.ts';
import type { GenericMapping } from '#connectors/generic/mapping.ts';
import type { StoredUpload } from '../../plugins/app/uploads.ts';
import { asImportError, importFile, type ImportProgress } from '#ingest/import-file.ts';
import { BusyError } from '../../plugins/app/work-limit.ts';
import { loggableError } from '../../errors.ts';
import { listImports as ledger, removeImport } from '#ingest/imports.ts';
import { readSettings } from '#core/settings.ts';
import { parseMapping } from '#connectors/generic/mapping.ts';
import { parseFieldAnswers, type FieldAnswers } from '#connectors/generic/saved-mappings.ts';
import { csvCell } from '#analysis/report/report.ts';
import { importRejects, listImports, saveRejects } from '../../repositories/import-queries.ts';
import { previewUpload } from '../../repositories/upload-preview.ts';
import { overallPercent } from './overall-progress.ts';
import { badRequest, ErrorBody, notFound } from '../../schemas.ts';
import '../../access.ts';

const UploadId = Type.String({ pattern: '^[0-9a-f]{32}$' });
const NullableString = Type.Union([Type.String(), Type.Null()]);
const Preview = Type.Object({
  connector: NullableString,
  detection: Type.String(),
  candidates: Type.Array(Type.Object({ name: Type.String(), score: Type.Number(), reason: Type.String() })),
  connectors: Type.Array(Type.Object({ name: Type.String(), label: Type.String() })),
  format: NullableString,
  delimiter: NullableString,
  dateFormat: NullableString,
  headers: Type.Array(Type.String()),
  matches: Type.Array(Type.Object({ field: Type.String(), column: Type.String(), reason: Type.String() })),
  fields: Type.Array(Type.String()),
  sampleRows: Type.Array(Type.Array(Type.String())),
  notes: Type.Array(Type.String()),
  questions: Type.Array(
    Type.Object({
      field: Type.String(),
      column: NullableString,
      text: Type.String({ description: "one line: which column it would use and the runner-up, and the --field answer" }),
      candidates: Type.Array(Type.Object({ column: Type.String(), reason: Type.String() })),
    }),
    { description: 'What the import would ask before writing: one select per field, prefilled with column, offering candidates (or any header)' },
  ),
});
const UploadResponse = Type.Object({
  upload: Type.Object({ id: Type.String(), fileName: Type.String(), size: Type.Integer() }),
  preview: Preview,
});
const MappingBody = Type.Object(
  {
    source: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.-]+$' })),
    fields: Type.Record(Type.String({ maxLength: 40 }), Type.String({ minLength: 1, maxLength: 300 })),
    delimiter: Type.Optional(Type.String({ minLength: 1, maxLength: 1 })),
    dateFormat: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    defaultLandingDepartment: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    sheet: Type.Optional(Type.String({ minLength: 1, maxLength: 31, description: 'the sheet of an .xlsx workbook; the first visible sheet when absent' })),
  },
  { additionalProperties: false },
);
const Reject = Type.Object({ row: Type.Integer(), column: Type.String(), value: Type.Union([Type.String(), Type.Null()]), reason: Type.String() });
const ImportSummary = Type.Object({
  importId: Type.Union([Type.Integer(), Type.Null()]),
  fileName: Type.String(),
  source: Type.String(),
  connector: Type.String(),
  connectorReason: Type.String(),
  status: Type.String(),
  rowsRead: Type.Integer(),
  ticketsImported: Type.Integer(),
  ticketsNew: Type.Integer(),
  eventsImported: Type.Integer(),
  rowsRejected: Type.Integer(),
  rejects: Type.Array(Reject, { description: 'the first 100 rejected rows; all of them as CSV' }),
  notes: Type.Array(Type.String()),
});
const ImportRow = Type.Object({
  importId: Type.Integer(),
  source: Type.String(),
  connector: Type.String(),
  fileName: Type.Union([Type.String(), Type.Null()]),
  rowsRead: Type.Integer(),
  ticketsImported: Type.Integer(),
  eventsImported: Type.Integer(),
  rowsRejected: Type.Integer(),
  status: Type.String(),
  startedAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  message: Type.Union([Type.String(), Type.Null()]),
});

export interface ImportRouteOptions {
  /** Largest upload accepted, in bytes. */
  uploadLimitBytes: number;
}

const ImportBody = Type.Object(
  {
    uploadId: UploadId,
    source: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: "'auto' or a connector's name; ignored when a mapping is given" })),
    mapping: Type.Optional(MappingBody),
    answers: Type.Optional(
      Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 300 }), {
        description: "The preview's questions answered: field -> column ('' = the file has none); saved for files with the same columns",
      }),
    ),
  },
  { additionalProperties: false },
);
type ImportBody = Static<typeof ImportBody>;

const JobState = Type.Object({
  phase: Type.String({ description: 'reading, staging, writing, committing, figures, done or failed' }),
  percent: Type.Union([Type.Number(), Type.Null()], { description: 'the whole import, 0-100, never going back (overall-progress.ts); null before the first report' }),
  summary: Type.Union([ImportSummary, Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
});
type ImportJob = Static<typeof JobState>;
const JOB_TTL_MS = 30 * 60 * 1000;

const routes: FastifyPluginAsyncTypebox<ImportRouteOptions> = async (app, opts) => {
  const jobs = new Map<string, ImportJob>();

  type Prepared = { upload: StoredUpload; mapping?: GenericMapping; source?: string; answers?: FieldAnswers };
  function prepare(body: ImportBody): Prepared | { status: 400 | 404; body: ErrorBody } {
    const upload = app.uploads.get(body.uploadId);
    if (!upload) return { status: 404, body: notFound('no such upload; upload the file again') };
    if (body.answers && !body.mapping) {
      const answers = parseFieldAnswers(Object.entries(body.answers).map(([f, c]) => `${f}=${c}`));
      if (!answers.value) return { status: 400, body: badRequest(answers.errors.join('; ').replaceAll('--field ', ''), 'SB_ERR_BAD_MAPPING') };
      return { upload, source: body.source, answers: answers.value };
    }
    if (!body.mapping) return { upload, source: body.source };
    const parsed = parseMapping(body.mapping, 'the column mapping');
    if (parsed.errors.length || !parsed.value) return { status: 400, body: badRequest(parsed.errors.join('; '), 'SB_ERR_BAD_MAPPING') };
    return { upload, mapping: parsed.value };
  }

  /** Waits for a free slot (plugins/app/work-limit.ts); a refusal for being busy keeps the upload for a retry. */
  function runImport(p: Prepared, onProgress?: (progress: ImportProgress) => void) {
    return app.fileWork.run(async () => {
      try {
        const summary = await importFile(app.db, p.upload.path, { fileName: p.upload.fileName, mapping: p.mapping, mappingOrigin: 'confirmed', source: p.source, answers: p.answers, onProgress, derived: ticketFactsDerived });
        if (summary.importId !== null && summary.status === 'succeeded') await saveRejects(app.db, summary.importId, summary.rejects);
        return { ...summary, rejects: summary.rejects.slice(0, 100) };
      } finally {
        app.uploads.discard(p.upload.id);
      }
    });
  }

  app.post(
    '/uploads',
    {
      config: { access: 'uploader' },
      schema: {
        tags: ['imports'],
        summary: 'Upload an export (multipart/form-data, field "file"); nothing is imported yet',
        consumes: ['multipart/form-data'],
        response: { 201: UploadResponse, 400: ErrorBody, 408: ErrorBody, 413: ErrorBody, 422: ErrorBody, 503: ErrorBody },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) return reply.status(400).send(badRequest('send the file as multipart/form-data in a field named "file"'));
      const part = await request.file({ limits: { fileSize: opts.uploadLimitBytes, files: 1 } });
      if (!part) return reply.status(400).send(badRequest('no file in the upload; choose a file and try again'));
      const fileName = basename(part.filename || 'upload.csv').slice(0, 200);
      const tooLarge = () => {
        const mb = Math.round((opts.uploadLimitBytes / 1024 / 1024) * 10) / 10;
        return reply.status(413).send({ error: 'Payload Too Large', code: 'SB_ERR_FILE_TOO_LARGE', message: `${fileName} is larger than the ${mb} MB upload limit; split the export or raise SWITCHBOARD_UPLOAD_LIMIT_MB` });
      };
      let upload;
      try {
        upload = await app.uploads.save(part.file, fileName);
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE' || part.file.truncated) return tooLarge();
        throw error;
      }
      // Busboy stops writing at the limit and marks the stream truncated rather than failing it.
      if (part.file.truncated) {
        app.uploads.discard(upload.id);
        return tooLarge();
      }
      if (upload.size === 0) {
        app.uploads.discard(upload.id);
        return reply.status(422).send({ error: 'Unprocessable Entity', code: 'SB_ERR_EMPTY_FILE', message: `${fileName}: is empty; export the tickets again` });
      }
      let preview;
      try {
        const timeZone = (await readSettings(app.db)).timeZone;
        preview = await app.fileWork.run(() => previewUpload(upload.path, fileName, timeZone));
      } catch (error) {
        // A preview that fails keeps nothing: the client has no id to delete it with.
        app.uploads.discard(upload.id);
        if (error instanceof BusyError) throw error;
        throw asImportError(error, fileName, [upload.path]);
      }
      return reply.status(201).send({ upload: { id: upload.id, fileName: upload.fileName, size: upload.size }, preview });
    },
  );

  app.delete(
    '/uploads/:uploadId',
    {
      config: { access: 'uploader' },
      schema: { tags: ['imports'], summary: 'Discard an upload', params: Type.Object({ uploadId: UploadId }), response: { 204: Type.Null(), 404: ErrorBody } },
    },
    async (request, reply) => {
      if (!app.uploads.get(request.params.uploadId)) return reply.status(404).send(notFound('no such upload; it may have been imported or discarded already'));
      app.uploads.discard(request.params.uploadId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/',
    {
      config: { access: 'uploader' },
      schema: {
        tags: ['imports'],
        summary: 'Import an uploaded file with the confirmed mapping',
        body: ImportBody,
        response: { 200: ImportSummary, 400: ErrorBody, 404: ErrorBody, 422: ErrorBody, 503: ErrorBody },
      },
    },
    async (request, reply) => {
      const prepared = prepare(request.body);
      if ('status' in prepared) return reply.status(prepared.status).send(prepared.body);
      return runImport(prepared);
    },
  );

  app.post(
    '/jobs',
    {
      config: { access: 'uploader' },
      schema: {
        tags: ['imports'],
        summary: 'Start importing an uploaded file; poll GET /jobs/:jobId for its progress and summary',
        body: ImportBody,
        response: { 202: Type.Object({ jobId: Type.String() }), 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const prepared = prepare(request.body);
      if ('status' in prepared) return reply.status(prepared.status).send(prepared.body);
      const jobId = randomBytes(12).toString('hex');
      const job: ImportJob = { phase: 'reading', percent: null, summary: null, error: null };
      jobs.set(jobId, job);
      runImport(prepared, (p) => {
        job.phase = p.phase;
        job.percent = overallPercent(job.percent, p);
      })
        .then((summary) => {
          job.summary = summary;
          job.phase = 'done';
          job.percent = 100;
        })
        .catch((error: unknown) => {
          job.phase = 'failed';
          job.error = error instanceof ImportError || error instanceof BusyError ? error.message : 'The import failed on the server; the error is in its log.';
          if (!(error instanceof ImportError) && !(error instanceof BusyError)) request.log.error({ err: loggableError(error as Error) }, 'import failed');
        });
      // Finished jobs are kept for a while for the page to read, then dropped.
      setTimeout(() => jobs.delete(jobId), JOB_TTL_MS).unref();
      return reply.status(202).send({ jobId });
    },
  );

  app.get(
    '/jobs/:jobId',
    {
      config: { access: 'uploader' },
      schema: {
        tags: ['imports'],
        summary: "An import job's phase, its progress over the whole import (from DuckDB's estimates, never going back), and its summary or error when done",
        params: Type.Object({ jobId: Type.String({ pattern: '^[0-9a-f]{24}$' }) }),
        response: { 200: JobState, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const job = jobs.get(request.params.jobId);
      if (!job) return reply.status(404).send(notFound('no such import job; it finished long ago or never started'));
      return job;
    },
  );

  app.get(
    '/',
    { config: { access: 'uploader' }, schema: { tags: ['imports'], summary: 'The import history, newest first', response: { 200: Type.Object({ imports: Type.Array(ImportRow) }) } } },
    async () => ({ imports: await listImports(app.db) }),
  );

  app.delete(
    '/:importId',
    {
      config: { access: 'uploader' },
      schema: {
        tags: ['imports'],
        summary: "Remove an import's tickets and events (ingest/imports.ts removeImport)",
        params: Type.Object({ importId: Type.Integer({ minimum: 1 }) }),
        response: { 200: Type.Object({ importId: Type.Integer(), ticketsRemoved: Type.Integer(), eventsRemoved: Type.Integer() }), 404: ErrorBody, 422: ErrorBody },
      },
    },
    async (request, reply) => {
      const id = request.params.importId;
      if (!(await ledger(app.db)).some((i) => i.import_id === id)) return reply.status(404).send(notFound(`there is no import ${id}`));
      return removeImport(app.db, id);
    },
  );

  app.get(
    '/:importId/rejects.csv',
    {
      config: { access: 'uploader' },
      schema: {
        tags: ['imports'],
        summary: "An import's rejected rows as CSV (cells that a spreadsheet would run as formulas are neutralised)",
        params: Type.Object({ importId: Type.Integer({ minimum: 1 }) }),
        produces: ['text/csv'],
        response: { 200: Type.String(), 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const id = request.params.importId;
      const [found] = await app.db.all('SELECT 1 FROM imports WHERE import_id = $1', [id]);
      if (!found) return reply.status(404).send(notFound(`no import ${id}`));
      const rows = await importRejects(app.db, id);
      const csv = ['row,column,value,reason', ...rows.map((r) => [r.row, r.column, r.value, r.reason].map(csvCell).join(','))].join('\r\n') + '\r\n';
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-${id}-rejected-rows.csv"`)
        .send(csv);
    },
  );
};

export default routes;
