import type { PageLoad } from './$types';
import { settle } from '$lib/api';
import { loadDepartment } from '$lib/department-queries';
import { intervalOf } from '$lib/overview-queries';

export const load: PageLoad = ({ fetch, url, params }) => ({
  name: params.name,
  department: settle(loadDepartment(fetch, params.name, url.searchParams, intervalOf(url.searchParams))),
});
