import type { PageLoad } from './$types';
import { redirect } from '@sveltejs/kit';
import { whenSignedIn } from '$lib/api';
import { landingPath, type SignedInUser } from '$lib/permissions';
import { intervalOf, loadOverviewHeadline, loadOverviewSections } from '$lib/overview-queries';
import { loadFixFirst } from './what-if/what-if-queries';

export const load: PageLoad = async ({ parent, fetch, url }) => {
  // A department head lands on their own department's page; the district overview stays
  // one click away (the nav's link carries ?scope=district, and any filter keeps them here).
  if (url.search === '') {
    const landing = landingPath((await parent()).user as SignedInUser | null);
    if (landing) redirect(307, landing);
  }
  return {
    interval: intervalOf(url.searchParams),
    // Two promises: the headline figures show without waiting for the long lists below them.
    headline: whenSignedIn(parent, () => loadOverviewHeadline(fetch, url.searchParams)),
    sections: whenSignedIn(parent, () => loadOverviewSections(fetch, url.searchParams)),
    // Its own promise: the ranking reads a year of facts, and the figures should not wait for it.
    fixFirst: whenSignedIn(parent, () => loadFixFirst(fetch, url.searchParams)),
  };
};
