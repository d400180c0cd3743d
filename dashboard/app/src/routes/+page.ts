import type { PageLoad } from './$types';
import { whenSignedIn } from '$lib/api';
import { intervalOf, loadOverview } from '$lib/overview-queries';
import { loadFixFirst } from './what-if/what-if-queries';

export const load: PageLoad = ({ parent, fetch, url }) => ({
  interval: intervalOf(url.searchParams),
  overview: whenSignedIn(parent, () => loadOverview(fetch, url.searchParams)),
  // Its own promise: the ranking reads a year of facts, and the figures should not wait for it.
  fixFirst: whenSignedIn(parent, () => loadFixFirst(fetch, url.searchParams)),
});
