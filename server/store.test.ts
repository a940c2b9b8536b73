// One contract for both stores: SQLite always, PostgreSQL when TEST_DATABASE_URL points at a server
// (a database is created for the run and dropped after).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore } from './postgres-store.ts';
import { SqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';

const POSTGRES_URL = process.env.TEST_DATABASE_URL;
const POSTGRES_MISSING = 'PostgreSQL store tests skipped: set TEST_DATABASE_URL=postgres://user@host:port/db (a database is created and dropped)';
if (!POSTGRES_URL) console.warn(POSTGRES_MISSING);

function contract(name: string, open: () => Promise<{ store: Store; dispose: () => Promise<void> }>) {
  describe(name, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const NOW = 1_800_000_000_000;

    beforeAll(async () => {
      ({ store, dispose } = await open());
      await store.migrate();
      await store.migrate(); // idempotent
      await store.upsertCustomer({ nationalNumberHash: 'nn-eva', displayName: 'Eva' }, NOW);
    });
    afterAll(async () => dispose?.());

    it('finds customers by keyed hash and re-seeds them', async () => {
      const eva = await store.findCustomerByNationalNumberHash('nn-eva');
      expect(eva).toMatchObject({ displayName: 'Eva', email: null, phone: null });
      await store.upsertCustomer({ nationalNumberHash: 'nn-eva', displayName: 'Eva S.' }, NOW);
      expect((await store.getCustomer(eva!.id))?.displayName).toBe('Eva S.');
      expect(await store.findCustomerByNationalNumberHash('nn-nobody')).toBeNull();
    });

    it('hands a challenge out once and only to its session', async () => {
      await store.createSession({ idHash: 's1', customerId: null, expiresAt: NOW + 1000 }, NOW);
      await store.putChallenge('s1', 'n1', NOW + 500);
      await store.putChallenge('s1', 'n2', NOW + 500);
      const [first, second] = await Promise.all([store.takeChallenge('s1'), store.takeChallenge('s1')]);
      expect([first, second].filter(Boolean)).toEqual([{ nonce: 'n2', expiresAt: NOW + 500 }]);
      expect(await store.getSession('s1', NOW + 1001)).toBeNull();
      await store.replaceSession('s1', { idHash: 's2', customerId: null, expiresAt: NOW + 1000 }, NOW);
      expect(await store.getSession('s1', NOW)).toBeNull();
      expect(await store.getSession('s2', NOW)).toMatchObject({ idHash: 's2' });
    });

    it('counts code attempts, confirms once, records the confirmation', async () => {
      const eva = (await store.findCustomerByNationalNumberHash('nn-eva'))!;
      await store.putPendingCode(eva.id, 'email', { target: 'eva@example.test', codeHash: 'right', expiresAt: NOW + 600_000, attemptsLeft: 5, sentAt: NOW });
      expect(await store.confirmCode(eva.id, 'email', 'wrong', NOW)).toEqual({ outcome: 'wrong', attemptsLeft: 4 });
      expect(await store.confirmCode(eva.id, 'email', 'right', NOW + 600_000)).toEqual({ outcome: 'expired' });
      expect(await store.confirmCode(eva.id, 'email', 'right', NOW)).toEqual({ outcome: 'confirmed', target: 'eva@example.test' });
      expect(await store.confirmCode(eva.id, 'email', 'right', NOW)).toBeNull();
      expect((await store.getCustomer(eva.id))?.email).toBe('eva@example.test');
      expect((await store.listConfirmations(eva.id)).map((c) => c.target)).toEqual(['eva@example.test']);

      await store.putPendingCode(eva.id, 'phone', { target: '+32470000000', codeHash: 'right', expiresAt: NOW + 600_000, attemptsLeft: 2, sentAt: NOW });
      expect(await store.confirmCode(eva.id, 'phone', 'wrong', NOW)).toEqual({ outcome: 'wrong', attemptsLeft: 1 });
      expect(await store.confirmCode(eva.id, 'phone', 'wrong', NOW)).toEqual({ outcome: 'exceeded' });
      expect(await store.confirmCode(eva.id, 'phone', 'right', NOW)).toEqual({ outcome: 'exceeded' });
    });

    it('uses a handoff once, and not after it expired', async () => {
      const eva = (await store.findCustomerByNationalNumberHash('nn-eva'))!;
      await store.putHandoff('h1', eva.id, NOW + 60_000);
      expect(await store.takeHandoff('h1', NOW)).toBe(eva.id);
      expect(await store.takeHandoff('h1', NOW)).toBeNull();
      await store.putHandoff('h2', eva.id, NOW + 60_000);
      expect(await store.takeHandoff('h2', NOW + 60_000)).toBeNull();
      await store.purgeExpired(NOW + 10_000_000);
    });

    it('keeps support reports until they expire, then deletes them and leaves an "expired" marker for a while', async () => {
      const DAY = 24 * 3600_000;
      const report = (codeHash: string, installationId: string, createdAt: number) => ({ codeHash, installationId, report: `{"id":"${codeHash}"}`, personalData: false, createdAt, expiresAt: createdAt + 30 * DAY });
      expect(await store.putSupportReport(report('c1', 'inst-a', NOW))).toBe('stored');
      expect(await store.putSupportReport(report('c1', 'inst-b', NOW))).toBe('code-taken');
      expect(await store.putSupportReport(report('c2', 'inst-a', NOW + DAY))).toBe('stored');
      const found = await store.findSupportReport('c1', NOW);
      expect(found).toMatchObject({ status: 'found', report: { installationId: 'inst-a', report: '{"id":"c1"}', personalData: false } });
      expect(await store.findSupportReport('nope', NOW)).toBeNull();
      expect((await store.listSupportReports('inst-a', NOW + DAY, 10)).map((r) => r.report)).toEqual(['{"id":"c2"}', '{"id":"c1"}']);

      const id = found?.status === 'found' ? found.report.id : -1;
      await store.recordHelpdeskView({ agent: 'agent@vivium.test', supportReportId: id, reportId: 'D-1', viewedAt: NOW });
      expect(await store.listHelpdeskViews(id)).toEqual([{ agent: 'agent@vivium.test', supportReportId: id, reportId: 'D-1', viewedAt: NOW }]);

      // Day 30: c1 expires on lookup, c2 one day later by the purge; neither is listed any more.
      expect(await store.findSupportReport('c1', NOW + 30 * DAY)).toEqual({ status: 'expired' });
      await store.purgeExpired(NOW + 31 * DAY);
      expect(await store.findSupportReport('c2', NOW + 31 * DAY)).toEqual({ status: 'expired' });
      expect(await store.listSupportReports('inst-a', NOW, 10)).toEqual([]);
      // The marker keeps the code from being handed out again, until it is purged too.
      expect(await store.putSupportReport(report('c1', 'inst-c', NOW + 31 * DAY))).toBe('code-taken');
      await store.purgeExpired(NOW + 61 * DAY);
      expect(await store.findSupportReport('c1', NOW + 61 * DAY)).toBeNull();
      expect(await store.findSupportReport('c2', NOW + 61 * DAY)).toBeNull();
    });
  });
}

contract('SQLite store', async () => {
  const store = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'myvivium-store-')), 'store.sqlite'));
  return { store, dispose: () => store.close() };
});

describe.skipIf(!POSTGRES_URL)('PostgreSQL store', () => {
  contract('contract', async () => {
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    const name = `myvivium_test_${process.pid}_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(POSTGRES_URL!);
    url.pathname = `/${name}`;
    const store = new PostgresStore(url.toString());
    return {
      store,
      dispose: async () => {
        await store.close();
        await admin.query(`DROP DATABASE ${name}`);
        await admin.end();
      },
    };
  });
});
