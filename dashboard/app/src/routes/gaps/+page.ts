import type { PageLoad } from './$types';
import { whenSignedIn } from '$lib/api';
import { loadGaps } from '$lib/admin-queries';
import { loadDecisions } from './decision-queries';

export const load: PageLoad = ({ parent, fetch, url, depends }) => {
  depends('app:figures');
  return {
    gaps: whenSignedIn(parent, async () => {
      const [gaps, decided] = await Promise.all([loadGaps(fetch, url.searchParams), loadDecisions(fetch, url.searchParams)]);
      return { ...gaps, decisions: decided.decisions };
    }),
  };
};
