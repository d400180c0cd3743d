import type { PageLoad } from './$types';
import { settle } from '$lib/api';
import { loadDepartmentList } from '$lib/department-queries';

export const load: PageLoad = ({ fetch, url }) => ({ departments: settle(loadDepartmentList(fetch, url.searchParams)) });
