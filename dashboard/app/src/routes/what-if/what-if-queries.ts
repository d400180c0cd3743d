/**
 * The what-if page's requests: the fix-first list (GET /api/fix-first) and the projection
 * of the ticked actions at their shares (POST /api/fix-first/what-if), both under the
 * filter bar's filters; and the pure bookkeeping of the choices. The shapes are the
 * server's response schemas, imported as types, never copied.
 */
import { getJson, sendJson } from '$lib/api';
import { filterQuery } from '$lib/filters';
import type { FixFirstBody, WhatIfAnswer, WhatIfRequest } from '../../../../server/routes/fix-first/index.ts';

export type { FixFirstBody, WhatIfAnswer };
export type ActionRow = FixFirstBody['actions'][number];
export type Scenario = WhatIfAnswer['today'];

/** A ticked action and the share it is projected at. */
export interface Pick {
  kind: ActionRow['kind'];
  target: string;
  share: number;
}

export function loadFixFirst(fetcher: typeof fetch, params: URLSearchParams): Promise<FixFirstBody> {
  return getJson<FixFirstBody>(fetcher, `/api/fix-first${filterQuery(params)}`);
}

export function projectWhatIf(picks: readonly Pick[], params: URLSearchParams, fetcher: typeof fetch = fetch): Promise<WhatIfAnswer> {
  const body: WhatIfRequest = { actions: picks.map((p) => ({ kind: p.kind, target: p.target, share: p.share })) };
  return sendJson<WhatIfAnswer>('POST', `/api/fix-first/what-if${filterQuery(params)}`, body, fetcher);
}

/** Every listed action ticked at its default share (the page's starting point). */
export function defaultPicks(actions: readonly ActionRow[]): Pick[] {
  return actions.map((a) => ({ kind: a.kind, target: a.target, share: a.assumption.share }));
}
