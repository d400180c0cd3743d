/**
 * Runs one pull: resume from the saved cursor (or --since on a first pull), fetch a page,
 * write it to a temp file in the vendor's export shape, import it through the vendor's
 * file connector, and save the next cursor in the SAME transaction as the page's rows.
 * A pull killed at any instant therefore resumes after its last committed page: nothing
 * is lost and nothing is imported twice.
 *
 * Nothing is written before the first page has been fetched, so a bad token (401/403)
 * leaves the database exactly as it was.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionQueries, Database } from '#core/db/database.ts';
import type { Credentials } from './credentials.ts';
import { HttpClient, PullError, type HttpClientOptions, type HttpEvent } from './http-client.ts';
import { fileText, normaliseBaseUrl, type PullReader } from './reader.ts';
import { readSyncState, saveSyncState, startSyncRun, updateSyncRun, type RunCounters } from './sync-store.ts';

export interface PageImportResult {
  status: string;
  ticketsImported: number;
  eventsImported: number;
}

/**
 * Imports one page (its files, as one import) with the named connector, running
 * `withinTransaction` inside the import's transaction.
 */
export type PageImporter = (
  db: Database,
  filePaths: string[],
  options: { connector: string; fileName: string; withinTransaction: (tx: ConnectionQueries) => Promise<void> },
) => Promise<PageImportResult>;

export type PullProgress =
  | { type: 'start'; source: string; baseUrl: string; resumed: boolean }
  | { type: 'page'; page: number; tickets: number; events: number; totalTickets: number; status: string }
  | { type: 'http'; event: HttpEvent };

export interface PullOptions {
  baseUrl: string;
  /** Where a first pull starts; ignored when a cursor is saved for this source and URL. */
  since?: Date;
  credentials: Credentials;
  importer: PageImporter;
  http?: Partial<Omit<HttpClientOptions, 'headers' | 'query' | 'authHint' | 'onEvent'>>;
  onProgress?: (p: PullProgress) => void;
  /** Stops the pull after the page being imported has committed. */
  signal?: AbortSignal;
}

export interface PullSummary {
  runId: number | null;
  source: string;
  baseUrl: string;
  resumed: boolean;
  counters: RunCounters;
  /** Stopped on request (the signal) before catching up. */
  interrupted: boolean;
}

// One pull per source and instance at a time within a process (the server's sync button).
const active = new Set<string>();

export function pullIsActive(source: string, baseUrl: string): boolean {
  return active.has(`${source} ${normaliseBaseUrl(baseUrl)}`);
}

export async function runPull<C>(db: Database, reader: PullReader<C>, options: PullOptions): Promise<PullSummary> {
  const baseUrl = normaliseBaseUrl(options.baseUrl);
  const key = `${reader.name} ${baseUrl}`;
  if (active.has(key)) throw new PullError('SB_ERR_PULL_BUSY', `a ${reader.label} pull from ${baseUrl} is already running`);
  active.add(key);
  try {
    return await pull(db, reader, { ...options, baseUrl });
  } finally {
    active.delete(key);
  }
}

async function pull<C>(db: Database, reader: PullReader<C>, options: PullOptions): Promise<PullSummary> {
  const { baseUrl } = options;
  const progress = options.onProgress ?? (() => undefined);
  const saved = await readSyncState<C>(db, reader.name, baseUrl);
  if (!saved && !options.since) {
    throw new PullError('SB_ERR_PULL_CREDENTIALS', `the first pull from ${baseUrl} needs --since DATE (how far back to read)`);
  }
  let cursor = saved ? saved.cursor : reader.start(options.since!);
  progress({ type: 'start', source: reader.name, baseUrl, resumed: Boolean(saved) });

  const http = new HttpClient({
    ...options.http,
    ...reader.auth(options.credentials),
    authHint: reader.authHint,
    onEvent: (event) => progress({ type: 'http', event }),
  });
  const counters: RunCounters = { pages: 0, tickets: 0, events: 0, requests: 0, retries: 0, rateLimitWaits: 0, rateLimitWaitMs: 0 };
  const sync = () => Object.assign(counters, {
    requests: http.requests.count, retries: http.requests.retries,
    rateLimitWaits: http.requests.rateLimitWaits, rateLimitWaitMs: http.requests.rateLimitWaitMs,
  });
  let runId: number | null = null;
  let interrupted = false;
  const dir = mkdtempSync(join(tmpdir(), `switchboard-pull-${reader.name}-`));
  try {
    for (;;) {
      const page = await reader.fetchPage(http, baseUrl, cursor);
      if (runId === null) {
        runId = await db.transaction((tx) => startSyncRun(tx, { source: reader.name, baseUrl, since: saved ? null : options.since!, startedAt: new Date() }));
      }
      const id = runId;
      counters.pages++;
      counters.tickets += page.tickets;
      const commit = async (tx: ConnectionQueries) => {
        await saveSyncState(tx, { source: reader.name, baseUrl, cursor: page.next, highWaterMark: page.highWaterMark });
        await updateSyncRun(tx, id, sync());
      };
      let status = 'empty';
      if (page.files.length && page.tickets > 0) {
        const files = page.files.map((content, i) => {
          const file = join(dir, `${reader.name}-api-page-${counters.pages}-${i + 1}.json`);
          writeFileSync(file, fileText(content));
          return file;
        });
        let committed = false;
        const result = await options.importer(db, files, {
          connector: reader.name,
          fileName: `${reader.name} API page ${counters.pages}`,
          withinTransaction: async (tx) => {
            counters.events += page.events;
            await commit(tx);
            committed = true;
          },
        });
        for (const file of files) rmSync(file, { force: true });
        status = result.status;
        // The same bytes were imported before (an unchanged page re-read): only the cursor moves.
        if (!committed) await db.transaction(commit);
      } else {
        await db.transaction(commit);
      }
      progress({ type: 'page', page: counters.pages, tickets: page.tickets, events: page.events, totalTickets: counters.tickets, status });
      cursor = page.next;
      if (page.done) break;
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
    }
    sync();
    const message = `${interrupted ? 'stopped on request after ' : ''}${counters.pages} pages, ${counters.tickets} tickets, ${counters.requests} requests, ${counters.retries} retries, ${counters.rateLimitWaits} rate-limit waits`;
    const status = interrupted ? 'interrupted' : 'succeeded';
    if (runId !== null) await db.transaction((tx) => updateSyncRun(tx, runId!, counters, { status, message }));
    return { runId, source: reader.name, baseUrl, resumed: Boolean(saved), counters, interrupted };
  } catch (error) {
    sync();
    if (runId !== null) {
      const id = runId;
      await db.transaction((tx) => updateSyncRun(tx, id, counters, { status: 'failed', message: (error as Error).message })).catch(() => undefined);
    }
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
