import type { PageLoad } from './$types';
import { settle } from '$lib/api';
import { loadTicket } from '$lib/ticket-queries';

export const load: PageLoad = ({ fetch, params }) => ({ id: params.id, ticket: settle(loadTicket(fetch, params.source, params.id)) });
