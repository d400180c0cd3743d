/**
 * Saved views of the Tickets page, per user: a name and the page's query string. The query
 * string keeps only the keys the Tickets page reads (filters, the figure a link came from,
 * search, sort, page size), in that page's own order, and never the page number: a view
 * reopens at its first page. Names are unique per user whatever their case.
 *
 * These writes go through `runOutsideFigures`: no figure reads saved views, so saving one
 * must not make every cached figure be computed again.
 */
import type { Queryable } from '#core/db/database.ts';

/** The Tickets page's URL keys a view keeps. */
export const VIEW_KEYS = [
  'from', 'to', 'department', 'location', 'requestType', 'source',
  'firstLanding', 'resolver', 'owner', 'resolvedElsewhere', 'misrouted', 'redirected',
  'q', 'sort', 'dir', 'size',
] as const;

export const MAX_NAME_LENGTH = 80;
export const MAX_QUERY_LENGTH = 2000;
/** Views one person may keep. */
export const MAX_VIEWS = 100;

/** `query` (with or without '?') reduced to the keys a view keeps, empty values dropped. */
export function normaliseViewQuery(query: string): string {
  const given = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const kept = new URLSearchParams();
  for (const key of VIEW_KEYS) {
    const value = given.get(key);
    if (value !== null && value.trim() !== '') kept.set(key, value);
  }
  return kept.toString();
}

export interface SavedView {
  id: number;
  name: string;
  /** The Tickets page's query string, without '?'. */
  query: string;
  createdAt: string;
}

export type SaveResult = { view: SavedView } | { error: 'duplicate' | 'too_many'; existing?: string };

const write = (db: Queryable, sql: string, params: Record<string, string | number>) =>
  db.runOutsideFigures ? db.runOutsideFigures(sql, params) : db.run(sql, params);

export async function listViews(db: Queryable, userId: string): Promise<SavedView[]> {
  const rows = await db.all<{ id: number; name: string; query: string; createdAt: Date }>(
    `SELECT view_id AS id, name, query, created_at AS "createdAt" FROM saved_views WHERE user_id = $u ORDER BY name_key, view_id`,
    { u: userId },
  );
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

/** Saves a view under a trimmed name; a name the user already has (in any case) is refused. */
export async function saveView(db: Queryable, userId: string, name: string, query: string): Promise<SaveResult> {
  const trimmed = name.trim();
  const key = trimmed.toLowerCase();
  const [same] = await db.all<{ name: string }>('SELECT name FROM saved_views WHERE user_id = $u AND name_key = $k', { u: userId, k: key });
  if (same) return { error: 'duplicate', existing: same.name };
  const [{ n }] = await db.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM saved_views WHERE user_id = $u', { u: userId });
  if (n >= MAX_VIEWS) return { error: 'too_many' };
  try {
    await write(db, `INSERT INTO saved_views (user_id, name, name_key, query, created_at) VALUES ($u, $n, $k, $q, now())`, {
      u: userId, n: trimmed, k: key, q: normaliseViewQuery(query),
    });
  } catch (e) {
    // Two saves of one name at the same moment: the second meets the unique key.
    if (/constraint/i.test(String((e as Error).message))) return { error: 'duplicate', existing: trimmed };
    throw e;
  }
  const [row] = await db.all<{ id: number; name: string; query: string; createdAt: Date }>(
    `SELECT view_id AS id, name, query, created_at AS "createdAt" FROM saved_views WHERE user_id = $u AND name_key = $k`,
    { u: userId, k: key },
  );
  return { view: { ...row, createdAt: row.createdAt.toISOString() } };
}

/** Deletes one of the user's views; false when they have no view with that id. */
export async function deleteView(db: Queryable, userId: string, id: number): Promise<boolean> {
  const [found] = await db.all<{ id: number }>('SELECT view_id AS id FROM saved_views WHERE user_id = $u AND view_id = $id', { u: userId, id });
  if (!found) return false;
  await write(db, 'DELETE FROM saved_views WHERE user_id = $u AND view_id = $id', { u: userId, id });
  return true;
}
