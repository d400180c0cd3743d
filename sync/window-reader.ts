/**
 * A pull reader for APIs that list tickets "updated since T", oldest first, by offset or
 * page number, with each ticket's history at a second endpoint (Freshservice, Incident IQ,
 * Web Help Desk, Jira). The vendor module gives the requests and the file shapes; the
 * window cursor (time-window.ts) and the page bookkeeping are here, once.
 */
import type { CredentialField, Credentials } from './credentials.ts';
import type { HttpClient } from './http-client.ts';
import { mapLimit, type PullPage, type PullReader } from './reader.ts';
import { advanceWindow, freshIndexes, startWindow, type Stamped, type WindowCursor } from './time-window.ts';

export type Row = Record<string, unknown>;

export interface WindowVendor {
  name: string;
  label: string;
  credentials: CredentialField[];
  authHint: string;
  auth(c: Credentials): { headers?: Record<string, string>; query?: Record<string, string> };
  /** The API's own text for an instant, as its "updated since" filter takes it. */
  formatInstant(d: Date): string;
  /**
   * One page of tickets at `cursor.offset`, oldest update first; `last` when the API says so;
   * `beside`: what the response carries beside the records that the file keeps (Jira's names).
   */
  list(http: HttpClient, baseUrl: string, cursor: WindowCursor, limit: number): Promise<{ records: Row[]; last?: boolean; token?: string; beside?: Row }>;
  stamp(r: Row): Stamped;
  /** A ticket's history (activities, changelog), read for each fresh ticket. */
  history?(http: HttpClient, baseUrl: string, ticket: Row): Promise<unknown>;
  /** Lists read once a page and handed over beside the tickets (the groups that name ids). */
  sideload?(http: HttpClient, baseUrl: string): Promise<Row>;
  /** The page as the vendor's export files hold it. */
  files(tickets: Row[], histories: unknown[], sideloaded: Row): unknown[];
  /** The instant of the latest update (ISO with offset), when the API gives one. */
  updatedInstant?(r: Row): string | null;
}

export function windowReader(vendor: WindowVendor, options: { pageSize: number; concurrency?: number }): PullReader<WindowCursor> {
  const limit = options.pageSize;
  return {
    name: vendor.name,
    label: vendor.label,
    credentials: vendor.credentials,
    authHint: vendor.authHint,
    auth: vendor.auth,
    start: (since) => startWindow(vendor.formatInstant(since)),
    async fetchPage(http, baseUrl, cursor): Promise<PullPage<WindowCursor>> {
      const { records, last, token, beside } = await vendor.list(http, baseUrl, cursor, limit);
      const stamps = records.map(vendor.stamp);
      const fresh = freshIndexes(cursor, stamps).map((i) => records[i]);
      const advanced = advanceWindow(cursor, stamps, last ? Number.POSITIVE_INFINITY : limit);
      const { done } = advanced;
      const next = done || token === undefined ? advanced.next : { ...advanced.next, token };
      if (!fresh.length) return { files: [], tickets: 0, events: 0, next, done };
      const histories = vendor.history ? await mapLimit(fresh, options.concurrency ?? 4, (t) => vendor.history!(http, baseUrl, t)) : [];
      const instants = vendor.updatedInstant ? fresh.map(vendor.updatedInstant).filter((x): x is string => Boolean(x)) : [];
      const latest = instants.length ? instants.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b)) : null;
      const sideloaded = vendor.sideload ? await vendor.sideload(http, baseUrl) : {};
      return {
        files: vendor.files(fresh, histories, { ...sideloaded, ...beside }),
        tickets: fresh.length,
        events: histories.reduce<number>((n, h) => n + (Array.isArray(h) ? h.length : 0), 0),
        next,
        done,
        highWaterMark: latest,
      };
    },
  };
}
