import type { PageLoad } from './$types';
import { whenSignedIn } from '$lib/api';
import { loadGaps } from '$lib/admin-queries';

export const load: PageLoad = ({ parent, fetch, url, depends }) => {
  depends('app:figures');
  return { gaps: whenSignedIn(parent, () => loadGaps(fetch, url.searchParams)) };
};
