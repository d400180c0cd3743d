import { redirect } from '@sveltejs/kit';
import type { PageLoad } from './$types';
import { sessionInfo } from '../signin/auth-requests';

export const load: PageLoad = async ({ fetch }) => {
  const info = await sessionInfo(fetch);
  if (!info.setupNeeded) redirect(303, info.user ? '/' : '/signin');
  return {};
};
