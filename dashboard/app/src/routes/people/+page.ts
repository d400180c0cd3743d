import type { PageLoad } from './$types';
import { whenSignedIn } from '$lib/api';
import { loadPeople } from './people-queries';

export const load: PageLoad = ({ parent, fetch, url, depends }) => {
  depends('app:figures');
  return { people: whenSignedIn(parent, () => loadPeople(fetch, url.searchParams)) };
};
