/**
 * OpenID Connect sign-in (authorization code flow with PKCE, state and nonce) through
 * openid-client. The provider is discovered on first use, so the dashboard starts even
 * when the district's identity provider is down. A pending sign-in (state, PKCE verifier,
 * nonce) is kept server-side for ten minutes and used once; the browser also carries the
 * state in a short-lived cookie, so a callback opened in another browser is refused.
 *
 * People are matched by the verified email in the ID token to an account an admin created
 * (role and departments come from that account, never from the provider).
 */
import * as client from 'openid-client';
import type { Queryable } from '#core/db/database.ts';
import { findUser, type User } from './accounts.ts';

export interface OidcOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends the browser back: https://dashboard.example.org/api/auth/oidc/callback */
  redirectUri: string;
  /** Allow an http:// issuer (a provider on loopback in tests and labs). */
  allowInsecure?: boolean;
}

export class OidcError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

const PENDING_MINUTES = 10;

/** SWITCHBOARD_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET, _REDIRECT_URI: all four, or no single sign-on. */
export function oidcFromEnv(env: NodeJS.ProcessEnv): OidcOptions | undefined {
  const issuer = env.SWITCHBOARD_OIDC_ISSUER;
  const clientId = env.SWITCHBOARD_OIDC_CLIENT_ID;
  const clientSecret = env.SWITCHBOARD_OIDC_CLIENT_SECRET;
  const redirectUri = env.SWITCHBOARD_OIDC_REDIRECT_URI;
  if (!issuer || !clientId || !clientSecret || !redirectUri) return undefined;
  return { issuer, clientId, clientSecret, redirectUri, allowInsecure: new URL(issuer).hostname === '127.0.0.1' };
}

export class OidcSignIn {
  private config: Promise<client.Configuration> | null = null;

  constructor(readonly options: OidcOptions) {}

  private configuration(): Promise<client.Configuration> {
    this.config ??= client
      .discovery(new URL(this.options.issuer), this.options.clientId, this.options.clientSecret, undefined, {
        execute: this.options.allowInsecure ? [client.allowInsecureRequests] : [],
        timeout: 10,
      })
      .catch((e) => {
        this.config = null;
        throw e;
      });
    return this.config;
  }

  /** The provider's authorization URL for a new sign-in, and its state for the browser cookie. */
  async start(db: Queryable): Promise<{ url: string; state: string }> {
    const config = await this.configuration();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    await db.run('DELETE FROM oidc_pending WHERE expires_at < now()');
    await db.run(`INSERT INTO oidc_pending VALUES ($1, $2, $3, now() + INTERVAL ${PENDING_MINUTES} MINUTE)`, [state, codeVerifier, nonce]);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.options.redirectUri,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state };
  }

  /** Finishes a sign-in from the callback's query string; returns the account it maps to. */
  async finish(db: Queryable, query: string, browserState: string | undefined): Promise<User> {
    const params = new URLSearchParams(query);
    const state = params.get('state') ?? '';
    if (params.get('error')) throw new OidcError('SB_ERR_OIDC_DENIED', `the identity provider refused: ${params.get('error')}`);
    if (!browserState || browserState !== state) throw new OidcError('SB_ERR_OIDC_STATE', 'this sign-in was not started in this browser');
    const pending = await db.all<{ code_verifier: string; nonce: string }>(
      'DELETE FROM oidc_pending WHERE state = $1 AND expires_at > now() RETURNING code_verifier, nonce',
      [state],
    );
    if (!pending.length) throw new OidcError('SB_ERR_OIDC_STATE', 'this sign-in expired or was already used; start again');
    const config = await this.configuration();
    const callback = new URL(this.options.redirectUri);
    callback.search = params.toString();
    let claims: Record<string, unknown> | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: pending[0].code_verifier,
        expectedState: state,
        expectedNonce: pending[0].nonce,
        idTokenExpected: true,
      });
      const id = tokens.claims();
      claims = id;
      // Providers that follow the spec strictly put scope claims in userinfo, not the ID token.
      if (id && typeof id.email !== 'string') claims = await client.fetchUserInfo(config, tokens.access_token, id.sub);
    } catch (e) {
      throw new OidcError('SB_ERR_OIDC_FAILED', `the identity provider's answer was not accepted (${(e as Error).message})`);
    }
    const email = typeof claims?.email === 'string' ? claims.email : '';
    if (!email || claims?.email_verified === false) throw new OidcError('SB_ERR_OIDC_NO_EMAIL', 'the identity provider sent no verified email');
    const user = await findUser(db, email);
    if (!user || user.disabled) throw new OidcError('SB_ERR_OIDC_NO_ACCOUNT', `no Switchboard account for ${email}; ask an admin to add you`);
    return user;
  }
}
