import type { PageLoad } from './$types';
import { whenSignedIn } from '$lib/api';
import { loadDepartmentList } from '$lib/department-queries';

export const load: PageLoad = ({ parent, fetch, url }) => ({ departments: whenSignedIn(parent, () => loadDepartmentList(fetch, url.searchParams)) });
