// A local stand-in for itsme: a real OpenID provider (oidc-provider) held to what itsme asks of its
// partners. It accepts only request objects that are signed (RS256) and encrypted to its key
// (RSA-OAEP-256) and carry the `service:<code>` scope, authenticates the client with private_key_jwt
// only, requires PKCE S256, signs ID tokens and userinfo with RS256 and encrypts both to the client's
// `enc` key (read from the client's JWKS URL, as itsme does), and lets codes live 3 minutes.
// Instead of itsme's app, a page lets you pick one of the demo people. Used by the tests and by
// `npm run demo`; it is not itsme and never talks to itsme.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { compactDecrypt, decodeProtectedHeader, exportJWK, generateKeyPair, type CryptoKey, type ProtectedHeaderParameters } from 'jose';
import Provider, { errors } from 'oidc-provider';
import { createAgingStorage } from './memory-adapter.ts';
import { personPage } from './person-page.ts';

export const NATIONAL_NUMBER_CLAIM = 'http://itsme.services/v2/claim/BENationalNumber';
export const ACR_BASIC = 'http://itsme.services/V2/claim/acr_basic';
export const ACR_ADVANCED = 'http://itsme.services/V2/claim/acr_advanced';
export const CLIENT_ID = 'myvivium-stand-in';
export const SERVICE_CODE = 'MYVIVIUM_LOGIN';
const SIG = 'RS256';
const ENC_ALG = 'RSA-OAEP-256';
const ENC = 'A128CBC-HS256';
/** itsme's authorization codes live 3 minutes. */
export const CODE_TTL_SECONDS = 180;

export interface DemoPerson {
  readonly id: string;
  readonly name: string;
  readonly nationalNumber: string;
}

/** The backend's seeded customers (server/seed.ts) and one person MyVivium does not know. */
export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { id: 'eva', name: 'Eva Demo Specimen', nationalNumber: '85051200203' },
  { id: 'jan', name: 'Jan Demo Specimen', nationalNumber: '90010100123' },
  { id: 'luc', name: 'Luc Demo Specimen', nationalNumber: '93051822361' },
  { id: 'stranger', name: 'Sam Unknown', nationalNumber: '79020400145' },
];

export interface StandInOptions {
  /** The backend: its itsme callback and its key set are registered for the client. */
  readonly redirectUri: string;
  readonly jwksUri: string;
  readonly port?: number;
}

type Middleware = (context: { path: string; method: string; body: unknown; type: string; status: number; query: Record<string, unknown> }, next: () => Promise<void>) => Promise<void>;

export interface ItsmeStandIn {
  readonly issuer: string;
  readonly clientId: string;
  readonly serviceCode: string;
  /** The provider's signing key (private), for tests that play a provider gone wrong or a man in the middle. */
  readonly signingKey: CryptoKey;
  /** Opens an encrypted request object as the provider does: the JWE header and the inner JWS. */
  openRequestObject(jwe: string): Promise<{ jweHeader: ProtectedHeaderParameters; jws: string }>;
  /** Koa middleware around every provider endpoint (tests spoil answers with it). */
  use(middleware: Middleware): void;
  /** Makes every stored authorization code `seconds` older. */
  ageCodes(seconds: number): void;
  /** Lets the cached copy of the client's key set expire, as it does after its max-age: the next use fetches it again. */
  expireClientKeys(): Promise<void>;
  stop(): Promise<void>;
}

export async function startItsmeStandIn(options: StandInOptions): Promise<ItsmeStandIn> {
  const http: Server = createServer();
  await new Promise<void>((resolve) => http.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = http.address();
  const issuer = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const signing = await generateKeyPair(SIG, { extractable: true });
  const encryption = await generateKeyPair(ENC_ALG, { extractable: true });
  const storage = createAgingStorage();

  const provider = new Provider(issuer, {
    adapter: storage.adapter,
    clients: [{
      client_id: CLIENT_ID,
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: SIG,
      jwks_uri: options.jwksUri,
      redirect_uris: [options.redirectUri],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      require_signed_request_object: true,
      request_object_signing_alg: SIG,
      request_object_encryption_alg: ENC_ALG,
      request_object_encryption_enc: ENC,
      id_token_signed_response_alg: SIG,
      id_token_encrypted_response_alg: ENC_ALG,
      id_token_encrypted_response_enc: ENC,
      userinfo_signed_response_alg: SIG,
      userinfo_encrypted_response_alg: ENC_ALG,
      userinfo_encrypted_response_enc: ENC,
    }],
    jwks: {
      keys: [
        { ...(await exportJWK(signing.privateKey)), kid: 'stand-in-sig-1', alg: SIG, use: 'sig' },
        { ...(await exportJWK(encryption.privateKey)), kid: 'stand-in-enc-1', alg: ENC_ALG, use: 'enc' },
      ],
    },
    clientAuthMethods: ['private_key_jwt'],
    enabledJWA: {
      clientAuthSigningAlgValues: [SIG],
      idTokenSigningAlgValues: [SIG],
      userinfoSigningAlgValues: [SIG],
      requestObjectSigningAlgValues: [SIG],
      requestObjectEncryptionAlgValues: [ENC_ALG],
      requestObjectEncryptionEncValues: [ENC],
      idTokenEncryptionAlgValues: [ENC_ALG],
      idTokenEncryptionEncValues: [ENC],
      userinfoEncryptionAlgValues: [ENC_ALG],
      userinfoEncryptionEncValues: [ENC],
    },
    features: {
      devInteractions: { enabled: false },
      encryption: { enabled: true },
      jwtUserinfo: { enabled: true },
      claimsParameter: { enabled: true },
      requestObjects: {
        enabled: true,
        requireSignedRequestObject: true,
        // itsme serves a partner only for its own service.
        async assertJwtClaimsAndHeader(_ctx: unknown, claims: Record<string, unknown>) {
          const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
          if (!scopes.includes(`service:${SERVICE_CODE}`)) throw new errors.InvalidRequestObject(`the scope must include service:${SERVICE_CODE}`);
        },
      },
    },
    scopes: ['openid', 'eid', `service:${SERVICE_CODE}`],
    claims: { openid: ['sub'], eid: [NATIONAL_NUMBER_CLAIM] },
    acrValues: [ACR_BASIC, ACR_ADVANCED],
    pkce: { required: () => true },
    responseTypes: ['code'],
    ttl: { AuthorizationCode: CODE_TTL_SECONDS },
    cookies: { keys: [crypto.randomUUID()] },
    // oidc-provider refuses to fetch from loopback addresses (SSRF protection); the backend's key set is
    // on loopback here, and the client's jwks_uri is the only address this provider ever fetches.
    fetch: (url: URL | string, { dispatcher: _loopbackRefused, ...options }: RequestInit & { dispatcher?: unknown }) => globalThis.fetch(url, options),
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    async findAccount(_context: unknown, id: string) {
      const person = DEMO_PEOPLE.find((p) => p.id === id);
      if (!person) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, [NATIONAL_NUMBER_CLAIM]: person.nationalNumber }) };
    },
  });

  // itsme takes a request object only encrypted to it: a signed-only (or plain) request is refused.
  provider.use(async (context, next) => {
    if (context.path === '/auth') {
      const request = context.query.request;
      if (typeof request !== 'string' || request.split('.').length !== 5) {
        throw new errors.InvalidRequestObject('the request must be a request object signed by the client and encrypted to the provider');
      }
    }
    await next();
  });

  // Koa fixes its middleware when the callback is made: later ones (tests') run through this slot.
  const extra: Middleware[] = [];
  provider.use((context, next) => extra.reduceRight<() => Promise<void>>((after, middleware) => () => middleware(context, after), next)());
  const providerCallback = provider.callback();
  http.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const match = /^\/interaction\/([\w-]+)$/.exec(request.url ?? '');
    if (match) {
      void interaction(provider, request, response).catch((error: Error) => {
        response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(`interaction failed: ${error.message}`);
      });
      return;
    }
    providerCallback(request, response);
  });

  return {
    issuer,
    clientId: CLIENT_ID,
    serviceCode: SERVICE_CODE,
    signingKey: signing.privateKey,
    async openRequestObject(jwe) {
      const { plaintext } = await compactDecrypt(jwe, encryption.privateKey);
      return { jweHeader: decodeProtectedHeader(jwe), jws: new TextDecoder().decode(plaintext) };
    },
    use: (middleware) => void extra.push(middleware),
    ageCodes: (seconds) => storage.ageCodes(seconds),
    async expireClientKeys() {
      const client = await provider.Client.find(CLIENT_ID);
      if (client) client.asymmetricKeyStore.freshUntil = 0;
    },
    stop: () => new Promise((resolve) => {
      http.closeAllConnections();
      http.close(() => resolve());
    }),
  };
}

/** The page in place of itsme's app: pick a person (login), then consent is given at once. */
async function interaction(provider: Provider, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const details = await provider.interactionDetails(request, response);
  const { prompt, params } = details;
  if (prompt.name === 'consent') {
    const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: details.session!.accountId, clientId: String(params.client_id) });
    if (!grant) throw new Error('grant not found');
    if (prompt.details.missingOIDCScope) grant.addOIDCScope((prompt.details.missingOIDCScope as string[]).join(' '));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims as string[]);
    await provider.interactionFinished(request, response, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    return;
  }
  if (request.method === 'GET') {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(personPage(request.headers['accept-language'], DEMO_PEOPLE, `/interaction/${details.uid}`));
    return;
  }
  const form = new URLSearchParams(await readBody(request));
  const person = DEMO_PEOPLE.find((p) => p.id === form.get('person'));
  if (!person) {
    await provider.interactionFinished(request, response, { error: 'access_denied', error_description: 'the user cancelled at itsme' }, { mergeWithLastSubmission: false });
    return;
  }
  const asked = typeof params.acr_values === 'string' ? params.acr_values.split(' ') : [];
  const acr = asked.find((value) => value === ACR_BASIC || value === ACR_ADVANCED) ?? ACR_BASIC;
  await provider.interactionFinished(request, response, { login: { accountId: person.id, acr } }, { mergeWithLastSubmission: false });
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
      if (body.length > 10_000) reject(new Error('form too large'));
    });
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}
