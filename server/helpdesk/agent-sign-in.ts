// How helpdesk agents prove who they are. Production: the company's OpenID Connect provider with the
// authorization code flow (PKCE S256, state, nonce, private_key_jwt, the ID
// token's signature checked against the provider's keys); the agent is named by one claim (e-mail by
// default). Development: a token from the configuration, so tests and the demo need no provider.
import * as oidc from 'openid-client';
import { importJWK, type JWK } from 'jose';
import { timingSafeEqualText } from '../keyed-hash.ts';

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

/** Discovery and client authentication (private_key_jwt), refusing a provider without PKCE S256. */
async function discoverProvider(settings: OidcAgentSettings): Promise<oidc.Configuration> {
  const key = await importJWK(settings.privateJwk, settings.privateJwk.alg);
  if (key instanceof Uint8Array) throw new Error('the client key must be an asymmetric private JWK');
  const configuration = await oidc.discovery(
    new URL(settings.issuer),
    settings.clientId,
    { token_endpoint_auth_method: 'private_key_jwt' },
    oidc.PrivateKeyJwt({ key, ...(settings.privateJwk.kid ? { kid: settings.privateJwk.kid } : {}) }),
    settings.allowHttp ? { execute: [oidc.allowInsecureRequests] } : undefined,
  );
  // By default only TLS vouches for an ID token from the token endpoint; we also verify its signature
  // against the provider's JWKS.
  oidc.enableNonRepudiationChecks(configuration);
  const metadata = configuration.serverMetadata();
  if (!metadata.token_endpoint_auth_methods_supported?.includes('private_key_jwt')) throw new Error('the provider does not offer private_key_jwt client authentication');
  if (!metadata.code_challenge_methods_supported?.includes('S256')) throw new Error('the provider does not announce PKCE S256');
  return configuration;
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
