/**
 * What a pull reader is. A reader pages through one vendor's API and hands back each page
 * in the shape that vendor's FILE connector reads (connectors/<vendor>/), so there is one
 * mapping per vendor and two thin readers of it: the file and the API. The reader holds
 * no state; its cursor (a JSON value) is saved by the runner with each committed page.
 */
import type { CredentialField, Credentials } from './credentials.ts';
import type { HttpClient } from './http-client.ts';

/** A file of one JSON document per line (Freshservice's per-ticket activity pages). */
export class JsonLines {
  constructor(readonly docs: unknown[]) {}
}

/** A page file's text: JSON, or JSON lines. */
export function fileText(content: unknown): string {
  return content instanceof JsonLines ? content.docs.map((d) => JSON.stringify(d)).join('\n') + '\n' : JSON.stringify(content);
}

export interface PullPage<C> {
  /**
   * The page as the vendor's export files would hold it: one file, or several that belong
   * in one import (ServiceNow's incident list and its sys_audit). Empty when no tickets.
   */
  files: unknown[];
  tickets: number;
  events: number;
  /** The cursor to resume from once this page is committed. */
  next: C;
  /** The latest update instant in the page (ISO), for the high-water mark. */
  highWaterMark?: string | null;
  /** True when this page caught up with the API: `next` is then where the next run starts. */
  done: boolean;
}

export interface PullReader<C = unknown> {
  /** The vendor's file connector (connectors/registry.ts), and the stored source. */
  name: string;
  label: string;
  credentials: CredentialField[];
  /** What a 401/403 means: the scope or role the API credential needs. */
  authHint: string;
  auth(credentials: Credentials): { headers?: Record<string, string>; query?: Record<string, string> };
  /** The cursor of a first pull, from --since. */
  start(since: Date): C;
  fetchPage(http: HttpClient, baseUrl: string, cursor: C): Promise<PullPage<C>>;
}

/** The instance's base URL as stored: origin plus path, no trailing slash, no credentials. */
export function normaliseBaseUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`--url must be an http(s) URL like https://district.zendesk.com, got '${url}'`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error(`--url must be http or https, got '${u.protocol}'`);
  if (u.username || u.password) throw new Error('--url must not carry a user or password; use the credential variables');
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

/** Builds `base + path?query` with every value encoded. */
export function apiUrl(baseUrl: string, path: string, query: Record<string, string | number | undefined> = {}): string {
  const u = new URL(baseUrl + path);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, String(v));
  return u.toString();
}

/** Runs `fn` over items with at most `limit` in flight, keeping order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return out;
}
