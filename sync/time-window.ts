/**
 * The cursor of APIs that page by "updated since T" with an offset or a page number
 * (ServiceNow, Freshservice, Jira, Incident IQ, Web Help Desk), as pure functions.
 *
 * Within a run the offset moves on while T stays put, so the pages are one consistent
 * query. The run ends on a short page; the next run starts at the last update instant
 * seen and skips the records committed at exactly that instant, unless they changed
 * again: a record updated later in the same second is not missed, and an unchanged one is
 * not read twice. Records must come oldest update first (each reader asks for that order).
 */

export interface WindowCursor {
  /** The lower bound, in the API's own format (its comparisons are on that text). */
  from: string;
  /** Records already committed whose update instant is exactly `from`. */
  seenAtFrom: string[];
  offset: number;
  /** Within a run, for APIs that page by token instead of offset (Jira's nextPageToken). */
  token?: string;
  /** Within a run: the last update instant read, and the records read at exactly it. */
  lastAt?: string;
  lastIds?: string[];
}

export interface Stamped {
  at: string;
  id: string;
}

export function startWindow(from: string): WindowCursor {
  return { from, seenAtFrom: [], offset: 0 };
}

/** The records of a page not already committed at the window's lower bound. */
export function freshIndexes(cursor: WindowCursor, page: Stamped[]): number[] {
  const seen = new Set(cursor.seenAtFrom);
  return page.flatMap((r, i) => (r.at === cursor.from && seen.has(r.id) ? [] : [i]));
}

/** The cursor after a page of `page.length` records, of which a full page holds `limit`. */
export function advanceWindow(cursor: WindowCursor, page: Stamped[], limit: number): { next: WindowCursor; done: boolean } {
  let lastAt = cursor.lastAt;
  let lastIds = cursor.lastIds ?? [];
  for (const r of page) {
    if (r.at !== lastAt) {
      lastAt = r.at;
      lastIds = [];
    }
    lastIds = [...lastIds, r.id];
  }
  if (page.length >= limit) return { next: { ...cursor, offset: cursor.offset + page.length, lastAt, lastIds }, done: false };
  if (lastAt === undefined) return { next: { from: cursor.from, seenAtFrom: cursor.seenAtFrom, offset: 0 }, done: true };
  const seen = lastAt === cursor.from ? [...cursor.seenAtFrom, ...lastIds] : lastIds;
  return { next: { from: lastAt, seenAtFrom: [...new Set(seen)].sort(), offset: 0 }, done: true };
}
