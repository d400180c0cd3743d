import type { PageLoad } from './$types';
import { whenSignedIn } from '$lib/api';
import { loadDepartment } from '$lib/department-queries';
import { intervalOf } from '$lib/overview-queries';

export const load: PageLoad = ({ parent, fetch, url, params }) => ({
  name: params.name,
  department: whenSignedIn(parent, () => loadDepartment(fetch, params.name, url.searchParams, intervalOf(url.searchParams))),
});
