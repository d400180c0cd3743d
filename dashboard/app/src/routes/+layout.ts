// A single-page app served by the Fastify server beside the API: the server owns the
// database, so pages fetch figures from /api in the browser. The layout loads the filter
// bar's choices once; each page's +page.ts loads its own figures with the URL's filters.
import type { LayoutLoad } from './$types';
import { redirect } from '@sveltejs/kit';
import { getJson } from '$lib/api';
import { passwordPage, sessionInfo, type SessionInfo } from './signin/auth-requests';
import type { FilterOptions } from '$lib/types';
import { loadFreshness, type Freshness } from '$lib/freshness';

export const ssr = false;
export const prerender = false;

export const load: LayoutLoad = async ({ fetch, url, depends }) => {
  // A mapping saved on Settings changes the freshness line's count of unmapped groups.
  depends('app:settings');
  // Nobody signed in: the sign-in page (or, on a fresh install, the first-admin page).
  let user: SessionInfo['user'] = null;
  if (url.pathname !== '/signin' && url.pathname !== '/setup') {
    const info = await sessionInfo(fetch);
    if (info.setupNeeded) redirect(303, '/setup');
    if (!info.user) redirect(303, `/signin?next=${encodeURIComponent(url.pathname + url.search)}`);
    // A temporary password answers nothing but the new-password page: no links, no filter bar.
    if (info.passwordChangeRequired) {
      if (url.pathname !== '/password') redirect(303, passwordPage(url.pathname + url.search));
      return { filterOptions: null, filterError: null, user, freshness: Promise.resolve<Freshness | null>(null) };
    }
    user = info.user;
  } else {
    return { filterOptions: null, filterError: null, user, freshness: Promise.resolve<Freshness | null>(null) };
  }
  // The freshness line under the header: its own promise, so no page waits for it. The
  // layout load runs again on every navigation (it reads the path), so the line follows
  // an upload or a mapping made on another page.
  const freshness = loadFreshness(fetch);
  try {
    return { filterOptions: await getJson<FilterOptions>(fetch, '/api/filter-options'), filterError: null, user, freshness };
  } catch (e) {
    return { filterOptions: null, filterError: (e as Error).message, user, freshness };
  }
};
