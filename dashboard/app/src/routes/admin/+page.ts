import type { PageLoad } from './$types';
import { whenSignedIn } from '$lib/api';
import { loadAdmin } from '$lib/admin-queries';

export const load: PageLoad = ({ parent, fetch, depends }) => {
  depends('app:admin');
  return { admin: whenSignedIn(parent, () => loadAdmin(fetch)) };
};
