// Attacks on the reference backend's HTTP layer (issue 21), each kept as a test that fails if the hole
// reopens: a foreign certificate naming a Belgian customer's digits, rate-limit escape through forwarding
// headers, internals echoed in error answers, missing browser protections, a development server on the network.
// The Fastify app runs in-process (inject) on SQLite with the virtual card's test PKI.
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenValidator, type RevocationOption } from '../../src/auth/index.ts';
import { createTestPki, type TestPki } from '../../src/test-pki/test-pki.ts';
import { buildApp, loggerOptions } from '../../server/app.ts';
import { createAdjustableClock } from '../../server/clock.ts';
import { ConfigError, parseConfig, type TrustProxy } from '../../server/config.ts';
import { publicMessage } from '../../server/http-errors.ts';
import { createKeyedHash } from '../../server/keyed-hash.ts';
import { createOutboxSender } from '../../server/outbox-sender.ts';
import { SqliteStore } from '../../server/sqlite-store.ts';
import { createSoftwareEid } from '../support/software-eid.ts';

const ORIGIN = 'https://myvivium.test';
const EVA = '85051200203';
const PROXY = '10.0.0.1';

type App = Awaited<ReturnType<typeof buildApp>>;
interface Answer { statusCode: number; headers: Record<string, unknown>; body: string; json(): unknown }

let pki: TestPki;
const apps: App[] = [];
const stores: SqliteStore[] = [];

beforeAll(async () => {
  pki = await createTestPki();
}, 60_000);

afterAll(async () => {
  for (const app of apps) await app.close();
  for (const store of stores) await store.close();
});

/** A backend with one customer, Eva; `log` collects its JSON log lines. */
async function backend(options: { trustProxy?: TrustProxy; revocation?: RevocationOption; multiplier?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'myvivium-attacks-'));
  const store = new SqliteStore(join(dir, 'db.sqlite'));
  stores.push(store);
  await store.migrate();
  const clock = createAdjustableClock();
  const hash = createKeyedHash(new Uint8Array(32).fill(9));
  await store.upsertCustomer({ nationalNumberHash: hash('national-number', EVA), displayName: 'Eva Demo Specimen' }, clock.now());
  const log: string[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (log.push(chunk.toString('utf8')), done()) });
  const app = await buildApp(
    {
      store,
      validator: createTokenValidator({ trustedCertificates: [pki.trustPem.root, pki.trustPem.citizenCa], revocation: options.revocation ?? false }),
      clock,
      hash,
      sender: createOutboxSender(join(dir, 'outbox.jsonl'), clock.now),
      settings: { origin: ORIGIN, dev: false, secureCookies: true, portalUrl: () => ORIGIN, rateLimitMultiplier: options.multiplier ?? 1 },
    },
    { logger: loggerOptions('info', sink), ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}) },
  );
  apps.push(app);
  return { app, log };
}

/** Challenge, then login with a token made by `eid`, in one cookie session. */
async function login(app: App, eid: Awaited<ReturnType<typeof createSoftwareEid>>): Promise<Answer> {
  const challenge = await app.inject({ method: 'POST', url: '/api/auth/eid/challenge' });
  const cookie = String(challenge.headers['set-cookie']).split(';')[0]!;
  const { nonce } = challenge.json<{ nonce: string }>();
  return app.inject({ method: 'POST', url: '/api/auth/eid/login', headers: { cookie }, payload: { token: await eid.token(ORIGIN, nonce) } });
}

describe('attack: a certificate that is not a Belgian citizen\'s names a customer\'s digits (item 6)', () => {
  it('PNOEE-/PNOXX- serial numbers with Eva\'s digits do not log in as Eva; Eva herself does', async () => {
    const { app } = await backend();
    for (const nationalNumber of [`PNOEE-${EVA}`, `PNOXX-${EVA}`]) {
      const answer = await login(app, await createSoftwareEid(pki, { keyType: 'p384', nationalNumber }));
      expect(answer.statusCode, nationalNumber).toBe(401);
      expect(answer.json()).toMatchObject({ error: { code: 'CERT_PURPOSE' } });
    }
    const eva = await login(app, await createSoftwareEid(pki, { keyType: 'p384', nationalNumber: `PNOBE-${EVA}` }));
    expect(eva.statusCode).toBe(200);
    expect(eva.json()).toMatchObject({ account: { displayName: 'Eva Demo Specimen' } });
  });
});

describe('attack: a session cookie seen before the login (fixation, threat model: stolen cookie)', () => {
  it('the login session\'s cookie is worthless once the customer has logged in', async () => {
    const { app } = await backend();
    const challenge = await app.inject({ method: 'POST', url: '/api/auth/eid/challenge' });
    const before = String(challenge.headers['set-cookie']).split(';')[0]!;
    const eid = await createSoftwareEid(pki, { keyType: 'p384' });
    const loggedIn = await app.inject({ method: 'POST', url: '/api/auth/eid/login', headers: { cookie: before }, payload: { token: await eid.token(ORIGIN, challenge.json<{ nonce: string }>().nonce) } });
    expect(loggedIn.statusCode).toBe(200);
    const after = String(loggedIn.headers['set-cookie']).split(';')[0]!;
    expect(after).not.toBe(before);
    expect((await app.inject({ method: 'POST', url: '/api/handoff', headers: { cookie: after } })).statusCode).toBe(200);
    const planted = await app.inject({ method: 'POST', url: '/api/handoff', headers: { cookie: before } });
    expect(planted.json()).toMatchObject({ error: { code: 'SESSION_INVALID' } });
  });
});

describe('attack: escaping or sharing rate limits through forwarding headers (item 7)', () => {
  const challenge = (app: App, remoteAddress: string, forwardedFor?: string) =>
    app.inject({ method: 'POST', url: '/api/auth/eid/challenge', remoteAddress, ...(forwardedFor ? { headers: { 'x-forwarded-for': forwardedFor } } : {}) });
  const statuses = async (count: number, request: (i: number) => Promise<Answer>) => {
    const seen: number[] = [];
    for (let i = 0; i < count; i++) seen.push((await request(i)).statusCode);
    return seen;
  };
  // 60 per minute × 0.1 = 6 challenges per client.
  const LIMITED = [200, 200, 200, 200, 200, 200, 429, 429];

  it('without TRUST_PROXY a client cannot pick a new address with X-Forwarded-For', async () => {
    const { app } = await backend({ multiplier: 0.1 });
    expect(await statuses(8, (i) => challenge(app, '192.0.2.7', `198.51.100.${i}`))).toEqual(LIMITED);
  });

  it('behind one trusted proxy, customers get their own buckets and a forged X-Forwarded-For entry changes nothing', async () => {
    const { app } = await backend({ multiplier: 0.1, trustProxy: { hops: 1 } });
    expect(await statuses(8, () => challenge(app, PROXY, '203.0.113.5'))).toEqual(LIMITED);
    // Another customer behind the same load balancer is not limited by the first one.
    expect((await challenge(app, PROXY, '203.0.113.6')).statusCode).toBe(200);
    // The first customer prepends made-up addresses: the proxy appends the real one, and that is the one counted.
    expect(await statuses(3, (i) => challenge(app, PROXY, `198.51.100.${i}, 203.0.113.5`))).toEqual([429, 429, 429]);
  });

  it('with proxy addresses, forwarding headers from anyone else are ignored', async () => {
    const { app } = await backend({ multiplier: 0.1, trustProxy: { addresses: [`${PROXY}/32`] } });
    expect(await statuses(8, (i) => challenge(app, '192.0.2.8', `198.51.100.${i}`))).toEqual(LIMITED);
    // Through the proxy, the same client is still the same client, and another one is not limited.
    expect((await challenge(app, PROXY, '192.0.2.8')).statusCode).toBe(429);
    expect((await challenge(app, PROXY, '192.0.2.99')).statusCode).toBe(200);
  });

  it('TRUST_PROXY takes a hop count or proxy addresses; "trust everyone" is refused', () => {
    const prod = { HASH_KEY: 'ab'.repeat(32), SMTP_URL: 'smtp://relay.example', SMS_GATEWAY_URL: 'https://sms.example', SMS_GATEWAY_TOKEN: 't', TRUSTED_CA_FILES: 'a.pem', MYVIVIUM_ORIGIN: ORIGIN };
    expect(parseConfig([], prod).trustProxy).toEqual({ hops: 0 });
    expect(parseConfig([], { ...prod, TRUST_PROXY: '2' }).trustProxy).toEqual({ hops: 2 });
    expect(parseConfig(['--trust-proxy', '10.0.0.0/8, fd00::1'], prod).trustProxy).toEqual({ addresses: ['10.0.0.0/8', 'fd00::1'] });
    for (const value of ['true', '*', '11', '-1', '10.0.0.0/33', 'lb.internal']) {
      expect(() => parseConfig([], { ...prod, TRUST_PROXY: value }), value).toThrow(ConfigError);
    }
  });
});

describe('attack: reading internals from error answers (item 8)', () => {
  let responder: Server;
  let mode: 'http' | 'status' | 'garbage' = 'http';
  beforeAll(async () => {
    // An OCSP responder that fails in the ways the attack saw echoed: an HTTP status, an OCSP status
    // (malformedRequest) and an answer the ASN.1 parser cannot read.
    const bodies = { status: '30030a0101', garbage: '3003020101' };
    responder = createServer((_request, response) => {
      if (mode === 'http') response.writeHead(503).end();
      else response.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(Buffer.from(bodies[mode], 'hex'));
    });
    await new Promise<void>((done) => responder.listen(0, '127.0.0.1', done));
  });
  afterAll(() => new Promise<void>((done) => responder.close(() => done())));

  const internals = /ECONNRESET|ECONNREFUSED|fetch failed|HTTP \d{3}|status \d|schema|asn1|pkijs|DER|does not decode|Unexpected token|JSON at position|no route|Body is not valid/i;

  function expectFixed(answer: Answer, code: string): void {
    const body = answer.json() as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message).toBe(publicMessage(body.error.code as Parameters<typeof publicMessage>[0]));
    expect(answer.body).not.toMatch(internals);
  }

  it('OCSP failures, broken certificates, unparsable bodies and unknown routes answer only their code\'s fixed message; the log keeps the detail', async () => {
    const { port } = responder.address() as AddressInfo;
    const { app, log } = await backend({ revocation: { mode: 'designated', url: `http://127.0.0.1:${port}/ocsp`, responderCertificate: pki.trustPem.citizenCa } });
    const eva = await createSoftwareEid(pki, { keyType: 'p384' });

    mode = 'http';
    expectFixed(await login(app, eva), 'OCSP_UNAVAILABLE');
    mode = 'status';
    expectFixed(await login(app, eva), 'OCSP_INVALID');
    mode = 'garbage';
    expectFixed(await login(app, eva), 'OCSP_INVALID');

    const challenge = await app.inject({ method: 'POST', url: '/api/auth/eid/challenge' });
    const cookie = String(challenge.headers['set-cookie']).split(';')[0]!;
    const token = { ...(await eva.token(ORIGIN, challenge.json<{ nonce: string }>().nonce)), unverifiedCertificate: Buffer.from('30820100020101', 'hex').toString('base64') };
    expectFixed(await app.inject({ method: 'POST', url: '/api/auth/eid/login', headers: { cookie }, payload: { token } }), 'TOKEN_MALFORMED');
    expectFixed(await app.inject({ method: 'POST', url: '/api/auth/eid/login', headers: { 'content-type': 'application/json' }, payload: '{"token":' }), 'INVALID_ARGUMENT');
    expectFixed(await app.inject({ method: 'GET', url: '/internal/../admin?x=1' }), 'INVALID_ARGUMENT');

    const logged = log.join('');
    for (const detail of ['OCSP responder answered HTTP 503', 'OCSP responder status 1', 'OCSP response does not decode', 'certificate is not strict DER', 'Body is not valid JSON']) {
      expect(logged).toContain(detail);
    }
  });
});

describe('attack: framing, sniffing and downgrading the backend\'s answers (item 9)', () => {
  const SAFE = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

  it('every answer (JSON, error, rate limit, page) carries nosniff and no-referrer; pages refuse every frame', async () => {
    const { app } = await backend({ multiplier: 0.02 });
    const answers = [
      await app.inject({ method: 'GET', url: '/health' }),
      await app.inject({ method: 'POST', url: '/api/auth/eid/challenge' }),
      await app.inject({ method: 'POST', url: '/api/auth/eid/challenge' }), // 60 × 0.02 = 1 per minute: 429
      await app.inject({ method: 'GET', url: '/nowhere' }),
      await app.inject({ method: 'GET', url: `/portal/handoff?t=${'a'.repeat(43)}` }),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 429, 404, 410]);
    for (const answer of answers) expect(answer.headers).toMatchObject(SAFE);
    const page = answers[4]!;
    expect(String(page.headers['content-type'])).toMatch(/^text\/html/);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(String(page.headers['content-security-policy'])).toMatch(/(^|;)\s*frame-ancestors 'none'(;|$)/);
    expect(String(page.headers['content-security-policy'])).toMatch(/default-src 'none'/);
  });

  it('HSTS when the answer goes out over https (as a trusted proxy says), never on plain http or when an untrusted client claims https', async () => {
    const { app } = await backend({ trustProxy: { addresses: [PROXY] } });
    const overHttps = await app.inject({ method: 'GET', url: '/health', remoteAddress: PROXY, headers: { 'x-forwarded-proto': 'https' } });
    expect(overHttps.headers['strict-transport-security']).toBe('max-age=31536000');
    const plain = await app.inject({ method: 'GET', url: '/health', remoteAddress: PROXY });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    const claimed = await app.inject({ method: 'GET', url: '/health', remoteAddress: '192.0.2.9', headers: { 'x-forwarded-proto': 'https' } });
    expect(claimed.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('attack: a development server reachable from the network (item 10)', () => {
  it('--dev and MYVIVIUM_DEV=1 refuse any host but loopback', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'myvivium.test', '127.0.0.1.nip.io']) {
      expect(() => parseConfig(['--dev', '--trust', 'x.pem', '--host', host], {}), host).toThrow(/loopback only/);
      expect(() => parseConfig(['--trust', 'x.pem'], { MYVIVIUM_DEV: '1', HOST: host }), host).toThrow(ConfigError);
    }
    for (const host of ['127.0.0.1', '::1', 'localhost', '127.0.0.2']) expect(parseConfig(['--dev', '--trust', 'x.pem', '--host', host], {}).host).toBe(host);
  });
});
