/**
 * The ticket list's SQL, pure: the figure filters' facts relation (analysis/ticket-facts),
 * narrowed to the figure a link came from, searched by ticket id or subject words, and
 * sorted by one column from a fixed list. The list page, its count and the CSV of the
 * whole list are three queries over the one `matching` relation, so they cannot disagree.
 *
 * Search: `q` matches a ticket whose id starts with it (case-insensitive; the exact id is
 * listed first), or whose subject holds every word of it (case-insensitive, anywhere in
 * the subject). The subject of a sensitive ticket is withheld from every reader, so it is
 * never searched or sorted by either: a search could otherwise read it back word by word.
 * Every value is a bound parameter; the sort column is looked up in SORT_COLUMNS, never
 * taken from the request.
 */
import type { Param } from '#core/db/database.ts';

/** The columns a list sorts by, keyed by the name the API and the page's URL use. */
export const SORT_COLUMNS = {
  created: 'f.created_at',
  ticket: 'f.ticket_id',
  requestType: 'f.request_type',
  location: 'f.location',
  subject: 'CASE WHEN f.withheld THEN NULL ELSE lower(f.subject) END',
  hops: 'f.hops',
} as const;
export type SortColumn = keyof typeof SORT_COLUMNS;
export const SORT_NAMES = Object.keys(SORT_COLUMNS) as SortColumn[];
export type SortDirection = 'asc' | 'desc';

/** Longest search text, and most words of it matched against subjects. */
export const MAX_SEARCH_LENGTH = 200;
export const MAX_SEARCH_WORDS = 10;

export interface TicketListSpec {
  firstLanding?: string;
  owner?: string;
  resolver?: string;
  /** Only tickets whose first landing differs from their resolver. */
  resolvedElsewhere?: boolean;
  misrouted?: boolean;
  redirected?: boolean;
  /** Ticket id prefix or subject words. */
  q?: string;
  /**
   * Only tickets that passed through, first landed in, were resolved by or are owned by one
   * of these departments: roles.ts' ticketVisible as SQL, for a department head's export
   * that is not read row by row in JavaScript. Absent: every ticket.
   */
  visibleTo?: readonly string[];
  sort?: SortColumn;
  dir?: SortDirection;
}

/** The words of a search, lower-cased, at most MAX_SEARCH_WORDS. */
export function searchWords(q: string | undefined): string[] {
  return (q ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, MAX_SEARCH_WORDS);
}

export interface TicketListSql {
  /** `WITH ..., matching AS (...)`: the facts rows of the list, with `withheld` (sensitive). */
  matching: string;
  /** ORDER BY terms over a relation aliased `f` with the facts' columns and `withheld`. */
  orderBy: string;
  params: Record<string, Param>;
}

/**
 * `facts` is the facts CTE text (`facts AS (...)`) and its parameters, as
 * analysis/ticket-facts' factsSource gives it for the figure filters.
 */
export function buildTicketListSql(spec: TicketListSpec, facts: { cte: string; params: Record<string, Param> }): TicketListSql {
  const clauses = ['true'];
  const params: Record<string, Param> = { ...facts.params };
  const eq = (column: string, key: string, value: string | undefined) => {
    if (!value) return;
    clauses.push(`f.${column} = $${key}`);
    params[key] = value;
  };
  eq('first_landing', 'q_first', spec.firstLanding);
  eq('resolver', 'q_resolver', spec.resolver);
  eq('owner', 'q_owner', spec.owner);
  if (spec.resolvedElsewhere) clauses.push('f.first_landing <> f.resolver');
  if (spec.misrouted) clauses.push('f.misrouted');
  if (spec.redirected) clauses.push('f.redirected');
  if (spec.visibleTo) {
    // A NULL department (a list_contains of NULL) counts for nothing, as in ticketVisible.
    clauses.push('(list_has_any(f.department_path, $q_visible) OR list_contains($q_visible, f.first_landing) OR list_contains($q_visible, f.resolver) OR list_contains($q_visible, f.owner))');
    params.q_visible = spec.visibleTo;
  }

  const words = searchWords(spec.q);
  const exactFirst: string[] = [];
  if (words.length) {
    params.q_id = (spec.q ?? '').trim().toLowerCase();
    const subject = words.map((w, i) => {
      params[`q_w${i}`] = w;
      return `contains(lower(f.subject), $q_w${i})`;
    });
    clauses.push(`(starts_with(lower(f.ticket_id), $q_id) OR (s.ticket_id IS NULL AND ${subject.join(' AND ')}))`);
    exactFirst.push('lower(f.ticket_id) = $q_id DESC');
  }

  const sort: SortColumn = spec.sort && spec.sort in SORT_COLUMNS ? spec.sort : 'created';
  const dir = spec.dir === 'asc' ? 'ASC' : 'DESC';
  const terms = [...exactFirst, `${SORT_COLUMNS[sort]} ${dir} NULLS LAST`];
  if (sort !== 'created') terms.push('f.created_at DESC');
  terms.push('f.source', 'f.ticket_id');

  // Sensitive tickets are few: a hash join on that small set marks them without reading
  // the tickets' text columns. Only a subject search or sort needs the mark; without it the
  // list stays a scan of the facts alone (the join cost 50 ms at 100,000 tickets).
  const marked = words.length > 0 || sort === 'subject';
  const matching = `WITH ${facts.cte},
matching AS (
  SELECT f.*, ${marked ? 's.ticket_id IS NOT NULL' : 'false'} AS withheld
  FROM facts f${marked ? ' LEFT JOIN (SELECT source, ticket_id FROM tickets WHERE sensitive) s ON s.source = f.source AND s.ticket_id = f.ticket_id' : ''}
  WHERE ${clauses.join(' AND ')}
)`;
  return { matching, orderBy: terms.join(', '), params };
}

/** The columns a listed ticket is read with, from its facts row `f` and its ticket `t`. */
const LISTED_COLUMNS = `f.source, f.ticket_id AS "ticketId", f.created_at AS "createdAt", t.status, f.request_type AS "requestType", t.location,
  CASE WHEN t.sensitive THEN NULL ELSE t.subject END AS subject, t.sensitive,
  f.first_landing AS "firstLanding", f.resolver, f.owner, f.misrouted, f.redirected, f.hops::INTEGER AS hops,
  f.department_path AS "departmentPath", f.group_path AS "groupPath"`;

export function countSql(list: TicketListSql): string {
  return `${list.matching}\nSELECT count(*)::INTEGER AS total FROM matching`;
}

/**
 * One page: sorted and cut over the facts alone, then only the page's rows joined to their
 * tickets (joining every ticket first and sorting the join took seconds at a million).
 * Takes $q_limit and $q_offset.
 */
export function pageSql(list: TicketListSql): string {
  return `${list.matching},
page AS (SELECT * FROM matching f ORDER BY ${list.orderBy} LIMIT $q_limit OFFSET $q_offset)
SELECT ${LISTED_COLUMNS}
FROM page f JOIN tickets t ON t.source = f.source AND t.ticket_id = f.ticket_id
ORDER BY ${list.orderBy}`;
}

/** Every matching ticket in list order, for the CSV (read in chunks as it streams). */
export function allRowsSql(list: TicketListSql): string {
  return `${list.matching}
SELECT ${LISTED_COLUMNS}
FROM matching f JOIN tickets t ON t.source = f.source AND t.ticket_id = f.ticket_id
ORDER BY ${list.orderBy}`;
}
