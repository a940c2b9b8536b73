// itsme through the reference backend against the strict stand-in (test/support/itsme-stand-in): an
// OpenID provider held to what itsme asks. The stand-in's pages are driven over HTTP, as the system
// browser would. Covers the whole login, every refusal with its error code, our key set and its
// rotation, and the backend refusing to start against a provider that does not offer what itsme's flow needs.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompactEncrypt, CompactSign, compactDecrypt, decodeJwt, decodeProtectedHeader, importJWK, SignJWT, UnsecuredJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountReply, itsmeStartReply, itsmeStatusReply } from '../../src/backend/replies.ts';
import { parseAppLink } from '../../src/contract/app-link.ts';
import { createTestPki } from '../../src/test-pki/test-pki.ts';
import { freePort } from '../support/free-port.ts';
import { writeClientKey, type ClientKeyFile } from '../support/itsme-stand-in/client-keys.ts';
import { startItsmeStandIn, type ItsmeStandIn } from '../support/itsme-stand-in/provider.ts';
import { ApiClient, startServer, type ServerHandle } from '../support/server.ts';

const ORIGIN = 'https://myvivium.test';

interface Status { state: string; account?: { displayName: string; needsOnboarding: boolean; needsEmail?: boolean }; error?: { code: string } }

/** How the stand-in's next answer is spoiled (a broken provider, or a man in the middle). */
type Spoil = (body: Record<string, unknown>) => Promise<void>;
let spoilToken: Spoil | undefined;
let spoilUserinfo: ((context: { body: unknown; type: string }) => Promise<void>) | undefined;

let dir: string;
let trust: string;
let port: number;
let standIn: ItsmeStandIn;
let server: ServerHandle;
const keys: Record<'sig1' | 'enc1' | 'sig2' | 'enc2' | 'stranger', ClientKeyFile> = {} as never;

function itsmeEnv(signing: ClientKeyFile[], encryption: ClientKeyFile[], issuer = standIn.issuer): Record<string, string> {
  return {
    ITSME_ISSUER: issuer,
    ITSME_CLIENT_ID: standIn.clientId,
    ITSME_SERVICE_CODE: standIn.serviceCode,
    ITSME_SIGNING_KEY_FILES: signing.map((k) => k.file).join(','),
    ITSME_ENCRYPTION_KEY_FILES: encryption.map((k) => k.file).join(','),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'myvivium-itsme-'));
  keys.sig1 = await writeClientKey(dir, 'sig-1', 'sig');
  keys.enc1 = await writeClientKey(dir, 'enc-1', 'enc');
  keys.sig2 = await writeClientKey(dir, 'sig-2', 'sig');
  keys.enc2 = await writeClientKey(dir, 'enc-2', 'enc');
  keys.stranger = await writeClientKey(dir, 'someone-else', 'enc');
  const pki = await createTestPki();
  trust = join(dir, 'ca.pem');
  writeFileSync(trust, pki.trustPem.citizenCa);

  port = await freePort();
  const backend = `http://127.0.0.1:${port}`;
  standIn = await startItsmeStandIn({ redirectUri: `${backend}/api/auth/itsme/callback`, jwksUri: `${backend}/.well-known/jwks.json` });
  standIn.use(async (context, next) => {
    await next();
    if (context.path === '/token' && spoilToken && context.body) {
      const spoil = spoilToken;
      spoilToken = undefined;
      await spoil(context.body as Record<string, unknown>);
    }
    if (context.path === '/me' && spoilUserinfo) {
      const spoil = spoilUserinfo;
      spoilUserinfo = undefined;
      await spoil(context);
    }
  });
  server = await startServer({ trust: [trust], origin: ORIGIN, dev: true, port, env: itsmeEnv([keys.sig1], [keys.enc1]) });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await standIn?.stop();
});

/** The system browser at the stand-in: follows redirects and picks `person` (or cancels). Returns the callback URL. */
async function throughStandIn(authorizeUrl: string, person: string): Promise<string> {
  const jar = new Map<string, string>();
  let url = authorizeUrl;
  let body: string | undefined;
  for (let step = 0; step < 20; step++) {
    if (url.startsWith(`${server.url}/api/auth/itsme/callback`)) return url;
    const response = await fetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }) },
      ...(body === undefined ? {} : { body }),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const index = pair!.indexOf('=');
      jar.set(pair!.slice(0, index), pair!.slice(index + 1));
    }
    const location = response.headers.get('location');
    body = undefined;
    if (location) {
      url = new URL(location, url).toString();
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`stand-in page without a form (HTTP ${response.status}): ${html.slice(0, 300)}`);
    url = new URL(action, url).toString();
    body = new URLSearchParams({ person }).toString();
  }
  throw new Error('too many steps at the stand-in');
}

/** Starts a flow as the app does: a secret it keeps, only its hash sent. */
async function start(client = new ApiClient(server.url)) {
  const appSecret = randomBytes(32).toString('base64url');
  const answer = await client.post<{ authorizeUrl: string; pollId: string }>('/api/auth/itsme/start', { appSecretHash: createHash('sha256').update(appSecret).digest('base64url') });
  expect(answer.status).toBe(200);
  expect(itsmeStartReply.safeParse(answer.body).success).toBe(true);
  return { client, appSecret, ...answer.body };
}

/** The one-time result the callback page hands to the app through its myvivium-eid: link, if it has one. */
function resultOf(callbackPageHtml: string): string | null {
  const href = /<a href="(myvivium-eid:[^"]+)"/.exec(callbackPageHtml)?.[1]?.replace(/&#38;/g, '&');
  const parsed = parseAppLink(href);
  return parsed.ok && parsed.request.kind === 'itsme-result' ? parsed.request.result : null;
}

interface Exchanged { account?: { displayName: string; needsOnboarding: boolean; needsEmail?: boolean }; error?: { code: string } }
const exchange = (client: ApiClient, body: { pollId: string; result: string; appSecret: string }) => client.post<Exchanged>('/api/auth/itsme/exchange', body);

/**
 * A whole login: the callback page, the poll's answer after it (never a session), and what the app's
 * exchange of the page's result gives (null when the page has none: the login failed).
 */
async function login(person: string) {
  const { client, authorizeUrl, pollId, appSecret } = await start();
  const page = await (await fetch(await throughStandIn(authorizeUrl, person), { headers: { 'accept-language': 'fr-BE' } })).text();
  const status = (await client.get<Status>(`/api/auth/itsme/status?pollId=${pollId}`)).body;
  const result = resultOf(page);
  const exchanged = result ? (await exchange(client, { pollId, result, appSecret })).body : null;
  return { client, page, status, exchanged };
}

async function expectRefused(code: string, options: { spoil?: Spoil } = {}) {
  const { client, authorizeUrl, pollId } = await start();
  const callbackUrl = await throughStandIn(authorizeUrl, 'eva');
  spoilToken = options.spoil;
  const page = await (await fetch(callbackUrl)).text();
  expect(page).toContain(code);
  expect((await client.get<Status>(`/api/auth/itsme/status?pollId=${pollId}`)).body).toMatchObject({ state: 'failed', error: { code } });
  expect((await client.post<{ error: { code: string } }>('/api/handoff')).body.error.code).toBe('SESSION_INVALID');
}

const ourKey = (file: ClientKeyFile) => importJWK(file.jwk, 'RSA-OAEP-256');
const publicEncKey = (file: ClientKeyFile) => importJWK({ kty: 'RSA', n: file.jwk.n!, e: file.jwk.e! }, 'RSA-OAEP-256');

/** The ID token's inner JWS, opened with our current encryption key. */
async function innerIdToken(body: Record<string, unknown>): Promise<string> {
  return new TextDecoder().decode((await compactDecrypt(String(body.id_token), await ourKey(keys.enc1))).plaintext);
}

async function encryptTo(jws: string, to: ClientKeyFile): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(jws)).setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A128CBC-HS256', kid: to.kid, cty: 'JWT' }).encrypt(await publicEncKey(to));
}

describe('itsme login through the backend and the strict stand-in', () => {
  it('publishes one signing and one encryption key, public halves only, each with kid, use and alg', async () => {
    const response = await fetch(`${server.url}/.well-known/jwks.json`);
    expect(response.headers.get('content-type')).toContain('application/jwk-set+json');
    const { keys: published } = (await response.json()) as { keys: JWK[] };
    expect(published.map((k) => [k.kid, k.use, k.alg])).toEqual([['sig-1', 'sig', 'RS256'], ['enc-1', 'enc', 'RSA-OAEP-256']]);
    for (const key of published) expect(Object.keys(key).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
  });

  it('sends only a signed and encrypted request object carrying the service scope, PKCE S256, state, nonce and the claims asked', async () => {
    const { authorizeUrl } = await start();
    const url = new URL(authorizeUrl);
    expect([...url.searchParams.keys()].sort()).toEqual(['client_id', 'request', 'response_type', 'scope']);
    expect(url.searchParams.get('scope')).toBe(`openid service:${standIn.serviceCode} eid`);
    const { jweHeader, jws } = await standIn.openRequestObject(url.searchParams.get('request')!);
    expect(jweHeader).toMatchObject({ alg: 'RSA-OAEP-256', enc: 'A128CBC-HS256', kid: 'stand-in-enc-1' });
    expect(decodeProtectedHeader(jws)).toMatchObject({ alg: 'RS256', kid: 'sig-1' });
    const claims = decodeJwt(jws);
    expect(claims).toMatchObject({
      iss: standIn.clientId,
      aud: standIn.issuer,
      client_id: standIn.clientId,
      response_type: 'code',
      scope: `openid service:${standIn.serviceCode} eid`,
      code_challenge_method: 'S256',
      acr_values: 'http://itsme.services/V2/claim/acr_basic',
      claims: { userinfo: { 'http://itsme.services/v2/claim/BENationalNumber': { essential: true } } },
    });
    expect(claims.state).toBeTruthy();
    expect(claims.nonce).toBeTruthy();
    expect(claims.code_challenge).toMatch(/^[\w-]{43}$/);
  });

  it('completes: start → stand-in → callback → the app exchanges the page’s result for a session that can hand over', async () => {
    const { client, page, status, exchanged } = await login('eva');
    expect(page).toContain('Revenez à MyVivium eID');
    // The poll never gives the session; the app's exchange does.
    expect(status).toEqual({ state: 'pending' });
    expect(itsmeStatusReply.safeParse(status).success).toBe(true);
    expect(exchanged).toEqual({ account: { displayName: 'Eva Demo Specimen', needsOnboarding: true, needsEmail: true } });
    expect(accountReply.safeParse(exchanged).success).toBe(true);
    await client.post('/api/onboarding/email', { email: 'eva.itsme@example.test' });
    const code = (await server.outbox()).findLast((m) => m.to === 'eva.itsme@example.test')!.code;
    const onboarded = await client.post<{ account: { email: string; needsOnboarding: boolean } }>('/api/onboarding/email/confirm', { code });
    expect(onboarded.body.account).toMatchObject({ email: 'eva.itsme@example.test', needsOnboarding: false });
    const handoff = await client.post<{ url: string }>('/api/handoff');
    expect((await fetch(handoff.body.url)).status).toBe(200);
  });

  it('asks a customer with only a mobile number for an e-mail address after itsme (the FAQ’s rule)', async () => {
    const { exchanged } = await login('luc');
    expect(exchanged?.account).toMatchObject({ displayName: 'Luc Demo Specimen', needsOnboarding: true, needsEmail: true });
    expect((await login('jan')).exchanged?.account).toMatchObject({ needsOnboarding: false, needsEmail: false });
  });

  describe('the stand-in refuses what itsme refuses', () => {
    /** The provider's error code: on its error page, or in the redirect to the client. */
    const refusal = async (response: Response) => new URL(response.headers.get('location') ?? 'x:').searchParams.get('error') ?? /invalid_request\w*/.exec(await response.text())?.[0];
    const authorize = (params: Record<string, string>) => fetch(`${standIn.issuer}/auth?${new URLSearchParams({ client_id: standIn.clientId, response_type: 'code', scope: `openid service:${standIn.serviceCode}`, ...params })}`, { redirect: 'manual' });

    it('a plain request without a request object (invalid_request_object)', async () => {
      const response = await authorize({ redirect_uri: `${server.url}/api/auth/itsme/callback`, state: 's', nonce: 'n', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' });
      expect(await refusal(response)).toBe('invalid_request_object');
    });

    it('a request object signed but not encrypted (invalid_request_object)', async () => {
      const { jws } = await standIn.openRequestObject(new URL((await start()).authorizeUrl).searchParams.get('request')!);
      expect(await refusal(await authorize({ request: jws }))).toBe('invalid_request_object');
    });

    it('a request object encrypted but not signed (invalid_request_object)', async () => {
      const { jws } = await standIn.openRequestObject(new URL((await start()).authorizeUrl).searchParams.get('request')!);
      const unsigned = new UnsecuredJWT(decodeJwt(jws)).encode();
      const jwks = (await (await fetch(`${standIn.issuer}/jwks`)).json()) as { keys: JWK[] };
      const encKey = jwks.keys.find((k) => k.use === 'enc')!;
      const jwe = await new CompactEncrypt(new TextEncoder().encode(unsigned))
        .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A128CBC-HS256', kid: encKey.kid! })
        .encrypt(await importJWK(encKey, 'RSA-OAEP-256'));
      expect(await refusal(await authorize({ request: jwe }))).toBe('invalid_request_object');
    });
  });

  describe('the backend refuses, each with its code, and opens no session', () => {
    it('an ID token encrypted to another key (ITSME_ID_TOKEN_INVALID)', async () => {
      await expectRefused('ITSME_ID_TOKEN_INVALID', { spoil: async (body) => void (body.id_token = await encryptTo(await innerIdToken(body), keys.stranger)) });
    });

    it('an ID token that is not encrypted (ITSME_ID_TOKEN_INVALID)', async () => {
      await expectRefused('ITSME_ID_TOKEN_INVALID', { spoil: async (body) => void (body.id_token = await innerIdToken(body)) });
    });

    it('an ID token signed with another alg than RS256 (ITSME_ID_TOKEN_INVALID)', async () => {
      await expectRefused('ITSME_ID_TOKEN_INVALID', {
        spoil: async (body) => {
          const jws = await innerIdToken(body);
          // The classic confusion: HMAC keyed with something public instead of the provider's RSA signature.
          const resigned = await new CompactSign(Buffer.from(jws.split('.')[1]!, 'base64url')).setProtectedHeader({ alg: 'HS256', kid: 'stand-in-sig-1' }).sign(new TextEncoder().encode(standIn.issuer.padEnd(32, '.')));
          body.id_token = await encryptTo(resigned, keys.enc1);
        },
      });
    });

    for (const [how, change] of [
      ['another audience', { aud: 'someone-else' }],
      ['an expiry in the past', { iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }],
      ['another nonce', { nonce: 'not-the-nonce' }],
      ['an acr not asked for', { acr: 'http://itsme.services/V2/claim/acr_advanced' }],
    ] as const) {
      it(`an ID token with ${how}, signed by the provider and encrypted to us (ITSME_ID_TOKEN_INVALID)`, async () => {
        await expectRefused('ITSME_ID_TOKEN_INVALID', {
          spoil: async (body) => {
            const claims = { ...decodeJwt(await innerIdToken(body)), ...change };
            body.id_token = await encryptTo(await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'stand-in-sig-1' }).sign(standIn.signingKey), keys.enc1);
          },
        });
      });
    }

    it('an ID token whose signature does not verify (ITSME_ID_TOKEN_INVALID)', async () => {
      await expectRefused('ITSME_ID_TOKEN_INVALID', {
        spoil: async (body) => {
          const [header, payload, signature] = (await innerIdToken(body)).split('.');
          const bytes = Buffer.from(signature!, 'base64url');
          bytes[0]! ^= 0x01;
          body.id_token = await encryptTo(`${header}.${payload}.${bytes.toString('base64url')}`, keys.enc1);
        },
      });
    });

    it('userinfo that is not signed and encrypted (ITSME_ID_TOKEN_INVALID)', async () => {
      spoilUserinfo = async (context) => {
        const jws = new TextDecoder().decode((await compactDecrypt(String(context.body), await ourKey(keys.enc1))).plaintext);
        context.type = 'application/json';
        context.body = decodeJwt(jws);
      };
      await expectRefused('ITSME_ID_TOKEN_INVALID');
    });

    it('an expired authorization code: itsme’s codes live 3 minutes (ITSME_CODE_INVALID)', async () => {
      const { client, authorizeUrl, pollId } = await start();
      const callbackUrl = await throughStandIn(authorizeUrl, 'eva');
      standIn.ageCodes(181);
      expect(await (await fetch(callbackUrl)).text()).toContain('ITSME_CODE_INVALID');
      expect((await client.get<Status>(`/api/auth/itsme/status?pollId=${pollId}`)).body).toMatchObject({ state: 'failed', error: { code: 'ITSME_CODE_INVALID' } });
    });

    it('an authorization code replayed into another flow (ITSME_CODE_INVALID)', async () => {
      const first = await start();
      const firstCallback = new URL(await throughStandIn(first.authorizeUrl, 'eva'));
      expect((await fetch(firstCallback)).status).toBe(200);
      const second = await start();
      const { jws } = await standIn.openRequestObject(new URL(second.authorizeUrl).searchParams.get('request')!);
      const replayed = new URL(firstCallback);
      replayed.searchParams.set('state', String(decodeJwt(jws).state));
      expect(await (await fetch(replayed)).text()).toContain('ITSME_CODE_INVALID');
      expect((await second.client.get<Status>(`/api/auth/itsme/status?pollId=${second.pollId}`)).body).toMatchObject({ state: 'failed', error: { code: 'ITSME_CODE_INVALID' } });
      expect((await second.client.post<{ error: { code: string } }>('/api/handoff')).body.error.code).toBe('SESSION_INVALID');
    });

    it('a mismatched state, and a replayed callback (ITSME_STATE_INVALID)', async () => {
      const { client, authorizeUrl, pollId } = await start();
      const callbackUrl = await throughStandIn(authorizeUrl, 'eva');
      const forged = new URL(callbackUrl);
      forged.searchParams.set('state', 'not-the-state');
      expect(await (await fetch(forged)).text()).toContain('ITSME_STATE_INVALID');
      expect((await client.get<Status>(`/api/auth/itsme/status?pollId=${pollId}`)).body.state).toBe('pending');
      expect((await fetch(callbackUrl)).status).toBe(200);
      expect(await (await fetch(callbackUrl)).text()).toContain('ITSME_STATE_INVALID');
    });

    it('the user cancelling at itsme (ITSME_PROVIDER_ERROR)', async () => {
      const { client, authorizeUrl, pollId } = await start();
      expect(await (await fetch(await throughStandIn(authorizeUrl, ''))).text()).toContain('ITSME_PROVIDER_ERROR');
      expect((await client.get<Status>(`/api/auth/itsme/status?pollId=${pollId}`)).body).toMatchObject({ state: 'failed', error: { code: 'ITSME_PROVIDER_ERROR' } });
    });

    it('an itsme user without a MyVivium account goes to the helpdesk (ACCOUNT_UNKNOWN)', async () => {
      const { status } = await login('stranger');
      expect(status).toMatchObject({ state: 'failed', error: { code: 'ACCOUNT_UNKNOWN', details: { helpdeskEmail: 'myvivium@vivium.be' } } });
    });

    it('a poll from another session, and a flow older than 5 minutes (ITSME_TIMEOUT)', async () => {
      const { client, pollId } = await start();
      expect((await new ApiClient(server.url).get<Status>(`/api/auth/itsme/status?pollId=${pollId}`)).status).toBe(401);
      await server.advanceClock(5 * 60_000 + 1_000);
      expect((await client.get<Status>(`/api/auth/itsme/status?pollId=${pollId}`)).body).toMatchObject({ state: 'failed', error: { code: 'ITSME_TIMEOUT' } });
    });
  });

  it('rotates keys: old and new published, the new one signs, answers encrypted to either key open', async () => {
    await server.stop();
    server = await startServer({ trust: [trust], origin: ORIGIN, dev: true, port, dbPath: server.dbPath, env: itsmeEnv([keys.sig2, keys.sig1], [keys.enc2, keys.enc1]) });
    const { keys: published } = (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as { keys: JWK[] };
    expect(published.map((k) => `${k.use}:${k.kid}`)).toEqual(['sig:sig-2', 'sig:sig-1', 'enc:enc-2', 'enc:enc-1']);
    await standIn.expireClientKeys(); // itsme fetches our key set again once its copy is older than its max-age

    const { jws } = await standIn.openRequestObject(new URL((await start()).authorizeUrl).searchParams.get('request')!);
    expect(decodeProtectedHeader(jws).kid).toBe('sig-2');

    for (const to of [keys.enc1, keys.enc2]) {
      const { client, authorizeUrl, pollId, appSecret } = await start();
      const callbackUrl = await throughStandIn(authorizeUrl, 'jan');
      spoilToken = async (body) => {
        const header = decodeProtectedHeader(String(body.id_token));
        const mine = header.kid === keys.enc2.kid ? keys.enc2 : keys.enc1;
        const inner = new TextDecoder().decode((await compactDecrypt(String(body.id_token), await ourKey(mine))).plaintext);
        body.id_token = await encryptTo(inner, to);
      };
      const callback = await fetch(callbackUrl);
      expect(callback.status).toBe(200);
      const result = resultOf(await callback.text())!;
      expect((await exchange(client, { pollId, result, appSecret })).body).toMatchObject({ account: { displayName: 'Jan Demo Specimen' } });
    }
  });
});

describe('the itsme session swap (issue 21): a finished login belongs to the app that started it', () => {
  it('the attacker who started the flow gets nothing, the victim’s app cannot finish it, the victim’s own login works', async () => {
    // The attacker starts a flow with its own app secret and sends the authorize URL to a victim.
    const attacker = await start();
    // The victim has the app running, with an itsme login of its own waiting.
    const victim = await start();
    // The victim confirms the attacker's URL in their own browser; the page hands the result to the app on
    // the victim's computer.
    const result = resultOf(await (await fetch(await throughStandIn(attacker.authorizeUrl, 'eva'))).text())!;
    expect(result).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // The attacker polls: never a session, never an account, and its cookie stays anonymous.
    for (let poll = 0; poll < 3; poll++) expect((await attacker.client.get<Status>(`/api/auth/itsme/status?pollId=${attacker.pollId}`)).body).toEqual({ state: 'pending' });
    expect((await attacker.client.post<{ error: { code: string } }>('/api/handoff')).body.error.code).toBe('SESSION_INVALID');
    expect((await attacker.client.post<{ error: { code: string } }>('/api/onboarding/email', { email: 'attacker@evil.test' })).body.error.code).toBe('SESSION_INVALID');
    // Without the result (it is in the victim's browser) the attacker's secret opens nothing.
    expect((await exchange(attacker.client, { pollId: attacker.pollId, result: randomBytes(32).toString('base64url'), appSecret: attacker.appSecret })).body.error?.code).toBe('ITSME_STATE_INVALID');

    // The victim's app holds the result, but neither the secret nor the session of that flow: refused.
    expect((await exchange(victim.client, { pollId: victim.pollId, result, appSecret: victim.appSecret })).body.error?.code).toBe('ITSME_STATE_INVALID');
    expect((await exchange(victim.client, { pollId: attacker.pollId, result, appSecret: victim.appSecret })).body.error?.code).toBe('ITSME_STATE_INVALID');
    expect((await victim.client.post<{ error: { code: string } }>('/api/handoff')).body.error.code).toBe('SESSION_INVALID');
    // A stolen result with the attacker's session still needs the attacker's secret, and the reverse.
    expect((await exchange(attacker.client, { pollId: attacker.pollId, result, appSecret: victim.appSecret })).body.error?.code).toBe('ITSME_STATE_INVALID');
    expect((await exchange(victim.client, { pollId: attacker.pollId, result, appSecret: attacker.appSecret })).body.error?.code).toBe('ITSME_STATE_INVALID');

    // The victim's own login still works, once.
    const own = resultOf(await (await fetch(await throughStandIn(victim.authorizeUrl, 'eva'))).text())!;
    expect((await exchange(victim.client, { pollId: victim.pollId, result: own, appSecret: victim.appSecret })).body).toMatchObject({ account: { displayName: 'Eva Demo Specimen' } });
    expect((await exchange(victim.client, { pollId: victim.pollId, result: own, appSecret: victim.appSecret })).body.error?.code).toBe('ITSME_STATE_INVALID');
  });

  it('refuses to start without the hash of an app secret', async () => {
    const client = new ApiClient(server.url);
    expect((await client.post<{ error: { code: string } }>('/api/auth/itsme/start')).body.error.code).toBe('INVALID_ARGUMENT');
    expect((await client.post<{ error: { code: string } }>('/api/auth/itsme/start', { appSecretHash: 'short' })).body.error.code).toBe('INVALID_ARGUMENT');
  });
});

describe('the backend and an itsme provider that cannot serve', () => {
  let fake: Server | undefined;

  /** Starts a backend against a provider serving `metadata` as its discovery document; returns the provider's address and the backend's stderr lines. */
  async function startAgainst(metadata: (issuer: string) => Record<string, unknown>): Promise<{ issuer: string; stderr: string[] }> {
    fake = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(metadata(issuerOf(fake!)))));
    await new Promise<void>((resolve) => fake!.listen(0, '127.0.0.1', resolve));
    const failure = await startServer({ trust: [trust], origin: ORIGIN, dev: true, env: itsmeEnv([keys.sig1], [keys.enc1], issuerOf(fake)) }).then(
      async (started) => {
        await started.stop();
        return 'started';
      },
      (error: Error) => error.message,
    );
    const issuer = issuerOf(fake);
    await new Promise<void>((resolve) => fake!.close(() => resolve()));
    return { issuer, stderr: failure.split('\n').slice(1).filter(Boolean) };
  }

  it('refuses to start, in one line, when discovery lacks what itsme’s flow needs', async () => {
    const metadata = (await (await fetch(`${standIn.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    const { request_object_encryption_alg_values_supported: _dropped, ...lacking } = metadata;
    const lackingAnswer = await startAgainst((issuer) => ({ ...lacking, issuer }));
    expect(lackingAnswer.stderr).toEqual([`configuration: the itsme provider at ${lackingAnswer.issuer} does not offer request_object_encryption_alg_values_supported RSA-OAEP-256`]);
    // The stand-in's own document, served from another address: it names another issuer.
    const otherIssuer = await startAgainst(() => metadata);
    expect(otherIssuer.stderr).toEqual([`configuration: the itsme provider at ${otherIssuer.issuer} answered for another issuer`]);
  });

  it('starts when the provider is unreachable, and answers ITSME_UNAVAILABLE (503) to a login', async () => {
    const closed = await freePort();
    const unreachable = await startServer({ trust: [trust], origin: ORIGIN, dev: true, env: itsmeEnv([keys.sig1], [keys.enc1], `http://127.0.0.1:${closed}`) });
    try {
      const answer = await new ApiClient(unreachable.url).post<{ error: { code: string } }>('/api/auth/itsme/start', { appSecretHash: 'A'.repeat(43) });
      expect(answer.status).toBe(503);
      expect(answer.body.error.code).toBe('ITSME_UNAVAILABLE');
    } finally {
      await unreachable.stop();
    }
  });
});

function issuerOf(http: Server): string {
  const address = http.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}
