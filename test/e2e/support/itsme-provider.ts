// A real OpenID provider (oidc-provider) on 127.0.0.1 standing in for itsme, with test users whose
// national numbers match the backend's seeded customers. The backend authenticates with
// private_key_jwt; the provider learns the backend's callback once the backend is up.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

const NATIONAL_NUMBER_CLAIM = 'http://itsme.services/v2/claim/BENationalNumber';
/** Test users: "eva" is the seeded customer who still needs onboarding. */
const USERS: Record<string, string> = { eva: '85051200203' };

export interface ItsmeProvider {
  readonly issuer: string;
  /** What the backend needs to use this provider (ITSME_* settings). */
  readonly serverEnv: Readonly<Record<string, string>>;
  /** Registers the backend's callback and starts answering. */
  serve(backendUrl: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startItsmeProvider(): Promise<ItsmeProvider> {
  const http: Server = createServer();
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  const issuer = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const dir = mkdtempSync(join(tmpdir(), 'e2e-itsme-'));
  const client = await generateKeyPair('RS256', { extractable: true });
  writeFileSync(join(dir, 'client.jwk'), JSON.stringify({ ...(await exportJWK(client.privateKey)), kid: 'myvivium-1', alg: 'RS256' }), { mode: 0o600 });
  const publicJwk = { ...(await exportJWK(client.publicKey)), kid: 'myvivium-1', alg: 'RS256', use: 'sig' };
  const providerKey = await generateKeyPair('RS256', { extractable: true });
  const providerJwk = { ...(await exportJWK(providerKey.privateKey)), kid: 'provider-1', alg: 'RS256', use: 'sig' };

  return {
    issuer,
    serverEnv: { ITSME_ISSUER: issuer, ITSME_CLIENT_ID: 'myvivium', ITSME_PRIVATE_JWK_FILE: join(dir, 'client.jwk'), ITSME_SCOPE: 'openid profile' },
    async serve(backendUrl) {
      const provider = new Provider(issuer, {
        clients: [{
          client_id: 'myvivium',
          token_endpoint_auth_method: 'private_key_jwt',
          jwks: { keys: [publicJwk] },
          redirect_uris: [`${backendUrl}/api/auth/itsme/callback`],
          response_types: ['code'],
          grant_types: ['authorization_code'],
        }],
        jwks: { keys: [providerJwk] },
        pkce: { required: () => true },
        claims: { openid: ['sub'], profile: ['name', NATIONAL_NUMBER_CLAIM] },
        cookies: { keys: ['e2e-cookie-key'] },
        features: { devInteractions: { enabled: true } },
        async findAccount(_context, id) {
          return { accountId: id, claims: async () => ({ sub: id, name: id, ...(USERS[id] ? { [NATIONAL_NUMBER_CLAIM]: USERS[id] } : {}) }) };
        },
      });
      http.on('request', provider.callback());
    },
    stop: () => new Promise((resolve) => http.close(() => resolve())),
  };
}
