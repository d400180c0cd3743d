import type { PageLoad } from './$types';
import { settle } from '$lib/api';
import { loadTickets, readScope } from '$lib/ticket-queries';

export const load: PageLoad = ({ fetch, url }) => ({
  scope: readScope(url.searchParams),
  tickets: settle(loadTickets(fetch, url.searchParams)),
});
