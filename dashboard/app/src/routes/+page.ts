import type { PageLoad } from './$types';
import { settle } from '$lib/api';
import { intervalOf, loadOverview } from '$lib/overview-queries';

export const load: PageLoad = ({ fetch, url }) => ({
  interval: intervalOf(url.searchParams),
  overview: settle(loadOverview(fetch, url.searchParams)),
});
