import type { PageLoad } from './$types';
import { settle } from '$lib/api';
import { loadReport } from '$lib/report-queries';

export const load: PageLoad = ({ fetch, url }) => ({ report: settle(loadReport(fetch, url.searchParams)) });
