// The reference backend as a real process on SQLite: eID login with tokens from software keys of the
// test PKI (RSA and P-384), replay and expiry, certificate errors, onboarding by e-mail and phone, handoff.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountReply, challengeReply, codeSentReply, errorReply, handoffReply } from '../../src/backend/replies.ts';
import { createTestPki, type TestPki } from '../../src/test-pki/test-pki.ts';
import { ApiClient, startServer, type ServerHandle } from '../support/server.ts';
import { createSoftwareEid, type SoftwareEid } from '../support/software-eid.ts';

const ORIGIN = 'https://myvivium.test';
const EVA = '85051200203';

interface ErrorBody { error: { code: string; message: string; details?: Record<string, unknown> } }
interface Challenge { nonce: string; origin: string; expiresAt: string }
interface LoginBody { account: { displayName: string; email?: string; phone?: string; needsOnboarding: boolean } }

let pki: TestPki;
let server: ServerHandle;
let rsa: SoftwareEid;
let p384: SoftwareEid;

beforeAll(async () => {
  pki = await createTestPki();
  const dir = mkdtempSync(join(tmpdir(), 'myvivium-trust-'));
  const trust = [join(dir, 'root.pem'), join(dir, 'citizen-ca.pem')];
  writeFileSync(trust[0]!, pki.trustPem.root);
  writeFileSync(trust[1]!, pki.trustPem.citizenCa);
  [server, rsa, p384] = await Promise.all([
    startServer({ trust, origin: ORIGIN, dev: true }),
    createSoftwareEid(pki, { keyType: 'rsa' }),
    createSoftwareEid(pki, { keyType: 'p384' }),
  ]);
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

async function login(eid: SoftwareEid, client = new ApiClient(server.url)) {
  const challenge = await client.post<Challenge>('/api/auth/eid/challenge');
  expect(challenge.status).toBe(200);
  const token = await eid.token(challenge.body.origin, challenge.body.nonce);
  const answer = await client.post<LoginBody & ErrorBody>('/api/auth/eid/login', { token });
  return { client, challenge: challenge.body, token, answer };
}

describe('reference backend', () => {
  it('answers /health with its time and a Date header', async () => {
    const response = await fetch(`${server.url}/health`);
    const body = (await response.json()) as { status: string; time: string };
    expect(body.status).toBe('ok');
    expect(Number.isNaN(Date.parse(body.time))).toBe(false);
    expect(response.headers.get('date')).toBeTruthy();
  });

  it('issues a 32-byte nonce bound to an HttpOnly, SameSite=Strict session with its origin and a 5-minute expiry', async () => {
    const client = new ApiClient(server.url);
    const { body } = await client.post<Challenge>('/api/auth/eid/challenge');
    expect(Buffer.from(body.nonce, 'base64')).toHaveLength(32);
    expect(body.nonce).toHaveLength(44);
    expect(body.origin).toBe(ORIGIN);
    expect(challengeReply.safeParse(body).success).toBe(true);
    const ttl = Date.parse(body.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(4 * 60_000);
    expect(ttl).toBeLessThanOrEqual(5 * 60_000 + 60_000);
    expect(client.lastSetCookie).toMatch(/HttpOnly/);
    expect(client.lastSetCookie).toMatch(/SameSite=Strict/);
  });

  for (const [name, eid] of [['RSA (RS256)', () => rsa], ['P-384 (ES384)', () => p384]] as const) {
    it(`logs in with a ${name} token and refuses its replay`, async () => {
      const { client, token, answer } = await login(eid());
      expect(answer.status).toBe(200);
      expect(answer.body.account).toEqual({ displayName: 'Eva Demo Specimen', needsOnboarding: true });
      // The app's backend client reads these answers with its own schemas (src/backend/replies.ts).
      expect(accountReply.safeParse(answer.body).success).toBe(true);

      const replay = await client.post<ErrorBody>('/api/auth/eid/login', { token });
      expect(replay.status).toBe(401);
      expect(replay.body.error.code).toBe('NONCE_EXPIRED');

      // The same token against a fresh challenge: bound to the old nonce, so its signature fails.
      const other = new ApiClient(server.url);
      await other.post('/api/auth/eid/challenge');
      const relayed = await other.post<ErrorBody>('/api/auth/eid/login', { token });
      expect(relayed.body.error.code).toBe('SIGNATURE_INVALID');
    });
  }

  it('accepts exactly one of several simultaneous logins with the same token', async () => {
    const client = new ApiClient(server.url);
    const challenge = await client.post<Challenge>('/api/auth/eid/challenge');
    const token = await p384.token(ORIGIN, challenge.body.nonce);
    const answers = await Promise.all(Array.from({ length: 6 }, () => client.post<ErrorBody>('/api/auth/eid/login', { token })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status !== 200).map((a) => a.body.error.code)).toEqual(Array(5).fill('NONCE_EXPIRED'));
  });

  it('consumes the nonce even when the token is bad', async () => {
    const client = new ApiClient(server.url);
    const challenge = await client.post<Challenge>('/api/auth/eid/challenge');
    const bad = await client.post<ErrorBody>('/api/auth/eid/login', { token: { format: 'web-eid:1.0' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('TOKEN_MALFORMED');
    const token = await p384.token(ORIGIN, challenge.body.nonce);
    const late = await client.post<ErrorBody>('/api/auth/eid/login', { token });
    expect(late.body.error.code).toBe('NONCE_EXPIRED');
  });

  it('refuses a login without a challenge, and a token bound to another origin', async () => {
    const noSession = await new ApiClient(server.url).post<ErrorBody>('/api/auth/eid/login', { token: await p384.token(ORIGIN, 'x'.repeat(44)) });
    expect(noSession.body.error.code).toBe('NONCE_EXPIRED');

    const client = new ApiClient(server.url);
    const challenge = await client.post<Challenge>('/api/auth/eid/challenge');
    const token = await p384.token('https://evil.example', challenge.body.nonce);
    const answer = await client.post<ErrorBody>('/api/auth/eid/login', { token });
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('SIGNATURE_INVALID');
  });

  it('refuses a certificate from an untrusted CA and an expired certificate', async () => {
    const stranger = await createSoftwareEid(await createTestPki(), { keyType: 'p384' });
    expect((await login(stranger)).answer.body.error.code).toBe('CERT_UNTRUSTED');
    const expired = await createSoftwareEid(pki, { keyType: 'rsa', validity: 'expired' });
    const answer = (await login(expired)).answer;
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('CERT_EXPIRED');
  });

  it('sends an unknown card holder to the helpdesk', async () => {
    const unknown = await createSoftwareEid(pki, { keyType: 'p384', nationalNumber: '79020400145', firstNames: 'Nobody' });
    const { answer } = await login(unknown);
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('ACCOUNT_UNKNOWN');
    expect(answer.body.error.details).toEqual({ helpdeskEmail: 'myvivium@vivium.be', helpdeskPhone: '02/406.87.09' });
    expect(errorReply.safeParse(answer.body).success).toBe(true);
  });

  it('onboards by e-mail: wrong codes count down, the code from the outbox links the address', async () => {
    const { client } = await login(p384);
    const sent = await client.post<{ expiresAt: string }>('/api/onboarding/email', { email: 'eva.specimen@example.test' });
    expect(sent.status).toBe(200);
    expect(codeSentReply.safeParse(sent.body).success).toBe(true);
    const message = (await server.outbox()).findLast((m) => m.to === 'eva.specimen@example.test');
    expect(message?.code).toMatch(/^\d{6}$/);
    const devOutbox = await client.get<{ messages: { code: string }[] }>('/dev/outbox');
    expect(devOutbox.body.messages.map((m) => m.code)).toContain(message!.code);

    const wrong = message!.code === '000000' ? '111111' : '000000';
    for (const attemptsLeft of [4, 3]) {
      const answer = await client.post<ErrorBody>('/api/onboarding/email/confirm', { code: wrong });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 'CODE_WRONG', details: { attemptsLeft } });
    }
    const confirmed = await client.post<LoginBody>('/api/onboarding/email/confirm', { code: message!.code });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.account).toEqual({ displayName: 'Eva Demo Specimen', email: 'eva.specimen@example.test', needsOnboarding: false });
    // A later login sees the linked address.
    expect((await login(rsa)).answer.body.account.email).toBe('eva.specimen@example.test');
    // The code was single-use.
    const again = await client.post<ErrorBody>('/api/onboarding/email/confirm', { code: message!.code });
    expect(again.body.error.code).toBe('CODE_EXPIRED');
  });

  it('stops after 5 wrong codes, refuses an immediate resend to the same number, expires codes after 10 minutes', async () => {
    const { client } = await login(rsa);
    expect((await client.post('/api/onboarding/phone', { phone: '0470 12 34 56' })).status).toBe(200);
    const code = (await server.outbox()).findLast((m) => m.to === '+32470123456')!.code;
    const wrong = code === '000000' ? '111111' : '000000';
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await client.post<ErrorBody>('/api/onboarding/phone/confirm', { code: wrong })).body.error.code);
    expect(codes).toEqual(['CODE_WRONG', 'CODE_WRONG', 'CODE_WRONG', 'CODE_WRONG', 'CODE_ATTEMPTS_EXCEEDED']);
    expect((await client.post<ErrorBody>('/api/onboarding/phone/confirm', { code })).body.error.code).toBe('CODE_ATTEMPTS_EXCEEDED');

    const resend = await client.post<ErrorBody>('/api/onboarding/phone', { phone: '+32 470 12 34 56' });
    expect(resend.status).toBe(429);
    expect(resend.body.error.code).toBe('RATE_LIMITED');

    expect((await client.post('/api/onboarding/phone', { phone: '+32470123457' })).status).toBe(200);
    const fresh = (await server.outbox()).findLast((m) => m.to === '+32470123457')!.code;
    await server.advanceClock(10 * 60_000 + 1_000);
    // The 30-minute account session outlives the 10-minute code.
    expect((await client.post<ErrorBody>('/api/onboarding/phone/confirm', { code: fresh })).body.error.code).toBe('CODE_EXPIRED');
  });

  it('refuses bad addresses and numbers, and onboarding without a session', async () => {
    const { client } = await login(p384);
    expect((await client.post<ErrorBody>('/api/onboarding/email', { email: 'not-an-address' })).body.error.code).toBe('INVALID_ARGUMENT');
    expect((await client.post<ErrorBody>('/api/onboarding/phone', { phone: '12345' })).body.error.code).toBe('INVALID_ARGUMENT');
    expect((await client.post<ErrorBody>('/api/onboarding/email/confirm', { code: '12' })).body.error.code).toBe('INVALID_ARGUMENT');
    const anonymous = await new ApiClient(server.url).post<ErrorBody>('/api/onboarding/email', { email: 'a@example.test' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('SESSION_INVALID');
  });

  it('hands over to the portal with a link that works once', async () => {
    const { client } = await login(p384);
    const handoff = await client.post<{ url: string; expiresAt: string }>('/api/handoff');
    expect(handoff.status).toBe(200);
    expect(handoffReply.safeParse(handoff.body).success).toBe(true);
    // Compared with the server's own (test-advanced) clock.
    const serverTime = ((await (await fetch(`${server.url}/health`)).json()) as { time: string }).time;
    expect(Date.parse(handoff.body.expiresAt) - Date.parse(serverTime)).toBeLessThanOrEqual(60_000);
    const first = await fetch(handoff.body.url, { headers: { 'accept-language': 'nl-BE,nl;q=0.9' } });
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('Welkom Eva Demo Specimen');
    const second = await fetch(handoff.body.url);
    expect(second.status).toBe(410);
    expect(await second.text()).toContain('HANDOFF_INVALID');
    expect((await new ApiClient(server.url).post<ErrorBody>('/api/handoff')).body.error.code).toBe('SESSION_INVALID');
  });

  it('expires a challenge after 5 minutes', async () => {
    const client = new ApiClient(server.url);
    const challenge = await client.post<Challenge>('/api/auth/eid/challenge');
    await server.advanceClock(5 * 60_000 + 1_000);
    const answer = await client.post<ErrorBody>('/api/auth/eid/login', { token: await p384.token(ORIGIN, challenge.body.nonce) });
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('NONCE_EXPIRED');
  });

  it('answers errors in one shape and keeps personal data out of its logs', async () => {
    const notJson = await fetch(`${server.url}/api/auth/eid/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as ErrorBody).error.code).toBe('INVALID_ARGUMENT');
    const log = readFileSync(server.logPath, 'utf8');
    expect(log).toContain('"event":"login"');
    expect(log).not.toContain(EVA);
    expect(log).not.toContain('eva.specimen@example.test');
    expect(log).not.toContain('32470123456');
    for (const message of await server.outbox()) expect(log).not.toContain(message.code);
    expect(log).not.toMatch(/portal\/handoff\?t=/);
    expect(log).not.toContain(Buffer.from(rsa.certificateDer).toString('base64').slice(0, 60));
  });
});
