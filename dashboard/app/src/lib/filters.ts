/**
 * The filter bar's state lives in the URL's query string, so a view is bookmarkable and
 * back/forward move between filter states. Every page passes the same keys to the API.
 */
export const FILTER_KEYS = ['from', 'to', 'department', 'location', 'requestType', 'source'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type FilterState = Partial<Record<FilterKey, string>>;

export const FILTER_LABELS: Record<FilterKey, string> = {
  from: 'From',
  to: 'To',
  department: 'Touched department',
  location: 'School or site',
  requestType: 'Request type',
  source: 'Source',
};

export function readFilters(params: URLSearchParams): FilterState {
  const out: FilterState = {};
  for (const key of FILTER_KEYS) {
    const v = params.get(key);
    if (v) out[key] = v;
  }
  return out;
}

/** Query string ('?a=b' or '') of the filters that are set, in a stable order. */
export function filterQuery(params: URLSearchParams | FilterState, extra: Record<string, string | number | boolean | undefined> = {}): string {
  const state = params instanceof URLSearchParams ? readFilters(params) : params;
  const keep = new URLSearchParams();
  for (const key of FILTER_KEYS) if (state[key]) keep.set(key, state[key]!);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== '' && v !== false) keep.set(k, String(v));
  const s = keep.toString();
  return s ? `?${s}` : '';
}

/** The same filters with one changed (an empty value removes it). */
export function withFilter(state: FilterState, key: FilterKey, value: string): FilterState {
  const next = { ...state };
  if (value) next[key] = value;
  else delete next[key];
  return next;
}

/** A link to `path` that keeps the current filters (and adds `extra`). */
export function linkWithFilters(path: string, params: URLSearchParams | FilterState, extra: Record<string, string | number | boolean | undefined> = {}): string {
  return `${path}${filterQuery(params, extra)}`;
}

/** 'Lincoln Elementary, from 2024-08-01' for headings and the report's first page. */
export function describeFilters(state: FilterState): string {
  const parts: string[] = [];
  if (state.from && state.to) parts.push(`${state.from} to ${state.to}`);
  else if (state.from) parts.push(`from ${state.from}`);
  else if (state.to) parts.push(`up to ${state.to}`);
  for (const key of ['department', 'location', 'requestType', 'source'] as const) {
    if (state[key]) parts.push(`${FILTER_LABELS[key].toLowerCase()}: ${state[key]}`);
  }
  return parts.length ? parts.join('; ') : 'all tickets';
}

/** The filters narrowed to the days from..to (inside any date range already set). */
export function withinDays(state: FilterState, from: string, to: string): FilterState {
  return {
    ...state,
    from: state.from && state.from > from ? state.from : from,
    to: state.to && state.to < to ? state.to : to,
  };
}
