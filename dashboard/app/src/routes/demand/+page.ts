import type { PageLoad } from './$types';
import { whenSignedIn } from '$lib/api';
import { loadDemand } from '$lib/demand-queries';

export const load: PageLoad = ({ parent, fetch, url }) => ({ demand: whenSignedIn(parent, () => loadDemand(fetch, url.searchParams)) });
