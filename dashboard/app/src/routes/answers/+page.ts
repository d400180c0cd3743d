import type { PageLoad } from './$types';
import { settle } from '$lib/api';
import { loadAnswers } from '$lib/admin-queries';

export const load: PageLoad = ({ fetch, url, depends }) => {
  depends('app:figures');
  return { themes: settle(loadAnswers(fetch, url.searchParams)) };
};
