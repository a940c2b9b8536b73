// itsme through the reference backend against a real OpenID provider (oidc-provider) started here with
// a test user, standing in for itsme's test environment. The provider's login and consent pages are
// driven over HTTP, as the system browser would submit them.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { chromium } from 'playwright-core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type CryptoKey as JoseKey } from 'jose';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { accountReply, itsmeStartReply, itsmeStatusReply } from '../../src/backend/replies.ts';
import { parseAppLink } from '../../src/contract/app-link.ts';
import { createTestPki } from '../../src/virtual-card/test-pki.ts';
import { ApiClient, startServer, type ServerHandle } from '../support/server.ts';

const ORIGIN = 'https://myvivium.test';
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
if (!existsSync(CHROMIUM)) console.warn(`${CHROMIUM} missing: the itsme browser test is skipped (apt-get install chromium)`);
const NN_CLAIM = 'http://itsme.services/v2/claim/BENationalNumber';
const USERS: Record<string, string> = { eva: '85051200203', stranger: '79020400145' };

interface Status { state: string; account?: { displayName: string; needsOnboarding: boolean }; error?: { code: string } }

/** How the provider's token answer is spoiled for the next exchange (a man in the middle, a broken provider). */
type Tamper = 'signature' | 'audience' | 'expired' | 'nonce' | undefined;
let tamper: Tamper;
let providerSigningKey: JoseKey;

let providerServer: Server;
let issuer: string;
let server: ServerHandle;

beforeAll(async () => {
  providerServer = createServer();
  await new Promise<void>((resolve) => providerServer.listen(0, '127.0.0.1', resolve));
  const address = providerServer.address();
  issuer = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const dir = mkdtempSync(join(tmpdir(), 'myvivium-itsme-'));
  const client = await generateKeyPair('RS256', { extractable: true });
  const privateJwk = { ...(await exportJWK(client.privateKey)), kid: 'myvivium-1', alg: 'RS256' };
  const publicJwk = { ...(await exportJWK(client.publicKey)), kid: 'myvivium-1', alg: 'RS256', use: 'sig' };
  writeFileSync(join(dir, 'client.jwk'), JSON.stringify(privateJwk), { mode: 0o600 });
  const pki = await createTestPki();
  writeFileSync(join(dir, 'ca.pem'), pki.trustPem.citizenCa);

  server = await startServer({
    trust: [join(dir, 'ca.pem')],
    origin: ORIGIN,
    dev: true,
    env: { ITSME_ISSUER: issuer, ITSME_CLIENT_ID: 'myvivium', ITSME_PRIVATE_JWK_FILE: join(dir, 'client.jwk'), ITSME_SCOPE: 'openid profile' },
  });

  const providerKey = await generateKeyPair('RS256', { extractable: true });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'myvivium',
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [publicJwk] },
        redirect_uris: [`${server.url}/api/auth/itsme/callback`],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(providerKey.privateKey)), kid: 'provider-1', alg: 'RS256', use: 'sig' }] },
    pkce: { required: () => true },
    claims: { openid: ['sub'], profile: ['name', NN_CLAIM] },
    cookies: { keys: ['test-cookie-key'] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      return { accountId: id, claims: async () => ({ sub: id, name: id, ...(USERS[id] ? { [NN_CLAIM]: USERS[id] } : {}) }) };
    },
  });
  providerSigningKey = providerKey.privateKey;
  provider.use(async (context, next) => {
    await next();
    const body = context.body as { id_token?: string } | undefined;
    if (context.path !== '/token' || !tamper || !body?.id_token) return;
    body.id_token = await spoil(body.id_token, tamper);
    tamper = undefined;
  });
  providerServer.on('request', provider.callback());
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await new Promise((resolve) => providerServer?.close(resolve));
});

async function spoil(idToken: string, how: NonNullable<Tamper>): Promise<string> {
  if (how === 'signature') {
    const [header, payload, signature] = idToken.split('.');
    const bytes = Buffer.from(signature!, 'base64url');
    bytes[0]! ^= 0x01;
    return `${header}.${payload}.${bytes.toString('base64url')}`;
  }
  // Re-signed with the provider's real key: only the claim is wrong.
  const claims = decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  const changed =
    how === 'audience' ? { ...claims, aud: 'someone-else' } : how === 'expired' ? { ...claims, iat: now - 7200, exp: now - 3600 } : { ...claims, nonce: 'not-the-nonce' };
  return new SignJWT(changed).setProtectedHeader({ alg: 'RS256', kid: 'provider-1' }).sign(providerSigningKey);
}

/** The system browser: follows the provider's redirects, signs in as `user` and consents, or aborts. Returns the callback URL. */
async function throughProvider(authorizeUrl: string, user: string, options: { abort?: boolean } = {}): Promise<string> {
  const jar = new Map<string, string>();
  let url = authorizeUrl;
  let method = 'GET';
  let body: string | undefined;
  for (let step = 0; step < 20; step++) {
    if (url.startsWith(`${server.url}/api/auth/itsme/callback`)) return url;
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(body ? { body } : {}),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const index = pair!.indexOf('=');
      jar.set(pair!.slice(0, index), pair!.slice(index + 1));
    }
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url).toString();
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`provider page without a form (HTTP ${response.status}): ${html.slice(0, 300)}`);
    const uid = /\/interaction\/([^/"]+)/.exec(action)?.[1];
    if (options.abort && uid) {
      url = new URL(`/interaction/${uid}/abort`, issuer).toString();
      continue;
    }
    url = new URL(action.replace(/&amp;/g, '&'), url).toString();
    method = 'POST';
    body = html.includes('value="consent"') ? 'prompt=consent' : new URLSearchParams({ prompt: 'login', login: user, password: 'test' }).toString();
  }
  throw new Error('too many steps at the provider');
}

/** Starts a flow as the app does: a secret it keeps, only its hash sent. */
async function start(client = new ApiClient(server.url)) {
  const appSecret = randomBytes(32).toString('base64url');
  const answer = await client.post<{ authorizeUrl: string; pollId: string }>('/api/auth/itsme/start', { appSecretHash: createHash('sha256').update(appSecret).digest('base64url') });
  expect(answer.status).toBe(200);
  expect(itsmeStartReply.safeParse(answer.body).success).toBe(true);
  return { client, appSecret, ...answer.body };
}

/** The one-time result the callback page hands to the app through its myvivium-eid: link. */
function resultOf(callbackPageHtml: string): string {
  const href = /<a href="(myvivium-eid:[^"]+)"/.exec(callbackPageHtml)?.[1]?.replace(/&#38;/g, '&');
  const parsed = parseAppLink(href);
  if (!parsed.ok || parsed.request.kind !== 'itsme-result') throw new Error(`no itsme result link in the page: ${callbackPageHtml.slice(0, 300)}`);
  return parsed.request.result;
}

type Exchange = { account?: { displayName: string; needsOnboarding: boolean }; error?: { code: string } };
const exchange = (client: ApiClient, body: { pollId: string; result: string; appSecret: string }) => client.post<Exchange>('/api/auth/itsme/exchange', body);

describe('itsme login through the backend', () => {
  it.skipIf(!existsSync(CHROMIUM))('completes in headless Chromium: the provider’s login and consent pages, then the callback page', async () => {
    const { client, authorizeUrl, pollId, appSecret } = await start();
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    let link: string;
    try {
      const page = await (await browser.newContext({ locale: 'nl-BE' })).newPage();
      await page.goto(authorizeUrl);
      await page.fill('input[name="login"]', 'eva');
      await page.fill('input[name="password"]', 'test');
      await page.click('button[type="submit"]');
      // The callback page sends the browser on to the app at once (the OS hands the link to the app).
      const toApp = page.waitForRequest((request) => request.url().startsWith('myvivium-eid:'));
      await page.click('button[type="submit"]'); // consent
      link = (await toApp).url();
      await page.waitForSelector('h1[data-code="OK"]');
      expect(await page.textContent('h1')).toContain('Ga terug naar de eID Companion');
    } finally {
      await browser.close();
    }
    const parsed = parseAppLink(link);
    if (!parsed.ok || parsed.request.kind !== 'itsme-result') throw new Error(`not an itsme result link: ${link}`);
    const done = await exchange(client, { pollId, result: parsed.request.result, appSecret });
    expect(done.body).toMatchObject({ account: { displayName: 'Eva Demo Specimen' } });
    expect(client.lastSetCookie).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it('completes: start → provider login → callback → the app exchanges the result for a session that can hand over', async () => {
    const { client, authorizeUrl, pollId, appSecret } = await start();
    const authorize = new URL(authorizeUrl);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect((await client.get<Status>(`/api/auth/itsme/status?pollId=${pollId}`)).body.state).toBe('pending');

    const callback = await fetch(await throughProvider(authorizeUrl, 'eva'), { headers: { 'accept-language': 'fr-BE' } });
    expect(callback.status).toBe(200);
    const html = await callback.text();
    expect(html).toContain('Revenez à l’eID Companion');

    // Polling alone never yields the session; the exchange does, once.
    const polled = await client.get<Status>(`/api/auth/itsme/status?pollId=${pollId}`);
    expect(polled.body).toEqual({ state: 'pending' });
    expect(itsmeStatusReply.safeParse(polled.body).success).toBe(true);
    const done = await exchange(client, { pollId, result: resultOf(html), appSecret });
    expect(done.body).toEqual({ account: { displayName: 'Eva Demo Specimen', needsOnboarding: true } });
    expect(accountReply.safeParse(done.body).success).toBe(true);
    // The same onboarding and handoff as after an eID login.
    await client.post('/api/onboarding/phone', { phone: '0470 99 88 77' });
    const code = (await server.outbox()).findLast((m) => m.to === '+32470998877')!.code;
    const onboarded = await client.post<{ account: { phone: string; needsOnboarding: boolean } }>('/api/onboarding/phone/confirm', { code });
    expect(onboarded.body.account).toMatchObject({ phone: '+32470998877', needsOnboarding: false });
    const handoff = await client.post<{ url: string }>('/api/handoff');
    expect((await fetch(handoff.body.url)).status).toBe(200);
    // The result is exchanged once.
    expect((await exchange(client, { pollId, result: resultOf(html), appSecret })).body.error?.code).toBe('ITSME_STATE_INVALID');
  });

  it('refuses a wrong state and a replayed callback, without a session', async () => {
    const { client, authorizeUrl, pollId } = await start();
    const callbackUrl = await throughProvider(authorizeUrl, 'eva');
    const forged = new URL(callbackUrl);
    forged.searchParams.set('state', 'not-the-state');
    expect(await (await fetch(forged)).text()).toContain('ITSME_STATE_INVALID');
    expect((await client.get<Status>(`/api/auth/itsme/status?pollId=${pollId}`)).body.state).toBe('pending');

    expect((await fetch(callbackUrl)).status).toBe(200);
    const replay = await fetch(callbackUrl);
    expect(await replay.text()).toContain('ITSME_STATE_INVALID');
  });

  it('refuses an authorization code replayed into another flow (ITSME_CODE_INVALID)', async () => {
    const first = await start();
    const firstCallback = new URL(await throughProvider(first.authorizeUrl, 'eva'));
    expect((await fetch(firstCallback)).status).toBe(200);

    const second = await start();
    const secondState = new URL(second.authorizeUrl).searchParams.get('state')!;
    const replayed = new URL(firstCallback);
    replayed.searchParams.set('state', secondState);
    expect(await (await fetch(replayed)).text()).toContain('ITSME_CODE_INVALID');
    const status = await second.client.get<Status>(`/api/auth/itsme/status?pollId=${second.pollId}`);
    expect(status.body).toMatchObject({ state: 'failed', error: { code: 'ITSME_CODE_INVALID' } });
    expect((await second.client.post<{ error: { code: string } }>('/api/handoff')).body.error.code).toBe('SESSION_INVALID');
  });

  for (const how of ['signature', 'audience', 'expired', 'nonce'] as const) {
    it(`refuses an ID token with a bad ${how} (ITSME_ID_TOKEN_INVALID) and opens no session`, async () => {
      const { client, authorizeUrl, pollId } = await start();
      const callbackUrl = await throughProvider(authorizeUrl, 'eva');
      tamper = how;
      const page = await (await fetch(callbackUrl)).text();
      expect(page).toContain('ITSME_ID_TOKEN_INVALID');
      expect((await client.get<Status>(`/api/auth/itsme/status?pollId=${pollId}`)).body).toMatchObject({ state: 'failed', error: { code: 'ITSME_ID_TOKEN_INVALID' } });
      expect((await client.post<{ error: { code: string } }>('/api/handoff')).body.error.code).toBe('SESSION_INVALID');
    });
  }

  it('reports a provider error (the user cancelled at itsme)', async () => {
    const { client, authorizeUrl, pollId } = await start();
    const callback = await fetch(await throughProvider(authorizeUrl, 'eva', { abort: true }));
    expect(await callback.text()).toContain('ITSME_PROVIDER_ERROR');
    expect((await client.get<Status>(`/api/auth/itsme/status?pollId=${pollId}`)).body).toMatchObject({ state: 'failed', error: { code: 'ITSME_PROVIDER_ERROR' } });
  });

  it('sends an itsme user without a MyVivium account to the helpdesk', async () => {
    const { client, authorizeUrl, pollId } = await start();
    await fetch(await throughProvider(authorizeUrl, 'stranger'));
    const status = await client.get<Status & { error: { details: unknown } }>(`/api/auth/itsme/status?pollId=${pollId}`);
    expect(status.body).toMatchObject({ state: 'failed', error: { code: 'ACCOUNT_UNKNOWN', details: { helpdeskEmail: 'myvivium@vivium.be' } } });
    expect(itsmeStatusReply.safeParse(status.body).success).toBe(true);
  });

  it('answers the poll only to the session that started the flow, and times out after 5 minutes', async () => {
    const { client, pollId } = await start();
    expect((await new ApiClient(server.url).get<Status>(`/api/auth/itsme/status?pollId=${pollId}`)).status).toBe(401);
    await server.advanceClock(5 * 60_000 + 1_000);
    expect((await client.get<Status>(`/api/auth/itsme/status?pollId=${pollId}`)).body).toMatchObject({ state: 'failed', error: { code: 'ITSME_TIMEOUT' } });
  });
});

describe('the itsme session swap (issue 21): a finished login belongs to the app that started it', () => {
  it('the attacker who started the flow gets nothing, the victim’s app cannot finish it, the victim’s session stays clean', async () => {
    // The attacker starts a flow with its own app secret and sends the authorize URL to a victim.
    const attacker = await start();
    // The victim has the app running, with an itsme login of its own waiting.
    const victim = await start();
    // The victim completes itsme in their own browser with the attacker's URL; the page hands the result
    // to the app on the victim's computer.
    const page = await (await fetch(await throughProvider(attacker.authorizeUrl, 'eva'))).text();
    const result = resultOf(page);

    // The attacker polls: never a session, never an account, and its cookie stays anonymous.
    const polls = await Promise.all([1, 2, 3].map(() => attacker.client.get<Status>(`/api/auth/itsme/status?pollId=${attacker.pollId}`)));
    for (const poll of polls) expect(poll.body).toEqual({ state: 'pending' });
    expect((await attacker.client.post<{ error: { code: string } }>('/api/handoff')).body.error.code).toBe('SESSION_INVALID');
    expect((await attacker.client.post<{ error: { code: string } }>('/api/onboarding/email', { email: 'attacker@evil.test' })).body.error.code).toBe('SESSION_INVALID');
    // Without the result (it is in the victim's browser) the attacker's secret opens nothing, even guessed.
    expect((await exchange(attacker.client, { pollId: attacker.pollId, result: randomBytes(32).toString('base64url'), appSecret: attacker.appSecret })).body.error?.code).toBe('ITSME_STATE_INVALID');

    // The victim's app holds the result, but not the secret nor the session of the flow: refused, with its
    // own poll id and secret, and with the attacker's poll id too.
    expect((await exchange(victim.client, { pollId: victim.pollId, result, appSecret: victim.appSecret })).body.error?.code).toBe('ITSME_STATE_INVALID');
    expect((await exchange(victim.client, { pollId: attacker.pollId, result, appSecret: victim.appSecret })).body.error?.code).toBe('ITSME_STATE_INVALID');
    expect((await victim.client.post<{ error: { code: string } }>('/api/handoff')).body.error.code).toBe('SESSION_INVALID');
    // Even a stolen result plus the attacker's session fails without the attacker's secret, and vice versa.
    expect((await exchange(attacker.client, { pollId: attacker.pollId, result, appSecret: victim.appSecret })).body.error?.code).toBe('ITSME_STATE_INVALID');
    expect((await exchange(victim.client, { pollId: attacker.pollId, result, appSecret: attacker.appSecret })).body.error?.code).toBe('ITSME_STATE_INVALID');

    // The victim's own login still works through its own flow.
    const own = resultOf(await (await fetch(await throughProvider(victim.authorizeUrl, 'eva'))).text());
    expect((await exchange(victim.client, { pollId: victim.pollId, result: own, appSecret: victim.appSecret })).body).toMatchObject({ account: { displayName: 'Eva Demo Specimen' } });
  });

  it('refuses to start without the hash of an app secret', async () => {
    const client = new ApiClient(server.url);
    expect((await client.post<{ error: { code: string } }>('/api/auth/itsme/start')).body.error.code).toBe('INVALID_ARGUMENT');
    expect((await client.post<{ error: { code: string } }>('/api/auth/itsme/start', { appSecretHash: 'short' })).body.error.code).toBe('INVALID_ARGUMENT');
  });
});
