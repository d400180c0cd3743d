// Choosing one's own password: required after signing in with a temporary one an admin
// gave (the API answers nothing else until then), and open to anyone signed in.
import { redirect } from '@sveltejs/kit';
import type { PageLoad } from './$types';
import { safeNext, sessionInfo } from '../signin/auth-requests';

export const load: PageLoad = async ({ fetch, url }) => {
  const info = await sessionInfo(fetch);
  const next = safeNext(url.searchParams.get('next'));
  if (!info.user) redirect(303, `/signin?next=${encodeURIComponent(next)}`);
  return { email: info.user.email, required: info.passwordChangeRequired, next };
};
