/**
 * The sign-in and first-admin requests, kept out of the .svelte files. Both answer with
 * the API's message on failure so the form can show it as it is.
 */
export interface SessionInfo {
  user: { email: string; role: string; departments: string[] } | null;
  csrfToken: string | null;
  setupNeeded: boolean;
  oidc: boolean;
}

export async function sessionInfo(fetcher: typeof fetch = fetch): Promise<SessionInfo> {
  const response = await fetcher('/api/auth/session');
  if (!response.ok) throw new Error(`The server answered ${response.status}.`);
  return (await response.json()) as SessionInfo;
}

async function post(path: string, body: unknown): Promise<void> {
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch {
    throw new Error('The Switchboard server did not answer. Is it still running?');
  }
  if (!response.ok) {
    const payload = (await response.json().catch(() => ({}))) as { message?: string };
    throw new Error(payload.message ?? `The server answered ${response.status}.`);
  }
}

export const signIn = (email: string, password: string) => post('/api/auth/signin', { email, password });
export const setUp = (email: string, password: string, displayName: string) =>
  post('/api/auth/setup', displayName ? { email, password, displayName } : { email, password });

/** Only same-site paths: a `next` parameter never sends anyone to another site. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

const ERRORS: Record<string, string> = {
  SB_ERR_OIDC_NO_ACCOUNT: 'Your district account has no Switchboard access yet. Ask an admin to add you.',
  SB_ERR_OIDC_STATE: 'That sign-in expired or was started elsewhere. Please try again.',
  SB_ERR_OIDC_DENIED: 'The identity provider did not sign you in.',
  SB_ERR_OIDC_NO_EMAIL: 'The identity provider did not share a verified email.',
  SB_ERR_OIDC_FAILED: 'The identity provider answered in a way Switchboard could not accept.',
  SB_ERR_OIDC_UNREACHABLE: 'The identity provider could not be reached.',
};

export function signInErrorText(code: string | null): string | null {
  return code ? (ERRORS[code] ?? 'Sign-in failed. Please try again.') : null;
}
