// The OpenID Connect relying party for itsme: authorization code flow with PKCE (S256), state and nonce,
// client authentication with private_key_jwt (a client assertion signed with the operator's key), and
// the ID token checked by openid-client against the provider's discovery document and JWKS (signature,
// issuer, audience, expiry, nonce). Discovery is lazy and cached, so the backend starts even while the
// provider is unreachable.
import * as oidc from 'openid-client';
import { importJWK, type JWK } from 'jose';
import type { ErrorCode } from '../../src/contract/errors.ts';

export interface ItsmeSettings {
  /** The provider's issuer URL (its discovery document is at /.well-known/openid-configuration). */
  readonly issuer: string;
  readonly clientId: string;
  /** The operator's private key as a JWK with `kid` and `alg`; its public half is registered with the provider. */
  readonly privateJwk: JWK;
  readonly scope: string;
  /** The claim holding the Belgian national number (itsme: http://itsme.services/v2/claim/BENationalNumber). */
  readonly nationalNumberClaim: string;
  /** Only for a local test provider over http, in development. */
  readonly allowHttp: boolean;
}

export interface AuthorizationStart {
  readonly authorizeUrl: string;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

export type AuthorizationOutcome =
  | { readonly ok: true; readonly nationalNumber: string | null }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

export interface RelyingParty {
  start(redirectUri: string): Promise<AuthorizationStart>;
  finish(callbackUrl: URL, expected: { state: string; nonce: string; codeVerifier: string }): Promise<AuthorizationOutcome>;
}

export function createRelyingParty(settings: ItsmeSettings): RelyingParty {
  let configuration: Promise<oidc.Configuration> | undefined;
  const discover = () => {
    configuration ??= discoverProvider(settings).catch((error: unknown) => {
      configuration = undefined; // try again on the next login
      throw error;
    });
    return configuration;
  };

  return {
    async start(redirectUri) {
      const config = await discover();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const authorizeUrl = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
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
        if (!claims) return { ok: false, code: 'ITSME_ID_TOKEN_INVALID', message: 'no ID token' };
        // itsme (like most providers) returns identity claims from the userinfo endpoint; the subject
        // there must be the ID token's (openid-client checks it).
        const value = claims[settings.nationalNumberClaim] ?? (await oidc.fetchUserInfo(config, tokens.access_token, claims.sub))[settings.nationalNumberClaim];
        const nationalNumber = typeof value === 'string' ? value.replace(/\D/g, '') : null;
        return { ok: true, nationalNumber: nationalNumber && nationalNumber.length === 11 ? nationalNumber : null };
      } catch (error) {
        return { ok: false, ...classify(error) };
      }
    },
  };
}

/** Discovery and client authentication, shared with the helpdesk's sign-in (server/helpdesk/agent-sign-in.ts). */
export async function discoverProvider(settings: Pick<ItsmeSettings, 'issuer' | 'clientId' | 'privateJwk' | 'allowHttp'>): Promise<oidc.Configuration> {
  const key = await importJWK(settings.privateJwk, settings.privateJwk.alg);
  if (!(key instanceof CryptoKey)) throw new Error('the client key must be an asymmetric private JWK');
  const configuration = await oidc.discovery(
    new URL(settings.issuer),
    settings.clientId,
    { token_endpoint_auth_method: 'private_key_jwt' },
    oidc.PrivateKeyJwt({ key, ...(settings.privateJwk.kid ? { kid: settings.privateJwk.kid } : {}) }),
    settings.allowHttp ? { execute: [oidc.allowInsecureRequests] } : undefined,
  );
  // By default only TLS vouches for an ID token from the token endpoint; we also verify its signature
  // against the provider's JWKS, as the contract with MyVivium asks.
  oidc.enableNonRepudiationChecks(configuration);
  const metadata = configuration.serverMetadata();
  // Client authentication as the provider's discovery document requires: refuse to run otherwise.
  if (!metadata.token_endpoint_auth_methods_supported?.includes('private_key_jwt')) throw new Error('the provider does not offer private_key_jwt client authentication');
  if (!metadata.code_challenge_methods_supported?.includes('S256')) throw new Error('the provider does not announce PKCE S256');
  return configuration;
}

function classify(error: unknown): { code: ErrorCode; message: string } {
  if (error instanceof oidc.AuthorizationResponseError) return { code: 'ITSME_PROVIDER_ERROR', message: `provider answered ${error.error}` };
  if (error instanceof oidc.ResponseBodyError) {
    return error.error === 'invalid_grant'
      ? { code: 'ITSME_CODE_INVALID', message: 'the authorization code was refused (used, expired or not ours)' }
      : { code: 'ITSME_PROVIDER_ERROR', message: `token endpoint answered ${error.error}` };
  }
  const code = (error as { code?: string }).code ?? '';
  const message = `${code} ${(error as Error).message ?? ''}`.trim();
  // Reaching the provider failed, or it answered something that is not a token response at all.
  if (error instanceof TypeError || code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || code === 'OAUTH_RESPONSE_IS_NOT_JSON' || /^E[A-Z]+$/.test(code)) {
    return { code: 'ITSME_PROVIDER_ERROR', message: `provider exchange failed: ${message}` };
  }
  // Everything else is the token answer failing a check: ID token signature, issuer, audience, expiry, nonce.
  return { code: 'ITSME_ID_TOKEN_INVALID', message: `ID token refused: ${message}` };
}
