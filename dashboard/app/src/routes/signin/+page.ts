import { redirect } from '@sveltejs/kit';
import type { PageLoad } from './$types';
import { passwordPage, safeNext, sessionInfo, signInErrorText } from './auth-requests';

export const load: PageLoad = async ({ fetch, url }) => {
  const info = await sessionInfo(fetch);
  if (info.setupNeeded) redirect(303, '/setup');
  const next = safeNext(url.searchParams.get('next'));
  if (info.user) redirect(303, info.passwordChangeRequired ? passwordPage(next) : next);
  return { next, oidc: info.oidc, error: signInErrorText(url.searchParams.get('error')) };
};
