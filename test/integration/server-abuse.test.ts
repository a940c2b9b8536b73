// The attacks of issue 21 (items 3–5) against the backend's HTTP layer, on SQLite and on PostgreSQL: each
// test is the attack, and fails if the hole reopens. Logins are real eID logins (software keys of the test
// PKI); the clock is the server's adjustable one.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenValidator } from '../../src/auth/index.ts';
import { createTestPki } from '../../src/test-pki/test-pki.ts';
import { buildApp, loggerOptions } from '../../server/app.ts';
import { createAdjustableClock } from '../../server/clock.ts';
import { createKeyedHash } from '../../server/keyed-hash.ts';
import { createOutboxSender, readOutbox } from '../../server/outbox-sender.ts';
import type { Store } from '../../server/store.ts';
import { createSoftwareEid, type SoftwareEid } from '../support/software-eid.ts';
import { throwawayPostgresStore, throwawaySqliteStore } from '../support/throwaway-store.ts';

const ORIGIN = 'https://myvivium.test';
const POSTGRES_URL = process.env.TEST_DATABASE_URL;
const POSTGRES_MISSING = 'TEST_DATABASE_URL is not set: the attacks on PostgreSQL are skipped (see README, "Test it")';
if (!POSTGRES_URL) console.warn(POSTGRES_MISSING);

const HOLDERS = { eva: '85051200203', jan: '90010100123', piet: '71020300154', lena: '93051800111' } as const;
type Holder = keyof typeof HOLDERS;
interface Answer { statusCode: number; body: { error?: { code: string; details?: Record<string, number | string> } } & Record<string, unknown> }

function attacks(open: () => Promise<{ store: Store; dispose: () => Promise<void> }>) {
  const dir = mkdtempSync(join(tmpdir(), 'myvivium-abuse-'));
  const outboxPath = join(dir, 'outbox.jsonl');
  const clock = createAdjustableClock();
  const hash = createKeyedHash(randomBytes(32));
  const logLines: Record<string, unknown>[] = [];
  const eids = {} as Record<Holder, SoftwareEid>;
  let store: Store;
  let dispose: () => Promise<void>;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let addresses = 0;
  /** A fresh client address per login, so the per-address challenge limit never gets in the way. */
  const nextAddress = () => `10.1.${Math.floor(++addresses / 250)}.${addresses % 250}`;

  beforeAll(async () => {
    ({ store, dispose } = await open());
    await store.migrate();
    const pki = await createTestPki();
    for (const [name, nationalNumber] of Object.entries(HOLDERS) as [Holder, string][]) {
      eids[name] = await createSoftwareEid(pki, { keyType: 'p384', nationalNumber });
      await store.upsertCustomer({ nationalNumberHash: hash('national-number', nationalNumber), displayName: name }, clock.now());
    }
    const logs = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    app = await buildApp(
      {
        store,
        validator: createTokenValidator({ trustedCertificates: [pki.trustPem.citizenCa], revocation: false, clock: () => new Date(clock.now()) }),
        clock,
        hash,
        sender: createOutboxSender(outboxPath, clock.now),
        settings: {
          origin: ORIGIN, dev: false, secureCookies: true, portalUrl: () => ORIGIN, rateLimitMultiplier: 1,
          sms: { allowedCountries: ['32'], perCustomerPerDay: 3, dailyBudget: 5 },
        },
      },
      { logger: loggerOptions('info', logs) },
    );
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  const call = async (method: 'GET' | 'POST', url: string, cookie: string | undefined, payload?: unknown, remoteAddress = '10.0.0.1'): Promise<Answer> => {
    const response = await app.inject({ method, url, remoteAddress, ...(cookie ? { headers: { cookie } } : {}), ...(payload === undefined ? {} : { payload: payload as object }) });
    return { statusCode: response.statusCode, body: response.json() };
  };

  /** A real eID login from a new address; returns the session cookie. */
  async function login(holder: Holder): Promise<string> {
    const remoteAddress = nextAddress();
    const challenge = await app.inject({ method: 'POST', url: '/api/auth/eid/challenge', remoteAddress });
    const cookie = String(challenge.headers['set-cookie']).split(';')[0]!;
    const token = await eids[holder].token(ORIGIN, challenge.json<{ nonce: string }>().nonce);
    const answer = await app.inject({ method: 'POST', url: '/api/auth/eid/login', remoteAddress, headers: { cookie }, payload: { token } });
    expect(answer.statusCode).toBe(200);
    return String(answer.headers['set-cookie']).split(';')[0]!;
  }

  const codeFor = async (to: string) => (await readOutbox(outboxPath)).findLast((m) => m.to === to)!.code;

  it('item 3: thousands of random cookies neither empty the limit of a limited customer nor escape their own', async () => {
    const eva = await login('eva');
    // The customer uses up the handoff limit (30 a minute).
    const own = [];
    for (let i = 0; i < 31; i++) own.push((await call('POST', '/api/handoff', eva)).statusCode);
    expect(own.filter((s) => s === 200)).toHaveLength(30);
    expect(own.at(-1)).toBe(429);

    // The attack: 5 100 requests from one address, each with a random session cookie.
    const statuses: number[] = [];
    for (let batch = 0; batch < 51; batch++) {
      const answers = await Promise.all(Array.from({ length: 100 }, () => call('POST', '/api/handoff', `myvivium_session=${randomBytes(32).toString('base64url')}`, undefined, '203.0.113.9')));
      statuses.push(...answers.map((a) => a.statusCode));
    }
    // Unknown cookies count against the sender's address: 30 answers, then only 429.
    expect(statuses.filter((s) => s !== 429)).toHaveLength(30);
    expect(new Set(statuses.filter((s) => s !== 429))).toEqual(new Set([401]));

    // The customer's count survived the flood, and a new eID login (a new session) does not reset it.
    expect((await call('POST', '/api/handoff', eva)).body.error?.code).toBe('RATE_LIMITED');
    const evaAgain = await login('eva');
    const limited = await call('POST', '/api/handoff', evaAgain);
    expect(limited.statusCode).toBe(429);
    expect(limited.body.error?.details?.retryAfterSeconds).toBeGreaterThan(0);
    clock.advance(60_000);
    expect((await call('POST', '/api/handoff', evaAgain)).statusCode).toBe(200);
  }, 120_000);

  it('item 4: another letter case, a re-send or a new login neither skips the cool-down nor resets the wrong-code count; the account locks and says so', async () => {
    let jan = await login('jan');
    expect((await call('POST', '/api/onboarding/email', jan, { email: 'Jan.Guess@Example.test' })).statusCode).toBe(200);
    const sameInCaps = await call('POST', '/api/onboarding/email', jan, { email: '  JAN.GUESS@EXAMPLE.TEST ' });
    expect(sameInCaps.statusCode).toBe(429);
    expect(sameInCaps.body.error?.code).toBe('RATE_LIMITED');
    expect((await readOutbox(outboxPath)).filter((m) => m.to.toLowerCase() === 'jan.guess@example.test').map((m) => m.to)).toEqual(['jan.guess@example.test']);

    // Guessing: a new eID login and a fresh code every round, five guesses each.
    const answers: string[] = [];
    for (let round = 0; round < 3; round++) {
      jan = await login('jan');
      clock.advance(31_000);
      const sent = await call('POST', '/api/onboarding/email', jan, { email: 'jan.guess@example.test' });
      answers.push(sent.body.error?.code ?? 'SENT');
      const right = await codeFor('jan.guess@example.test');
      const wrong = right === '000000' ? '111111' : '000000';
      for (let guess = 0; guess < 5; guess++) answers.push((await call('POST', '/api/onboarding/email/confirm', jan, { code: wrong })).body.error!.code);
    }
    expect(answers).toEqual([
      'SENT', 'CODE_WRONG', 'CODE_WRONG', 'CODE_WRONG', 'CODE_WRONG', 'CODE_ATTEMPTS_EXCEEDED',
      'SENT', 'CODE_WRONG', 'CODE_WRONG', 'CODE_WRONG', 'CODE_WRONG', 'CODE_LOCKED',
      'CODE_LOCKED', 'CODE_LOCKED', 'CODE_LOCKED', 'CODE_LOCKED', 'CODE_LOCKED', 'CODE_LOCKED',
    ]);
    // Locked: even the right code is refused, with the time the lock ends (24 h after the first wrong code).
    const lockedRight = await call('POST', '/api/onboarding/email/confirm', jan, { code: await codeFor('jan.guess@example.test') });
    expect(lockedRight.statusCode).toBe(403);
    expect(lockedRight.body.error?.code).toBe('CODE_LOCKED');
    expect(lockedRight.body.error?.details?.retryAfterSeconds).toBeGreaterThan(23 * 3600);
    clock.advance(24 * 3_600_000);
    jan = await login('jan');
    expect((await call('POST', '/api/onboarding/email', jan, { email: 'jan.guess@example.test' })).statusCode).toBe(200);
    expect((await call('POST', '/api/onboarding/email/confirm', jan, { code: await codeFor('jan.guess@example.test') })).statusCode).toBe(200);
  }, 60_000);

  it('item 4: code sends are capped per customer per hour and per day, whatever the address', async () => {
    let piet = await login('piet');
    const sends: number[] = [];
    for (let i = 0; i < 6; i++) sends.push((await call('POST', '/api/onboarding/email', piet, { email: `piet${i}@example.test` })).statusCode);
    expect(sends).toEqual([200, 200, 200, 200, 200, 429]);
    clock.advance(3_600_000);
    piet = await login('piet');
    for (let i = 6; i < 12; i++) sends.push((await call('POST', '/api/onboarding/email', piet, { email: `piet${i}@example.test` })).statusCode);
    // Ten a day: the hour's five, five more, then none.
    expect(sends.slice(6)).toEqual([200, 200, 200, 200, 200, 429]);
    clock.advance(3_600_000);
    piet = await login('piet');
    const day = await call('POST', '/api/onboarding/email', piet, { email: 'piet.next@example.test' });
    expect(day.body.error?.code).toBe('RATE_LIMITED');
    expect(day.body.error?.details?.retryAfterSeconds).toBeGreaterThan(3600);
  }, 60_000);

  it('item 5: no text message to premium, foreign or land-line numbers; per-customer cap; a global budget that stops sending and raises one alert', async () => {
    clock.advance(25 * 3_600_000); // fresh daily windows for everyone
    const lena = await login('lena');
    const outboxBefore = (await readOutbox(outboxPath)).length;
    for (const phone of ['+1 900 555 0100', '+882 1234 5678', '+883 5100 1234', '0900 12 345', '070 12 34 56', '02 406 87 09', '+32 400 12 34 56', '+44 7700 900123']) {
      const refused = await call('POST', '/api/onboarding/phone', lena, { phone });
      expect(refused.statusCode, phone).toBe(400);
      expect(refused.body.error?.code, phone).toBe('PHONE_NOT_ALLOWED');
    }
    expect((await readOutbox(outboxPath)).length).toBe(outboxBefore);
    clock.advance(60_000); // past the route's own limit (10 a minute), which those refusals used up

    // Three text messages a day per customer.
    const lenaSends = [];
    for (let i = 0; i < 4; i++) lenaSends.push((await call('POST', '/api/onboarding/phone', lena, { phone: `+3247011110${i}` })).body.error?.code ?? 'SENT');
    expect(lenaSends).toEqual(['SENT', 'SENT', 'SENT', 'RATE_LIMITED']);

    // The whole backend's budget is 5 a day: two more go out, then none, whoever asks.
    const eva = await login('eva');
    const jan = await login('jan');
    const budget = [];
    for (const [cookie, phone] of [[eva, '+32470222201'], [eva, '+32470222202'], [jan, '+32470333301'], [jan, '+32470333302']] as const) {
      const answer = await call('POST', '/api/onboarding/phone', cookie, { phone });
      budget.push(answer.body.error?.code ?? 'SENT');
      if (answer.statusCode === 503) expect(answer.body.error?.details?.retryAfterSeconds).toBeGreaterThan(0);
    }
    expect(budget).toEqual(['SENT', 'SENT', 'SMS_UNAVAILABLE', 'SMS_UNAVAILABLE']);
    expect((await readOutbox(outboxPath)).slice(outboxBefore).filter((m) => m.channel === 'phone')).toHaveLength(5);
    const alerts = logLines.filter((line) => line.alert === 'sms-budget-spent');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ level: 50, event: 'alert', budget: 5 });
    // E-mail still works while text messages are stopped.
    expect((await call('POST', '/api/onboarding/email', jan, { email: 'jan.budget@example.test' })).statusCode).toBe(200);
  }, 60_000);
}

describe('attacks on the backend (SQLite)', () => {
  attacks(() => throwawaySqliteStore('myvivium-abuse-db'));
});

describe.skipIf(!POSTGRES_URL)(`attacks on the backend (PostgreSQL)${POSTGRES_URL ? '' : ` (${POSTGRES_MISSING})`}`, () => {
  attacks(() => throwawayPostgresStore(POSTGRES_URL!, 'myvivium_abuse'));
});
