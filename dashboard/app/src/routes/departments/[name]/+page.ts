import type { PageLoad } from './$types';
import { ApiFailure, whenSignedIn } from '$lib/api';
import { seesDepartment, type SignedInUser } from '$lib/permissions';
import { loadDepartment } from '$lib/department-queries';
import { intervalOf } from '$lib/overview-queries';

export const load: PageLoad = ({ parent, fetch, url, params }) => ({
  name: params.name,
  department: whenSignedIn(parent, async () => {
    // Another department's page is refused to a department head: say so without asking.
    if (!seesDepartment((await parent()).user as SignedInUser | null, params.name)) throw new ApiFailure(`${params.name} is another department.`, 403);
    return loadDepartment(fetch, params.name, url.searchParams, intervalOf(url.searchParams));
  }),
});
