import type { PageLoad } from './$types';
import { whenSignedIn } from '$lib/api';
import { loadSettings } from '$lib/admin-queries';

export const load: PageLoad = ({ parent, fetch, depends }) => {
  depends('app:settings');
  return { settings: whenSignedIn(parent, () => loadSettings(fetch)) };
};
