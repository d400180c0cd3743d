import type { PageLoad } from './$types';
import { whenSignedIn } from '$lib/api';
import { loadTickets, readScope } from '$lib/ticket-queries';

export const load: PageLoad = ({ parent, fetch, url }) => ({
  scope: readScope(url.searchParams),
  tickets: whenSignedIn(parent, () => loadTickets(fetch, url.searchParams)),
});
