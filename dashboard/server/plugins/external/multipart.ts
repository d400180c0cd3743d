/** Multipart uploads; the size limit is set per request by the imports route. */
import fp from 'fastify-plugin';
import multipart from '@fastify/multipart';

export default fp<{ fileSize: number }>(
  async (app, opts) => {
    await app.register(multipart, { limits: { fileSize: opts.fileSize, files: 1, fields: 10 } });
  },
  { name: 'multipart' },
);
