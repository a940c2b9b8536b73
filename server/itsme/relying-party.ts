// The OpenID Connect relying party for itsme, as itsme's partner onboarding asks: the authorization
// code flow with PKCE (S256), state and nonce; the request as a request object signed with our key
// (RS256, openid-client's JAR) and then encrypted to the provider's encryption key (RSA-OAEP-256, jose);
// client authentication with private_key_jwt; ID token and userinfo answers signed by the provider
// (RS256 only, checked against its JWKS) and encrypted to our encryption key — a plain answer is refused.
//
// `connect()` discovers the provider and refuses, with one line, a provider that does not offer all of
// that (ItsmeSetupError). The backend calls it at start; when the provider cannot be reached then, the
// backend still starts and every login tries again (ItsmeUnreachableError → ITSME_UNAVAILABLE).
import * as oidc from 'openid-client';
import { CompactEncrypt, importJWK, type CryptoKey, type JWK } from 'jose';
import type { ErrorCode } from '../../src/contract/errors.ts';
import { ENCRYPTION_ALG, SIGNING_ALG, type ItsmeKeys } from './keys.ts';

/** itsme's content encryption for request objects and for the answers it encrypts to us. */
export const CONTENT_ENCRYPTION = 'A128CBC-HS256';
/** How long the provider's public keys are trusted before they are fetched again. */
const PROVIDER_KEYS_TTL_MS = 10 * 60_000;
const FETCH_TIMEOUT_MS = 10_000;

export interface ItsmeSettings {
  /** The provider's issuer URL (its discovery document is at /.well-known/openid-configuration). */
  readonly issuer: string;
  readonly clientId: string;
  readonly keys: ItsmeKeys;
  /** The itsme service code of this partner: sent as the scope `service:<code>`. */
  readonly serviceCode: string;
  /** Scopes besides `openid` and `service:…` (e.g. `eid`, where the contract allows it). */
  readonly extraScopes: readonly string[];
  /** The userinfo claim holding the Belgian national number (itsme: http://itsme.services/v2/claim/BENationalNumber). */
  readonly nationalNumberClaim: string;
  /** Asked for as `acr_values` and required in the ID token's `acr`; none: not asked, not checked. */
  readonly acrValues: readonly string[];
  /** Only for a local provider over http, in development and tests. */
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
  /** Discovers the provider and checks it offers what itsme's flow needs. */
  connect(): Promise<void>;
  start(redirectUri: string): Promise<AuthorizationStart>;
  finish(callbackUrl: URL, expected: { state: string; nonce: string; codeVerifier: string }): Promise<AuthorizationOutcome>;
}

/** The provider answered, but does not offer what we need: the backend must not run like this. */
export class ItsmeSetupError extends Error {
  override readonly name = 'ItsmeSetupError';
}

/** The provider could not be reached (or answered no discovery document). */
export class ItsmeUnreachableError extends Error {
  override readonly name = 'ItsmeUnreachableError';
}

interface Connection {
  readonly config: oidc.Configuration;
  providerKey: { key: CryptoKey; kid: string | undefined; fetchedAt: number };
}

export function createRelyingParty(settings: ItsmeSettings): RelyingParty {
  let connection: Promise<Connection> | undefined;
  const connect = () => {
    connection ??= discover(settings).catch((error: unknown) => {
      connection = undefined; // try again on the next login
      throw error;
    });
    return connection;
  };
  const scope = ['openid', `service:${settings.serviceCode}`, ...settings.extraScopes].join(' ');

  return {
    async connect() {
      await connect();
    },

    async start(redirectUri) {
      const current = await connect();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const parameters: Record<string, string> = {
        redirect_uri: redirectUri,
        response_type: 'code',
        scope,
        state,
        nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        claims: JSON.stringify({ userinfo: { [settings.nationalNumberClaim]: { essential: true } } }),
        ...(settings.acrValues.length > 0 ? { acr_values: settings.acrValues.join(' ') } : {}),
      };
      const signed = await oidc.buildAuthorizationUrlWithJAR(current.config, parameters, { key: settings.keys.signing.key, kid: settings.keys.signing.kid });
      const providerKey = await encryptionKeyOf(current, settings);
      const encrypted = await new CompactEncrypt(new TextEncoder().encode(signed.searchParams.get('request')!))
        .setProtectedHeader({ alg: ENCRYPTION_ALG, enc: CONTENT_ENCRYPTION, cty: 'JWT', ...(providerKey.kid ? { kid: providerKey.kid } : {}) })
        .encrypt(providerKey.key);
      // OpenID Connect wants client_id, response_type and scope outside the request object too.
      const authorizeUrl = new URL(signed.origin + signed.pathname);
      authorizeUrl.search = new URLSearchParams({ client_id: settings.clientId, response_type: 'code', scope, request: encrypted }).toString();
      return { authorizeUrl: authorizeUrl.toString(), state, nonce, codeVerifier };
    },

    async finish(callbackUrl, expected) {
      try {
        const { config } = await connect();
        const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: expected.codeVerifier,
          expectedState: expected.state,
          expectedNonce: expected.nonce,
          idTokenExpected: true,
        });
        // openid-client opens an encrypted ID token but also takes a plain one: itsme always encrypts.
        if (!oidc.getDecryptedResponses(tokens)?.id_token?.token_endpoint) return refused('the ID token was not encrypted to us');
        const claims = tokens.claims()!;
        if (settings.acrValues.length > 0 && !settings.acrValues.includes(String(claims.acr))) return refused(`the ID token's acr ${String(claims.acr)} is not one we asked for`);
        // The national number comes from userinfo, whose subject openid-client checks against the ID token's.
        const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
        if (!oidc.getDecryptedResponses(userinfo)) return refused('the userinfo answer was not signed and encrypted to us');
        const value = userinfo[settings.nationalNumberClaim];
        const nationalNumber = typeof value === 'string' ? value.replace(/\D/g, '') : null;
        return { ok: true, nationalNumber: nationalNumber && nationalNumber.length === 11 ? nationalNumber : null };
      } catch (error) {
        return { ok: false, ...classify(error) };
      }
    },
  };
}

function refused(message: string): AuthorizationOutcome {
  return { ok: false, code: 'ITSME_ID_TOKEN_INVALID', message };
}

async function discover(settings: ItsmeSettings): Promise<Connection> {
  const { keys } = settings;
  let config: oidc.Configuration;
  try {
    config = await oidc.discovery(
      new URL(settings.issuer),
      settings.clientId,
      {
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: SIGNING_ALG,
        id_token_signed_response_alg: SIGNING_ALG,
        userinfo_signed_response_alg: SIGNING_ALG,
        request_object_signing_alg: SIGNING_ALG,
      },
      oidc.PrivateKeyJwt({ key: keys.signing.key, kid: keys.signing.kid }),
      { timeout: FETCH_TIMEOUT_MS / 1000, ...(settings.allowHttp ? { execute: [oidc.allowInsecureRequests] } : {}) },
    );
  } catch (error) {
    const message = error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : String(error);
    // An answer that is not a discovery document for this issuer is a set-up error; no answer is not.
    if (error instanceof oidc.ClientError && (error as { code?: string }).code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED') throw new ItsmeSetupError(`the itsme provider at ${settings.issuer} answered for another issuer`);
    throw new ItsmeUnreachableError(`the itsme provider at ${settings.issuer} cannot be reached (${message})`);
  }
  const missing = missingFeatures(config.serverMetadata(), settings);
  if (missing.length > 0) throw new ItsmeSetupError(`the itsme provider at ${settings.issuer} does not offer ${missing.join(', ')}`);
  // Without this, only TLS vouches for an ID token from the token endpoint; we check its signature too.
  oidc.enableNonRepudiationChecks(config);
  oidc.enableDecryptingResponses(config, [CONTENT_ENCRYPTION], ...keys.decryption.map(({ key, kid, alg }) => ({ key, kid, alg })));
  return { config, providerKey: await fetchProviderKey(config, settings) };
}

/** What itsme's flow needs from the provider's discovery document, missing ones named as in it. */
function missingFeatures(metadata: oidc.ServerMetadata, settings: ItsmeSettings): string[] {
  const offers = (field: keyof oidc.ServerMetadata, value: string) => {
    const list = metadata[field];
    return Array.isArray(list) && (list as unknown[]).includes(value);
  };
  const needs: Array<[boolean, string]> = [
    [typeof metadata.authorization_endpoint === 'string', 'authorization_endpoint'],
    [typeof metadata.token_endpoint === 'string', 'token_endpoint'],
    [typeof metadata.userinfo_endpoint === 'string', 'userinfo_endpoint'],
    [typeof metadata.jwks_uri === 'string', 'jwks_uri'],
    [offers('response_types_supported', 'code'), 'response_types_supported code'],
    [offers('token_endpoint_auth_methods_supported', 'private_key_jwt'), 'token_endpoint_auth_methods_supported private_key_jwt'],
    [metadata.token_endpoint_auth_signing_alg_values_supported === undefined || offers('token_endpoint_auth_signing_alg_values_supported', SIGNING_ALG), `token_endpoint_auth_signing_alg_values_supported ${SIGNING_ALG}`],
    [offers('code_challenge_methods_supported', 'S256'), 'code_challenge_methods_supported S256'],
    [metadata.request_parameter_supported === true, 'request_parameter_supported'],
    [metadata.claims_parameter_supported === true, 'claims_parameter_supported'],
    [offers('request_object_signing_alg_values_supported', SIGNING_ALG), `request_object_signing_alg_values_supported ${SIGNING_ALG}`],
    [offers('request_object_encryption_alg_values_supported', ENCRYPTION_ALG), `request_object_encryption_alg_values_supported ${ENCRYPTION_ALG}`],
    [offers('request_object_encryption_enc_values_supported', CONTENT_ENCRYPTION), `request_object_encryption_enc_values_supported ${CONTENT_ENCRYPTION}`],
    [offers('id_token_signing_alg_values_supported', SIGNING_ALG), `id_token_signing_alg_values_supported ${SIGNING_ALG}`],
    [offers('id_token_encryption_alg_values_supported', ENCRYPTION_ALG), `id_token_encryption_alg_values_supported ${ENCRYPTION_ALG}`],
    [offers('userinfo_signing_alg_values_supported', SIGNING_ALG), `userinfo_signing_alg_values_supported ${SIGNING_ALG}`],
    [offers('userinfo_encryption_alg_values_supported', ENCRYPTION_ALG), `userinfo_encryption_alg_values_supported ${ENCRYPTION_ALG}`],
    ...settings.acrValues.map((acr): [boolean, string] => [offers('acr_values_supported', acr), `acr_values_supported ${acr}`]),
  ];
  return needs.filter(([ok]) => !ok).map(([, name]) => name);
}

/** The provider's current encryption key, fetched again once it is older than PROVIDER_KEYS_TTL_MS. */
async function encryptionKeyOf(connection: Connection, settings: ItsmeSettings): Promise<Connection['providerKey']> {
  if (Date.now() - connection.providerKey.fetchedAt > PROVIDER_KEYS_TTL_MS) connection.providerKey = await fetchProviderKey(connection.config, settings);
  return connection.providerKey;
}

async function fetchProviderKey(config: oidc.Configuration, settings: ItsmeSettings): Promise<Connection['providerKey']> {
  const jwksUri = config.serverMetadata().jwks_uri!;
  let body: unknown;
  try {
    const response = await fetch(jwksUri, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    body = await response.json();
  } catch (error) {
    throw new ItsmeUnreachableError(`the itsme provider's keys at ${jwksUri} cannot be fetched (${(error as Error).message})`);
  }
  const keys = (body as { keys?: unknown } | null)?.keys;
  const jwk = Array.isArray(keys)
    ? (keys as JWK[]).find((k) => k.kty === 'RSA' && k.use === 'enc' && (k.alg === undefined || k.alg === ENCRYPTION_ALG))
    : undefined;
  if (!jwk) throw new ItsmeSetupError(`the itsme provider at ${settings.issuer} publishes no RSA encryption key for ${ENCRYPTION_ALG}`);
  const key = await importJWK({ kty: jwk.kty, n: jwk.n, e: jwk.e }, ENCRYPTION_ALG);
  return { key: key as CryptoKey, kid: jwk.kid, fetchedAt: Date.now() };
}

function classify(error: unknown): { code: ErrorCode; message: string } {
  if (error instanceof ItsmeUnreachableError) return { code: 'ITSME_UNAVAILABLE', message: error.message };
  if (error instanceof ItsmeSetupError) return { code: 'ITSME_PROVIDER_ERROR', message: error.message };
  if (error instanceof oidc.AuthorizationResponseError) return { code: 'ITSME_PROVIDER_ERROR', message: `provider answered ${error.error}` };
  if (error instanceof oidc.ResponseBodyError) {
    return error.error === 'invalid_grant'
      ? { code: 'ITSME_CODE_INVALID', message: 'the authorization code was refused (used, expired or not ours)' }
      : { code: 'ITSME_PROVIDER_ERROR', message: `provider answered ${error.error}` };
  }
  const code = (error as { code?: string }).code ?? '';
  const message = `${code} ${(error as Error).message ?? ''}`.trim();
  // Reaching the provider failed.
  if (error instanceof TypeError || /^E[A-Z]+$/.test(code) || (error as Error).name === 'TimeoutError') {
    return { code: 'ITSME_UNAVAILABLE', message: `the provider cannot be reached: ${message}` };
  }
  if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || code === 'OAUTH_RESPONSE_IS_NOT_JSON') return { code: 'ITSME_PROVIDER_ERROR', message: `provider exchange failed: ${message}` };
  // Everything else is an answer failing a check: decryption, signature, alg, issuer, audience, expiry, nonce.
  return { code: 'ITSME_ID_TOKEN_INVALID', message: `answer refused: ${message}` };
}
