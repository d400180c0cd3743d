/**
 * The sign-in, first-admin and new-password requests, kept out of the .svelte files. Each
 * answers with the API's message on failure so the form can show it as it is.
 */
import { csrfHeader } from '$lib/api';

export interface SessionInfo {
  user: { email: string; role: string; departments: string[] } | null;
  csrfToken: string | null;
  /** Signed in with a temporary password an admin gave: only /password answers until one is chosen. */
  passwordChangeRequired: boolean;
  setupNeeded: boolean;
  oidc: boolean;
}

export async function sessionInfo(fetcher: typeof fetch = fetch): Promise<SessionInfo> {
  const response = await fetcher('/api/auth/session');
  if (!response.ok) throw new Error(`The server answered ${response.status}.`);
  return (await response.json()) as SessionInfo;
}

/** What signing in (or choosing a password) answers. */
export interface SignedIn {
  passwordChangeRequired: boolean;
}

async function post<T = unknown>(path: string, body: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', headers: { ...csrfHeader(), 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch {
    throw new Error('The Switchboard server did not answer. Is it still running?');
  }
  if (!response.ok) {
    const payload = (await response.json().catch(() => ({}))) as { message?: string };
    throw new Error(payload.message ?? `The server answered ${response.status}.`);
  }
  return (await response.json()) as T;
}

export const signIn = (email: string, password: string) => post<SignedIn>('/api/auth/signin', { email, password });
/** The signed-in person's own password in place of the current (temporary) one; the session is renewed. */
export const choosePassword = (currentPassword: string, newPassword: string) =>
  post<SignedIn>('/api/auth/password', { currentPassword, newPassword });

/** The new-password page, keeping where the person was going. */
export const passwordPage = (next: string) => (next === '/' ? '/password' : `/password?next=${encodeURIComponent(next)}`);
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
