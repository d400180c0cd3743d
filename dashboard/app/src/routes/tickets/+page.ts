import type { PageLoad } from './$types';
import { whenSignedIn } from '$lib/api';
import { loadSavedViews, loadTickets, readScope } from '$lib/ticket-queries';

export const load: PageLoad = ({ parent, fetch, url, depends }) => {
  depends('app:saved-views');
  return {
    scope: readScope(url.searchParams),
    tickets: whenSignedIn(parent, () => loadTickets(fetch, url.searchParams)),
    views: whenSignedIn(parent, () => loadSavedViews(fetch)),
  };
};
