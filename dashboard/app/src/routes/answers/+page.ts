import type { PageLoad } from './$types';
import { whenSignedIn } from '$lib/api';
import { loadAnswers } from '$lib/admin-queries';

export const load: PageLoad = ({ parent, fetch, url, depends }) => {
  depends('app:figures');
  return { themes: whenSignedIn(parent, () => loadAnswers(fetch, url.searchParams)) };
};
