// Three reference-backend processes on one PostgreSQL database, as MyVivium runs them behind a load
// balancer, driven over real HTTP: they start together on an empty database (migrations applied once),
// and single use holds across instances — challenges, onboarding codes (tries counted across), handoff
// links — as do the rate limits.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../server/migrations.ts';
import { createTestPki } from '../../src/test-pki/test-pki.ts';
import { createTestDatabase } from '../support/postgres-cluster.ts';
import { startServer, type ServerHandle } from '../support/server.ts';
import { createSoftwareEid, type SoftwareEid } from '../support/software-eid.ts';

const POSTGRES_URL = process.env.TEST_DATABASE_URL;
const POSTGRES_MISSING = 'TEST_DATABASE_URL is not set: the three-instance test is skipped (see README, "Test it")';
if (!POSTGRES_URL) console.warn(POSTGRES_MISSING);
const ORIGIN = 'https://myvivium.test';

interface Answer<T = Record<string, unknown>> { status: number; cookie?: string; body: T & { error?: { code: string; details?: Record<string, unknown> } } }

async function post<T = Record<string, unknown>>(server: ServerHandle, path: string, cookie?: string, body?: unknown): Promise<Answer<T>> {
  const response = await fetch(new URL(path, server.url), {
    method: 'POST',
    headers: { ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const setCookie = response.headers.get('set-cookie');
  return { status: response.status, ...(setCookie ? { cookie: setCookie.split(';')[0]! } : {}), body: (await response.json()) as Answer<T>['body'] };
}

describe.skipIf(!POSTGRES_URL)(`three backend instances on one PostgreSQL database${POSTGRES_URL ? '' : ` (${POSTGRES_MISSING})`}`, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let servers: ServerHandle[] = [];
  let eva: SoftwareEid;
  let jan: SoftwareEid;
  let a: ServerHandle, b: ServerHandle, c: ServerHandle;

  beforeAll(async () => {
    database = await createTestDatabase(POSTGRES_URL!, 'myvivium_instances');
    const pki = await createTestPki();
    const trust = join(mkdtempSync(join(tmpdir(), 'myvivium-instances-')), 'ca.pem');
    writeFileSync(trust, pki.trustPem.citizenCa);
    const hashKey = randomBytes(32).toString('hex');
    // Started at the same moment on an empty database: each applies migrations and seeds.
    [servers, eva, jan] = await Promise.all([
      Promise.all([0, 1, 2].map(() => startServer({ trust: [trust], origin: ORIGIN, dev: true, databaseUrl: database.url, hashKey }))),
      createSoftwareEid(pki, { keyType: 'p384' }),
      createSoftwareEid(pki, { keyType: 'p384', nationalNumber: '90010100123' }), // the seeded customer Jan
    ]);
    [a, b, c] = servers as [ServerHandle, ServerHandle, ServerHandle];
  }, 90_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await database?.drop();
  });

  /** A challenge from `from`, and the token signed over it. */
  async function challenge(from: ServerHandle, holder = eva) {
    const answer = await post<{ nonce: string }>(from, '/api/auth/eid/challenge');
    expect(answer.status).toBe(200);
    return { cookie: answer.cookie!, token: await holder.token(ORIGIN, answer.body.nonce) };
  }

  async function login(via: ServerHandle, holder = eva): Promise<string> {
    const { cookie, token } = await challenge(a, holder);
    const answer = await post(via, '/api/auth/eid/login', cookie, { token });
    expect(answer.status).toBe(200);
    return answer.cookie!;
  }

  it('started together on an empty database, with each migration applied exactly once', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(loadMigrations('postgres').map((m) => m.version));
    } finally {
      await client.end();
    }
    expect(new Set(servers.map((s) => s.url)).size).toBe(3);
  });

  it('accepts a challenge issued by one instance once, through another, and refuses it again anywhere', async () => {
    const { cookie, token } = await challenge(a);
    expect((await post(b, '/api/auth/eid/login', cookie, { token })).status).toBe(200);
    for (const server of [a, b, c]) expect((await post(server, '/api/auth/eid/login', cookie, { token })).body.error?.code).toBe('NONCE_EXPIRED');
  });

  it('lets exactly one of three instances accept a token sent to all three at the same moment', async () => {
    for (let round = 0; round < 5; round++) {
      const { cookie, token } = await challenge(servers[round % 3]!);
      const answers = await Promise.all(servers.map((server) => post(server, '/api/auth/eid/login', cookie, { token })));
      expect(answers.map((r) => r.status).sort()).toEqual([200, 401, 401]);
      expect(answers.filter((r) => r.status === 401).map((r) => r.body.error?.code)).toEqual(['NONCE_EXPIRED', 'NONCE_EXPIRED']);
    }
  });

  it('confirms an onboarding code sent through one instance through another, counting wrong tries across all', async () => {
    const session = await login(b);
    expect((await post(a, '/api/onboarding/email', session, { email: 'eva.instances@example.test' })).status).toBe(200);
    const code = (await a.outbox()).findLast((m) => m.to === 'eva.instances@example.test')!.code;
    const wrong = code === '000000' ? '111111' : '000000';
    const tries = [];
    for (const server of [b, c, a]) tries.push((await post(server, '/api/onboarding/email/confirm', session, { code: wrong })).body.error?.details?.attemptsLeft);
    expect(tries).toEqual([4, 3, 2]);
    const confirmed = await post<{ account: { email: string } }>(c, '/api/onboarding/email/confirm', session, { code });
    expect(confirmed.body.account.email).toBe('eva.instances@example.test');
    expect((await post(b, '/api/onboarding/email/confirm', session, { code })).body.error?.code).toBe('CODE_EXPIRED');
    const next = await challenge(c);
    expect((await post<{ account: { email: string } }>(a, '/api/auth/eid/login', next.cookie, { token: next.token })).body.account.email).toBe('eva.instances@example.test');
  });

  it('lets a handoff link made by one instance be used once, by one of three instances at the same moment', async () => {
    const session = await login(c);
    for (let round = 0; round < 3; round++) {
      const link = new URL((await post<{ url: string }>(servers[round]!, '/api/handoff', session)).body.url);
      const uses = await Promise.all(servers.map((server) => fetch(new URL(`${link.pathname}${link.search}`, server.url)).then((r) => r.status)));
      expect(uses.sort()).toEqual([200, 410, 410]);
    }
  });

  it('shares rate limits: a customer’s limit spent on one instance holds on the others', async () => {
    const session = await login(a, jan);
    const statuses = [];
    // POST /api/handoff: 30 a minute per customer, spread over the instances.
    for (let i = 0; i < 33; i++) statuses.push((await post(servers[i % 3]!, '/api/handoff', session)).status);
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429, 429]);
  });
});
