// Fault: PostgreSQL stops while three backend instances are under load. Every request must fail fast with
// 503 and the typed BACKEND_UNAVAILABLE error (no hang, no 500, no stack), the instances must recover by
// themselves when the database is back, and nothing confirmed before the stop may be lost. Runs on a
// cluster of its own (the shared one of TEST_DATABASE_URL must not be stopped under other tests).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki } from '../../src/test-pki/test-pki.ts';
import { createTestDatabase, POSTGRES_MISSING, postgresBin, startPostgresCluster, type PostgresCluster } from '../support/postgres-cluster.ts';
import { startServer, type ServerHandle } from '../support/server.ts';
import { createSoftwareEid, type SoftwareEid } from '../support/software-eid.ts';

const ORIGIN = 'https://myvivium.test';
const available = postgresBin() !== null;
if (!available) console.warn(`${POSTGRES_MISSING}: the PostgreSQL outage test is skipped`);

interface Outcome { status: number; code?: string; message?: string; ms: number }

async function post(server: ServerHandle, path: string, cookie?: string, body?: unknown): Promise<{ status: number; cookie?: string; json: Record<string, unknown> & { error?: { code: string; message: string } } }> {
  const response = await fetch(new URL(path, server.url), {
    method: 'POST',
    headers: { ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const setCookie = response.headers.get('set-cookie');
  return { status: response.status, ...(setCookie ? { cookie: setCookie.split(';')[0]! } : {}), json: (await response.json()) as never };
}

describe.skipIf(!available)(`the backend when PostgreSQL stops under load${available ? '' : ` (${POSTGRES_MISSING})`}`, () => {
  let cluster: PostgresCluster;
  let databaseUrl: string;
  let servers: ServerHandle[] = [];
  let eva: SoftwareEid;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    databaseUrl = (await createTestDatabase(cluster.url, 'myvivium_outage')).url;
    const pki = await createTestPki();
    const trust = join(mkdtempSync(join(tmpdir(), 'myvivium-outage-')), 'ca.pem');
    writeFileSync(trust, pki.trustPem.citizenCa);
    const hashKey = randomBytes(32).toString('hex');
    eva = await createSoftwareEid(pki, { keyType: 'p384' });
    servers = await Promise.all([0, 1, 2].map(() => startServer({ trust: [trust], origin: ORIGIN, dev: true, databaseUrl, hashKey, extraArgs: ['--rate-limit-multiplier', '1000', '--log-level', 'warn'] })));
  }, 90_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    cluster?.destroy();
  });

  /** One eID login, challenge from one instance and login through the next: the outcome of the step that ended it. */
  async function loginOnce(i: number): Promise<Outcome> {
    const start = performance.now();
    const challenge = await post(servers[i % 3]!, '/api/auth/eid/challenge');
    if (challenge.status !== 200) return { status: challenge.status, code: challenge.json.error?.code, message: challenge.json.error?.message, ms: performance.now() - start };
    const token = await eva.token(ORIGIN, challenge.json.nonce as string);
    const login = await post(servers[(i + 1) % 3]!, '/api/auth/eid/login', challenge.cookie, { token });
    return { status: login.status, code: login.json.error?.code, message: login.json.error?.message, ms: performance.now() - start };
  }

  it('answers 503 BACKEND_UNAVAILABLE fast while it is down, recovers alone, and loses no confirmation', async () => {
    // Before the stop: a customer confirms three addresses (each answered 200).
    const login = await post(servers[0]!, '/api/auth/eid/challenge');
    const session = (await post(servers[1]!, '/api/auth/eid/login', login.cookie, { token: await eva.token(ORIGIN, login.json.nonce as string) })).cookie!;
    const confirmed: string[] = [];
    for (let i = 0; i < 3; i++) {
      const target = `outage-${i}@example.test`;
      expect((await post(servers[i % 3]!, '/api/onboarding/email', session, { email: target })).status).toBe(200);
      const code = (await servers[i % 3]!.outbox()).findLast((m) => m.to === target)!.code;
      expect((await post(servers[(i + 1) % 3]!, '/api/onboarding/email/confirm', session, { code })).status).toBe(200);
      confirmed.push(target);
    }

    // Load: six clients logging in across the instances until told to stop.
    // Each outcome with the phase its login started and ended in.
    const outcomes: { phase: 'before' | 'down' | 'after'; ended: 'before' | 'down' | 'after'; outcome: Outcome }[] = [];
    let phase: 'before' | 'down' | 'after' = 'before';
    let running = true;
    const workers = Array.from({ length: 6 }, async (_, w) => {
      for (let i = w; running; i += 6) {
        const started = phase;
        const outcome = await loginOnce(i);
        outcomes.push({ phase: started, ended: phase, outcome });
      }
    });
    const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await settle(1_000);

    cluster.stop('fast');
    phase = 'down';
    await settle(2_000);
    const downOutcomes = outcomes.filter((o) => o.phase === 'down' && o.outcome.status !== 200);

    cluster.start();
    // Recovery by itself: the first login that succeeds after the restart, within 15 s.
    const back = performance.now();
    while (performance.now() - back < 15_000 && (await loginOnce(0)).status !== 200) await settle(100);
    phase = 'after';
    await settle(1_000);
    running = false;
    await Promise.all(workers);

    const after = outcomes.filter((o) => o.phase === 'after').map((o) => o.outcome);
    expect(outcomes.filter((o) => o.ended === 'before').every((o) => o.outcome.status === 200)).toBe(true);
    // While down: only 503 with the typed error and its fixed message, each within two seconds (a hang would wait for the 3 s connection timeout or longer).
    expect(downOutcomes.length).toBeGreaterThan(10);
    expect(new Set(downOutcomes.map((o) => `${o.outcome.status} ${o.outcome.code} ${o.outcome.message}`))).toEqual(
      new Set(['503 BACKEND_UNAVAILABLE the service is briefly unavailable: try again in a moment']),
    );
    expect(Math.max(...downOutcomes.map((o) => o.outcome.ms))).toBeLessThan(2_000);
    // Nothing but 200 and 503 at any time, also for the logins the stop or the restart cut in two.
    expect(outcomes.filter((o) => o.outcome.status !== 200 && o.outcome.status !== 503)).toEqual([]);
    expect(after.length).toBeGreaterThan(3);
    expect(after.every((o) => o.status === 200)).toBe(true);

    // Every instance is back, and every confirmation made before the stop is there.
    for (const server of servers) expect((await post(server, '/api/auth/eid/challenge')).status).toBe(200);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ target: string }>('SELECT target FROM confirmations ORDER BY id');
      expect(rows.map((r) => r.target)).toEqual(confirmed);
    } finally {
      await client.end();
    }
  }, 90_000);
});
