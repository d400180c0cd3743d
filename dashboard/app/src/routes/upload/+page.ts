import type { PageLoad } from './$types';
import { whenSignedIn } from '$lib/api';
import { loadImports } from '$lib/upload-queries';

export const load: PageLoad = ({ parent, fetch, depends }) => {
  depends('app:imports');
  return { imports: whenSignedIn(parent, () => loadImports(fetch)) };
};
