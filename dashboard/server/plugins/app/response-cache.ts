/**
 * Answers repeated reads of the figures and tickets from memory while the database has not
 * changed. Every figure is a function of the database (tickets, maps, settings) and the
 * request (filters, the caller's access), and the server's Database counts every statement
 * that may write (`generation`): an answer stored at one generation is served again only at
 * that generation, so the first read after an import, a settings change or a removal
 * computes afresh. The key holds a department head's departments, because their answers
 * are guarded for them; sign-in and role checks run before the cache is consulted.
 *
 * Only GET answers of 200 from the routes listed below are kept, bounded in bytes, least
 * recently used first out. A cached report keeps the time it was generated: its figures are
 * those of that moment, and nothing has changed since.
 */
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';

const CACHED_PREFIXES = ['/api/figures/', '/api/tickets', '/api/filter-options', '/api/report', '/api/settings', '/api/demand', '/api/people', '/api/fix-first', '/api/consortium'];
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

interface Entry {
  payload: string;
  contentType: string;
}

/** Entries in least-recently-used order, bounded by the total size of their payloads. */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly maxBytes: number = DEFAULT_MAX_BYTES) {}

  get(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, entry: Entry): void {
    const size = entry.payload.length;
    if (size > this.maxBytes / 4) return;
    this.delete(key);
    this.entries.set(key, entry);
    this.bytes += size;
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= old.payload.length;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private delete(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.bytes -= old.payload.length;
  }
}

function cacheable(request: FastifyRequest): boolean {
  if (request.method !== 'GET') return false;
  const path = request.url.split('?')[0];
  return CACHED_PREFIXES.some((prefix) => path.startsWith(prefix));
}

/**
 * The answer's identity: generation, what the caller may see and the URL as sent (its query
 * included). Every role that reaches a figure sees the whole district, except a department
 * head, whose answers are guarded for their departments.
 */
function keyOf(request: FastifyRequest, generation: number): string {
  const access = request.access;
  const scope = access?.role === 'department_head' ? `head:${[...access.departments].sort().join(',')}` : 'district';
  return `${generation}|${scope}|${request.url}`;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The cache key this request's answer is stored under, when it may be. */
    responseCacheKey?: string;
    /** Set when this request computes an answer that others with its key wait for. */
    responseCacheFlight?: InFlight;
  }
}

/** A request computing an answer that others with the same key are waiting for. */
interface InFlight {
  answer: Promise<Entry | undefined>;
  settle: (entry: Entry | undefined) => void;
}

export default fp(
  async (app, opts: { maxBytes?: number }) => {
    const cache = new ResponseCache(opts.maxBytes);
    // Right after an import every answer is computed afresh; fifty clients asking for the
    // same figure then wait for one computation instead of running fifty.
    const inFlight = new Map<string, InFlight>();
    app.decorate('responseCache', cache);

    // After sign-in and access checks (onRequest) and the schemas: only a request that
    // would be answered reaches the cache.
    app.addHook('preHandler', async (request, reply) => {
      if (!cacheable(request)) return;
      const key = keyOf(request, app.db.generation);
      const hit = cache.get(key) ?? (await inFlight.get(key)?.answer);
      if (hit) {
        reply.header('x-switchboard-cache', 'hit').type(hit.contentType);
        return reply.send(hit.payload);
      }
      request.responseCacheKey = key;
      if (!inFlight.has(key)) {
        let settle!: (entry: Entry | undefined) => void;
        const answer = new Promise<Entry | undefined>((resolve) => (settle = resolve));
        request.responseCacheFlight = { answer, settle };
        inFlight.set(key, request.responseCacheFlight);
      }
    });

    app.addHook('onSend', async (request, reply, payload) => {
      const key = request.responseCacheKey;
      if (!key || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
      const entry = { payload, contentType: String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8') };
      request.responseCacheFlight?.settle(entry);
      // Stored only when nothing was written while it was computed.
      if (key.startsWith(`${app.db.generation}|`)) cache.set(key, entry);
      return payload;
    });

    // Whatever the outcome (an error, a refusal), waiting requests are released: they then
    // compute their own answer.
    app.addHook('onResponse', async (request) => {
      const flight = request.responseCacheFlight;
      if (!flight) return;
      flight.settle(undefined);
      if (inFlight.get(request.responseCacheKey!) === flight) inFlight.delete(request.responseCacheKey!);
    });
  },
  { name: 'response-cache', dependencies: ['database', 'auth'] },
);

declare module 'fastify' {
  interface FastifyInstance {
    responseCache: ResponseCache;
  }
}
