import type { PageLoad } from './$types';
import { whenSignedIn } from '$lib/api';
import { loadExplore } from '$lib/explore-queries';

export const load: PageLoad = ({ parent, fetch }) => ({ explore: whenSignedIn(parent, () => loadExplore(fetch)) });
