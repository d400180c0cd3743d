import type { PageLoad } from './$types';
import { whenSignedIn } from '$lib/api';
import { intervalOf, loadOverview } from '$lib/overview-queries';

export const load: PageLoad = ({ parent, fetch, url }) => ({
  interval: intervalOf(url.searchParams),
  overview: whenSignedIn(parent, () => loadOverview(fetch, url.searchParams)),
});
