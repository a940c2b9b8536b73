// The helpdesk's production sign-in: the company's OpenID provider (oidc-provider started here, with a
// private_key_jwt client and PKCE), driven over HTTP as a browser would. The agent is named by the
// e-mail claim, and that name is what the audit trail records.
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenValidator } from '../../src/auth/index.ts';
import { createVirtualCard } from '../../src/virtual-card/index.ts';
import { buildApp } from '../../server/app.ts';
import { createAdjustableClock } from '../../server/clock.ts';
import { createOidcSignIn } from '../../server/helpdesk/agent-sign-in.ts';
import { createKeyedHash } from '../../server/keyed-hash.ts';
import { createOutboxSender } from '../../server/outbox-sender.ts';
import { SqliteStore } from '../../server/sqlite-store.ts';

const REDIRECT = 'https://myvivium.test/helpdesk/callback';
const AGENTS: Record<string, string> = { marie: 'marie.dupont@vivium.test' };

describe('helpdesk sign-in with the company OpenID provider', () => {
  const dir = mkdtempSync(join(tmpdir(), 'myvivium-helpdesk-oidc-'));
  const dbPath = join(dir, 'db.sqlite');
  const store = new SqliteStore(dbPath);
  const clock = createAdjustableClock();
  let providerServer: Server;
  let issuer: string;
  let app: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    await store.migrate();
    providerServer = createServer();
    await new Promise<void>((resolve) => providerServer.listen(0, '127.0.0.1', resolve));
    const address = providerServer.address();
    issuer = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const client = await generateKeyPair('ES256', { extractable: true });
    const providerKey = await generateKeyPair('RS256', { extractable: true });
    const provider = new Provider(issuer, {
      clients: [{
        client_id: 'myvivium-helpdesk',
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [{ ...(await exportJWK(client.publicKey)), kid: 'helpdesk-1', alg: 'ES256', use: 'sig' }] },
        redirect_uris: [REDIRECT],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      }],
      jwks: { keys: [{ ...(await exportJWK(providerKey.privateKey)), kid: 'company-1', alg: 'RS256', use: 'sig' }] },
      pkce: { required: () => true },
      claims: { openid: ['sub'], email: ['email'] },
      cookies: { keys: ['helpdesk-test-cookie-key'] },
      features: { devInteractions: { enabled: true } },
      async findAccount(_ctx, id) {
        return { accountId: id, claims: async () => ({ sub: id, ...(AGENTS[id] ? { email: AGENTS[id] } : {}) }) };
      },
    });
    providerServer.on('request', provider.callback());

    const card = await createVirtualCard({ profile: '1.8', seed: 'helpdesk-oidc' });
    app = await buildApp(
      {
        store,
        validator: createTokenValidator({ trustedCertificates: [card.pki.root.pem], revocation: false }),
        clock,
        hash: createKeyedHash(new Uint8Array(32).fill(5)),
        sender: createOutboxSender(join(dir, 'outbox.jsonl'), clock.now),
        settings: { origin: 'https://myvivium.test', dev: false, secureCookies: true, portalUrl: () => 'https://myvivium.test', rateLimitMultiplier: 1 },
        helpdeskSignIn: createOidcSignIn(
          { issuer, clientId: 'myvivium-helpdesk', privateJwk: { ...(await exportJWK(client.privateKey)), kid: 'helpdesk-1', alg: 'ES256' }, scope: 'openid email', agentClaim: 'email', allowHttp: true },
          () => REDIRECT,
        ),
      },
      { logger: false },
    );
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await store.close();
    await new Promise((resolve) => providerServer?.close(resolve));
  });

  /** The browser at the provider: follows redirects, signs in as `user`, consents; returns the redirect back to us. */
  async function throughProvider(authorizeUrl: string, user: string): Promise<URL> {
    const jar = new Map<string, string>();
    let url = authorizeUrl;
    let body: string | undefined;
    for (let step = 0; step < 20; step++) {
      if (url.startsWith(REDIRECT)) return new URL(url);
      const response = await fetch(url, {
        method: body ? 'POST' : 'GET',
        redirect: 'manual',
        headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        ...(body ? { body } : {}),
      });
      for (const cookie of response.headers.getSetCookie()) {
        const [pair = ''] = cookie.split(';');
        jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
      }
      const location = response.headers.get('location');
      if (location) {
        url = new URL(location, url).toString();
        body = undefined;
        continue;
      }
      const html = await response.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      if (!action) throw new Error(`provider page without a form (HTTP ${response.status})`);
      url = new URL(action.replace(/&amp;/g, '&'), url).toString();
      body = html.includes('value="consent"') ? 'prompt=consent' : new URLSearchParams({ prompt: 'login', login: user, password: 'test' }).toString();
    }
    throw new Error('too many steps at the provider');
  }

  const cookieOf = (setCookie: unknown, name: string) => ([] as string[]).concat(setCookie as string[]).find((c) => c.startsWith(`${name}=`))?.split(';')[0] ?? '';

  it('signs the agent in through the provider (PKCE, state, nonce) and records the agent\'s e-mail in the audit trail', async () => {
    const page = await app.inject({ method: 'GET', url: '/helpdesk', headers: { 'accept-language': 'fr' } });
    expect(page.body).toContain('href="/helpdesk/sign-in"');
    const start = await app.inject({ method: 'GET', url: '/helpdesk/sign-in' });
    expect(start.statusCode).toBe(303);
    const authorize = new URL(String(start.headers.location));
    expect(authorize.origin).toBe(issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const flowCookie = cookieOf(start.headers['set-cookie'], 'myvivium_helpdesk_sign_in');
    expect(String(start.headers['set-cookie'])).toMatch(/Path=\/helpdesk; HttpOnly; SameSite=Lax; Max-Age=600; Secure/);

    const back = await throughProvider(authorize.toString(), 'marie');
    // Without the flow's cookie (another browser) the answer is refused.
    expect((await app.inject({ method: 'GET', url: `${back.pathname}${back.search}` })).statusCode).toBe(401);
    const callback = await app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: { cookie: flowCookie } });
    expect(callback.statusCode).toBe(303);
    const agentCookie = cookieOf(callback.headers['set-cookie'], 'myvivium_helpdesk');
    expect(agentCookie).not.toBe('');

    const report = await store.putSupportReport({
      codeHash: createKeyedHash(new Uint8Array(32).fill(5))('support-code', 'K7P2XM'),
      installationId: '3f0c2a5e-8d41-4c7a-9b2e-5a1f6d3c7e90',
      report: JSON.stringify({
        reportId: 'D-20261204-K7P2XM', createdAt: '2026-12-04T09:00:00.000Z', language: 'fr', appVersion: '0.1.0', platform: 'linux', outcome: 'fail',
        verdict: { key: 'noCard', status: 'fail', actionKeys: ['action.insertCard'], basedOn: ['card'], params: {} },
        findings: [{ key: 'card', status: 'fail', value: null, detailKey: 'detail.card.none', params: {} }],
        personalDataIncluded: false, summary: 's', text: 't', mailto: 'mailto:myvivium@vivium.be', fileName: 'r.txt',
      }),
      personalData: false,
      createdAt: clock.now(),
      expiresAt: clock.now() + 60_000,
    });
    expect(report).toBe('stored');
    const shown = await app.inject({ method: 'POST', url: '/helpdesk/report', payload: 'code=K7P2XM', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: agentCookie, 'accept-language': 'fr' } });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('marie.dupont@vivium.test');
    expect(shown.body).toContain('data-verdict="noCard"');
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare('SELECT agent, report_id FROM helpdesk_views').all()).toEqual([{ agent: 'marie.dupont@vivium.test', report_id: 'D-20261204-K7P2XM' }]);
    db.close();
  });

  it('has no token sign-in in production and refuses a forged agent cookie', async () => {
    expect((await app.inject({ method: 'POST', url: '/helpdesk/sign-in', payload: 'token=anything-at-all-123', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).statusCode).toBe(404);
    const forged = Buffer.from(JSON.stringify({ agent: 'mallory', exp: Date.now() + 3600_000 })).toString('base64url');
    const refused = await app.inject({ method: 'POST', url: '/helpdesk/report', payload: 'code=K7P2XM', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `myvivium_helpdesk=${forged}.${'A'.repeat(43)}` } });
    expect(refused.statusCode).toBe(401);
  });
});
