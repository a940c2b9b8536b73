// How helpdesk agents prove who they are. Production: the company's OpenID Connect provider, the same
// flow as itsme's relying party (authorization code, PKCE S256, state, nonce, private_key_jwt, the ID
// token's signature checked against the provider's keys); the agent is named by one claim (e-mail by
// default). Development: a token from the configuration, so tests and the demo need no provider.
import * as oidc from 'openid-client';
import type { JWK } from 'jose';
import { timingSafeEqualText } from '../keyed-hash.ts';
import { discoverProvider } from '../itsme/relying-party.ts';

export interface OidcAgentSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly privateJwk: JWK;
  readonly scope: string;
  /** The ID token (or userinfo) claim that names the agent in the audit log. */
  readonly agentClaim: string;
  readonly allowHttp: boolean;
}

export interface OidcAgentSignIn {
  readonly kind: 'oidc';
  start(redirectUri: string): Promise<{ authorizeUrl: string; state: string; nonce: string; codeVerifier: string }>;
  /** The agent's name, or null when the provider's answer does not hold up. */
  finish(callbackUrl: URL, expected: { state: string; nonce: string; codeVerifier: string }): Promise<string | null>;
  /** This server's callback URL, as registered with the provider. */
  readonly redirectUri: () => string;
}

export interface TokenAgentSignIn {
  readonly kind: 'dev-token';
  /** The agent's name when the token is the configured one. */
  check(token: string): string | null;
}

export type AgentSignIn = OidcAgentSignIn | TokenAgentSignIn;

export function createTokenSignIn(token: string): TokenAgentSignIn {
  return { kind: 'dev-token', check: (typed) => (timingSafeEqualText(typed, token) ? 'development token' : null) };
}

export function createOidcSignIn(settings: OidcAgentSettings, redirectUri: () => string): OidcAgentSignIn {
  let configuration: Promise<oidc.Configuration> | undefined;
  const discover = () => {
    configuration ??= discoverProvider(settings).catch((error: unknown) => {
      configuration = undefined;
      throw error;
    });
    return configuration;
  };
  return {
    kind: 'oidc',
    redirectUri,
    async start(redirect) {
      const config = await discover();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const authorizeUrl = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirect,
        scope: settings.scope,
        response_type: 'code',
        state,
        nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
      return { authorizeUrl: authorizeUrl.toString(), state, nonce, codeVerifier };
    },
    async finish(callbackUrl, expected) {
      try {
        const config = await discover();
        const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: expected.codeVerifier,
          expectedState: expected.state,
          expectedNonce: expected.nonce,
          idTokenExpected: true,
        });
        const claims = tokens.claims();
        if (!claims) return null;
        const value = claims[settings.agentClaim] ?? (await oidc.fetchUserInfo(config, tokens.access_token, claims.sub))[settings.agentClaim];
        return typeof value === 'string' && value.length > 0 && value.length <= 254 ? value : null;
      } catch {
        return null;
      }
    },
  };
}
