// In-process checks of the HTTP layer (Fastify inject): rate limits and the error shape.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenValidator } from '../../src/auth/index.ts';
import { createTestPki } from '../../src/test-pki/test-pki.ts';
import { buildApp } from '../../server/app.ts';
import { createAdjustableClock } from '../../server/clock.ts';
import { createKeyedHash } from '../../server/keyed-hash.ts';
import { createOutboxSender } from '../../server/outbox-sender.ts';
import { SqliteStore } from '../../server/sqlite-store.ts';

describe('HTTP layer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'myvivium-app-'));
  const store = new SqliteStore(join(dir, 'db.sqlite'));
  const clock = createAdjustableClock();
  let app: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    await store.migrate();
    const pki = await createTestPki();
    app = await buildApp(
      {
        store,
        validator: createTokenValidator({ trustedCertificates: [pki.trustPem.citizenCa], revocation: false }),
        clock,
        hash: createKeyedHash(new Uint8Array(32).fill(7)),
        sender: createOutboxSender(join(dir, 'outbox.jsonl'), clock.now),
        settings: { origin: 'https://myvivium.test', dev: false, secureCookies: true, portalUrl: () => 'https://myvivium.test', rateLimitMultiplier: 0.1 },
      },
      { logger: false },
    );
  });
  afterAll(async () => {
    await app?.close();
    await store.close();
  });

  it('limits challenges per client and answers RATE_LIMITED in the common error shape', async () => {
    const statuses: number[] = [];
    let last: { error: { code: string; details?: { retryAfterSeconds?: number } } } | undefined;
    for (let i = 0; i < 8; i++) {
      const response = await app.inject({ method: 'POST', url: '/api/auth/eid/challenge' });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) last = response.json();
    }
    // 60 per minute × 0.1 = 6.
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    expect(last?.error.code).toBe('RATE_LIMITED');
    expect(last?.error.details?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('sets a Secure, HttpOnly, SameSite=Strict cookie outside development and has no dev routes', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/auth/eid/challenge', remoteAddress: '10.0.0.2' });
    expect(response.statusCode).toBe(200);
    expect(String(response.headers['set-cookie'])).toMatch(/^myvivium_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=600; Secure$/);
    expect((await app.inject({ method: 'GET', url: '/dev/outbox' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/dev/clock', payload: { advanceMs: 1 } })).json()).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
  });

  it('refuses oversized bodies with INVALID_ARGUMENT', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/onboarding/email', payload: { email: 'x'.repeat(70_000) } });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
  });
});
