import type { PageLoad } from './$types';
import { whenSignedIn } from '$lib/api';
import { loadTicket } from '$lib/ticket-queries';

export const load: PageLoad = ({ parent, fetch, params }) => ({ id: params.id, ticket: whenSignedIn(parent, () => loadTicket(fetch, params.source, params.id)) });
