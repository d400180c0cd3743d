import type { PageLoad } from './$types';
import { whenSignedIn } from '$lib/api';
import { loadReport } from '$lib/report-queries';

export const load: PageLoad = ({ parent, fetch, url }) => ({ report: whenSignedIn(parent, () => loadReport(fetch, url.searchParams)) });
