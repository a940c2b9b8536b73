// The reference backend on PostgreSQL (DATABASE_URL): login, onboarding and handoff as on SQLite.
// Runs only when TEST_DATABASE_URL points at a server; a database is created for the run and dropped.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki } from '../../src/test-pki/test-pki.ts';
import { createTestDatabase } from '../support/postgres-cluster.ts';
import { ApiClient, startServer, type ServerHandle } from '../support/server.ts';
import { createSoftwareEid, type SoftwareEid } from '../support/software-eid.ts';

const ADMIN_URL = process.env.TEST_DATABASE_URL;
const POSTGRES_MISSING = 'TEST_DATABASE_URL is not set: the PostgreSQL backend test is skipped (see README, "Test it")';
if (!ADMIN_URL) console.warn(POSTGRES_MISSING);
const ORIGIN = 'https://myvivium.test';

describe.skipIf(!ADMIN_URL)(`reference backend on PostgreSQL${ADMIN_URL ? '' : ` (${POSTGRES_MISSING})`}`, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: ServerHandle;
  let eid: SoftwareEid;

  beforeAll(async () => {
    database = await createTestDatabase(ADMIN_URL!, 'myvivium_it');
    const pki = await createTestPki();
    const trust = join(mkdtempSync(join(tmpdir(), 'myvivium-pg-')), 'ca.pem');
    writeFileSync(trust, pki.trustPem.citizenCa);
    [server, eid] = await Promise.all([startServer({ trust: [trust], origin: ORIGIN, dev: true, databaseUrl: database.url }), createSoftwareEid(pki, { keyType: 'rsa' })]);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('logs in once, onboards by e-mail and hands over', async () => {
    const client = new ApiClient(server.url);
    const challenge = await client.post<{ nonce: string }>('/api/auth/eid/challenge');
    const token = await eid.token(ORIGIN, challenge.body.nonce);
    const login = await client.post<{ account: { needsOnboarding: boolean } }>('/api/auth/eid/login', { token });
    expect(login.body.account.needsOnboarding).toBe(true);
    expect((await client.post<{ error: { code: string } }>('/api/auth/eid/login', { token })).body.error.code).toBe('NONCE_EXPIRED');

    await client.post('/api/onboarding/email', { email: 'eva.pg@example.test' });
    const code = (await server.outbox()).findLast((m) => m.to === 'eva.pg@example.test')!.code;
    expect((await client.post<{ error: { code: string } }>('/api/onboarding/email/confirm', { code: code === '000000' ? '111111' : '000000' })).body.error.code).toBe('CODE_WRONG');
    const confirmed = await client.post<{ account: { email: string } }>('/api/onboarding/email/confirm', { code });
    expect(confirmed.body.account.email).toBe('eva.pg@example.test');

    const handoff = await client.post<{ url: string }>('/api/handoff');
    expect((await fetch(handoff.body.url)).status).toBe(200);
    expect((await fetch(handoff.body.url)).status).toBe(410);
  });
});
