/**
 * Uploaded files waiting for their mapping to be confirmed. A file is streamed to disk
 * (never held whole in memory) under a random id; the id is the only thing the browser
 * sees, so no client text ever becomes a path. Files are removed after their import, when
 * a preview fails, when they wait longer than `ttlMs` (a person who closed the tab), and
 * all of them when the server closes.
 *
 * A server killed with -9 cannot clean up, so the default folder carries the process id
 * (`switchboard-uploads-<pid>-XXXX`) and each start removes the folders of processes that
 * are gone. A folder given by the operator is emptied of `*.upload` files at start: it
 * belongs to this server alone. The folder is private (0700).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, chmodSync } from 'node:fs';
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
  savedAt: number;
}

/** An upload not imported within an hour is dropped. */
export const UPLOAD_TTL_MS = 60 * 60 * 1000;
const DEFAULT_PREFIX = 'switchboard-uploads-';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: alive, owned by another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes upload folders in `parent` left by server processes that no longer run; returns their names. */
export function removeOrphanUploadFolders(parent = tmpdir()): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(parent)) {
    const m = new RegExp(`^${DEFAULT_PREFIX}(\\d+)-`).exec(name);
    if (!m || Number(m[1]) === process.pid || processAlive(Number(m[1]))) continue;
    rmSync(join(parent, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

export class UploadStore {
  private readonly files = new Map<string, StoredUpload>();
  constructor(
    readonly dir: string,
    readonly ttlMs = UPLOAD_TTL_MS,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    // Whatever is here was left by an earlier run: it has no id any client knows.
    for (const name of readdirSync(dir)) if (name.endsWith('.upload')) rmSync(join(dir, name), { force: true });
  }

  async save(stream: Readable, fileName: string, now = Date.now()): Promise<StoredUpload> {
    this.expire(now);
    const id = randomBytes(16).toString('hex');
    const path = join(this.dir, `${id}.upload`);
    try {
      await pipeline(stream, createWriteStream(path, { mode: 0o600 }));
    } catch (error) {
      rmSync(path, { force: true });
      throw error;
    }
    const upload = { id, path, fileName, size: statSync(path).size, savedAt: now };
    this.files.set(id, upload);
    return upload;
  }

  /** The upload, its time to live started again (an import in progress is in use). */
  get(id: string, now = Date.now()): StoredUpload | undefined {
    this.expire(now);
    const upload = this.files.get(id);
    if (upload) upload.savedAt = now;
    return upload;
  }

  /** Ids of the uploads waiting. */
  ids(): string[] {
    return [...this.files.keys()];
  }

  discard(id: string): void {
    const upload = this.files.get(id);
    if (upload) rmSync(upload.path, { force: true });
    this.files.delete(id);
  }

  /** Drops uploads older than the time to live; returns how many. */
  expire(now = Date.now()): number {
    let n = 0;
    for (const upload of [...this.files.values()]) {
      if (now - upload.savedAt > this.ttlMs) {
        this.discard(upload.id);
        n++;
      }
    }
    return n;
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

export default fp<{ dir?: string; ttlMs?: number }>(
  async (app, opts) => {
    if (!opts.dir) {
      const removed = removeOrphanUploadFolders();
      if (removed.length) app.log.info({ folders: removed.length }, 'removed upload folders of servers that stopped without cleaning up');
    }
    const store = new UploadStore(opts.dir ?? mkdtempSync(join(tmpdir(), `${DEFAULT_PREFIX}${process.pid}-`)), opts.ttlMs);
    app.decorate('uploads', store);
    // Expired uploads go even when nobody uploads again.
    const sweep = setInterval(() => store.expire(), Math.min(store.ttlMs, 5 * 60 * 1000));
    sweep.unref();
    app.addHook('onClose', async () => {
      clearInterval(sweep);
      store.close();
    });
  },
  { name: 'uploads' },
);
