// The backend killed with SIGKILL at random moments while customers confirm codes: after each restart,
// every confirmation that was answered 200 is in the database, and SQLite's integrity check passes.
import Database from 'better-sqlite3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createTestPki } from '../../src/test-pki/test-pki.ts';
import { ApiClient, startServer, type ServerHandle } from '../support/server.ts';
import { createSoftwareEid } from '../support/software-eid.ts';

const ORIGIN = 'https://myvivium.test';
const ROUNDS = 4;

it('loses no confirmed code when killed with SIGKILL during onboarding writes', async () => {
  const pki = await createTestPki();
  const dir = mkdtempSync(join(tmpdir(), 'myvivium-crash-'));
  const trust = join(dir, 'citizen-ca.pem');
  writeFileSync(trust, pki.trustPem.citizenCa);
  const eid = await createSoftwareEid(pki, { keyType: 'p384' });
  const dbPath = join(dir, 'db', 'myvivium.sqlite');
  // Many requests from one loopback address: lift the per-minute limits for this test only.
  const options = { trust: [trust], origin: ORIGIN, dev: true as const, extraArgs: ['--rate-limit-multiplier', '1000'] };

  let server: ServerHandle = await startServer({ ...options, dbPath, seed: true });
  const client = new ApiClient(server.url);
  const challenge = await client.post<{ nonce: string }>('/api/auth/eid/challenge');
  expect((await client.post('/api/auth/eid/login', { token: await eid.token(ORIGIN, challenge.body.nonce) })).status).toBe(200);

  const confirmed: string[] = [];
  let attempts = 0;
  let serverErrors = 0;
  for (let round = 0; round < ROUNDS; round++) {
    if (round > 0) {
      server = await startServer({ ...options, dbPath, seed: false });
      client.baseUrl = server.url;
    }
    // Kill somewhere inside the stream of writes, at a different moment each round; the clock starts at
    // the round's first confirmation so that even a slow machine confirms something every round.
    const victim = server;
    let killer: Promise<void> | undefined;
    const armKiller = () => {
      killer ??= new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 400)).then(() => victim.kill9());
    };
    for (;;) {
      const target = `crash-${attempts++}@example.test`;
      try {
        const sent = await client.post('/api/onboarding/email', { email: target });
        if (sent.status >= 500) serverErrors++;
        if (sent.status !== 200) continue;
        const code = (await server.outbox()).findLast((m) => m.to === target)?.code;
        if (!code) continue; // killed between storing and sending the code
        const answer = await client.post('/api/onboarding/email/confirm', { code });
        if (answer.status >= 500) serverErrors++;
        if (answer.status === 200) {
          confirmed.push(target);
          armKiller();
        }
      } catch {
        break; // connection refused or reset: the process is gone
      }
    }
    await killer;
  }

  expect(serverErrors).toBe(0);
  expect(confirmed.length).toBeGreaterThanOrEqual(ROUNDS);
  const db = new Database(dbPath, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = new Set(db.prepare('SELECT target FROM confirmations').pluck().all() as string[]);
    expect(confirmed.filter((target) => !stored.has(target))).toEqual([]);
  } finally {
    db.close();
  }

  // And the server comes back on the same file with the session and the last address intact.
  server = await startServer({ ...options, dbPath, seed: false });
  client.baseUrl = server.url;
  const handoff = await client.post('/api/handoff');
  expect(handoff.status).toBe(200);
  await server.stop();
}, 120_000);
