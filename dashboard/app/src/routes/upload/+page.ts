import type { PageLoad } from './$types';
import { settle } from '$lib/api';
import { loadImports } from '$lib/upload-queries';

export const load: PageLoad = ({ fetch, depends }) => {
  depends('app:imports');
  return { imports: settle(loadImports(fetch)) };
};
