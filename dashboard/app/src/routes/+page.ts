import type { PageLoad } from './$types';
import { getJson, filterQuery } from '$lib/api';
import type { FirstLandingResponse } from '$lib/types';

export const load: PageLoad = async ({ fetch, url }) => {
  try {
    const figures = await getJson<FirstLandingResponse>(fetch, `/api/figures/first-landing${filterQuery(url.searchParams)}`);
    return { figures, error: null };
  } catch (e) {
    return { figures: null, error: (e as Error).message };
  }
};
