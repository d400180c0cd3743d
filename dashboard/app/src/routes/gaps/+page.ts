import type { PageLoad } from './$types';
import { settle } from '$lib/api';
import { loadGaps } from '$lib/admin-queries';

export const load: PageLoad = ({ fetch, url, depends }) => {
  depends('app:figures');
  return { gaps: settle(loadGaps(fetch, url.searchParams)) };
};
