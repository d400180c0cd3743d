import type { PageLoad } from './$types';
import { settle } from '$lib/api';
import { loadSettings } from '$lib/admin-queries';

export const load: PageLoad = ({ fetch, depends }) => {
  depends('app:settings');
  return { settings: settle(loadSettings(fetch)) };
};
