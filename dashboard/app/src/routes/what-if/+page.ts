import type { PageLoad } from './$types';
import { whenSignedIn } from '$lib/api';
import { defaultPicks, loadFixFirst, projectWhatIf } from './what-if-queries';

// The list, then the projection of every listed action at its default share.
export const load: PageLoad = ({ parent, fetch, url, depends }) => {
  depends('app:figures');
  return {
    start: whenSignedIn(parent, async () => {
      const list = await loadFixFirst(fetch, url.searchParams);
      const picks = defaultPicks(list.actions);
      return { list, picks, projection: await projectWhatIf(picks, url.searchParams, fetch) };
    }),
  };
};
