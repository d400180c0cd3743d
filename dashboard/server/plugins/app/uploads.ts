/**
 * Uploaded files waiting for their mapping to be confirmed. A file is streamed to disk
 * (never held whole in memory) under a random id; the id is the only thing the browser
 * sees, so no client text ever becomes a path. Files are removed after their import, and
 * all of them when the server closes.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import fp from 'fastify-plugin';

export interface StoredUpload {
  id: string;
  path: string;
  fileName: string;
  size: number;
}

export class UploadStore {
  private readonly files = new Map<string, StoredUpload>();
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  async save(stream: Readable, fileName: string): Promise<StoredUpload> {
    const id = randomBytes(16).toString('hex');
    const path = join(this.dir, `${id}.upload`);
    try {
      await pipeline(stream, createWriteStream(path));
    } catch (error) {
      rmSync(path, { force: true });
      throw error;
    }
    const upload = { id, path, fileName, size: statSync(path).size };
    this.files.set(id, upload);
    return upload;
  }

  get(id: string): StoredUpload | undefined {
    return this.files.get(id);
  }

  discard(id: string): void {
    const upload = this.files.get(id);
    if (upload) rmSync(upload.path, { force: true });
    this.files.delete(id);
  }

  close(): void {
    for (const id of [...this.files.keys()]) this.discard(id);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    uploads: UploadStore;
  }
}

export default fp<{ dir?: string }>(
  async (app, opts) => {
    const store = new UploadStore(opts.dir ?? mkdtempSync(join(tmpdir(), 'switchboard-uploads-')));
    app.decorate('uploads', store);
    app.addHook('onClose', async () => store.close());
  },
  { name: 'uploads' },
);
