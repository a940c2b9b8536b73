// One contract for both stores: the same tests against SQLite and PostgreSQL (TEST_DATABASE_URL points at a
// server; each run creates its own database and drops it), so the two cannot drift apart.
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/postgres-cluster.ts';
import { throwawayPostgresStore, throwawaySqliteStore } from '../support/throwaway-store.ts';
import { loadMigrations } from '../../server/migrations.ts';
import { PostgresStore } from '../../server/postgres-store.ts';
import { SqliteStore } from '../../server/sqlite-store.ts';
import type { CounterLimit, Store } from '../../server/store.ts';

const POSTGRES_URL = process.env.TEST_DATABASE_URL;
const POSTGRES_MISSING = 'TEST_DATABASE_URL is not set: the PostgreSQL store tests are skipped (see README, "Test it")';
if (!POSTGRES_URL) console.warn(POSTGRES_MISSING);

const NOW = 1_800_000_000_000;
const HOUR = 3_600_000;

function contract(open: () => Promise<{ store: Store; dispose: () => Promise<void> }>) {
  let store: Store;
  let dispose: () => Promise<void>;
  let eva: number;
  let lukas: number;
  const wrongCodes = (customerId: number, max = 10): CounterLimit => ({ key: `wrong-codes:${customerId}`, max, windowMs: 24 * HOUR });

  beforeAll(async () => {
    ({ store, dispose } = await open());
    expect(await store.migrate()).toEqual(loadMigrations('sqlite').map((m) => m.version));
    expect(await store.migrate()).toEqual([]); // idempotent
    await store.upsertCustomer({ nationalNumberHash: 'nn-eva', displayName: 'Eva' }, NOW);
    await store.upsertCustomer({ nationalNumberHash: 'nn-lukas', displayName: 'Lukas', phone: '+32470000001' }, NOW);
    eva = (await store.findCustomerByNationalNumberHash('nn-eva'))!.id;
    lukas = (await store.findCustomerByNationalNumberHash('nn-lukas'))!.id;
  });
  afterAll(async () => dispose?.());

  it('finds customers by keyed hash and re-seeds them', async () => {
    expect(await store.getCustomer(eva)).toMatchObject({ displayName: 'Eva', email: null, phone: null });
    expect(await store.getCustomer(lukas)).toMatchObject({ phone: '+32470000001' });
    await store.upsertCustomer({ nationalNumberHash: 'nn-eva', displayName: 'Eva S.' }, NOW);
    expect((await store.getCustomer(eva))?.displayName).toBe('Eva S.');
    expect(await store.findCustomerByNationalNumberHash('nn-nobody')).toBeNull();
    expect(await store.getCustomer(999_999)).toBeNull();
  });

  it('rotates sessions: a replaced session is gone, an expired one is not found', async () => {
    await store.createSession({ idHash: 'rot-1', customerId: null, expiresAt: NOW + 1000 }, NOW);
    expect(await store.getSession('rot-1', NOW)).toEqual({ idHash: 'rot-1', customerId: null, expiresAt: NOW + 1000 });
    expect(await store.getSession('rot-1', NOW + 1000)).toBeNull();
    await store.replaceSession('rot-1', { idHash: 'rot-2', customerId: eva, expiresAt: NOW + 5000 }, NOW);
    expect(await store.getSession('rot-1', NOW)).toBeNull();
    expect(await store.getSession('rot-2', NOW)).toEqual({ idHash: 'rot-2', customerId: eva, expiresAt: NOW + 5000 });
    await store.deleteSession('rot-2');
    expect(await store.getSession('rot-2', NOW)).toBeNull();
  });

  it('hands a challenge out once, to one of many concurrent takers, and only to its session', async () => {
    await store.createSession({ idHash: 's1', customerId: null, expiresAt: NOW + 1000 }, NOW);
    await store.createSession({ idHash: 's-other', customerId: null, expiresAt: NOW + 1000 }, NOW);
    await store.putChallenge('s1', 'n1', NOW + 500);
    await store.putChallenge('s1', 'n2', NOW + 500); // replaces: one live nonce per session
    expect(await store.takeChallenge('s-other')).toBeNull();
    const taken = await Promise.all(Array.from({ length: 8 }, () => store.takeChallenge('s1')));
    expect(taken.filter(Boolean)).toEqual([{ nonce: 'n2', expiresAt: NOW + 500 }]);
    // A replaced session takes its challenge with it.
    await store.putChallenge('s1', 'n3', NOW + 500);
    await store.replaceSession('s1', { idHash: 's1b', customerId: null, expiresAt: NOW + 1000 }, NOW);
    expect(await store.takeChallenge('s1')).toBeNull();
  });

  it('counts code attempts, expires codes, confirms once and records the confirmation', async () => {
    await store.putPendingCode(eva, 'email', { target: 'eva@example.test', codeHash: 'right', expiresAt: NOW + 600_000, attemptsLeft: 5, sentAt: NOW });
    expect(await store.getPendingCode(eva, 'email')).toMatchObject({ target: 'eva@example.test', attemptsLeft: 5, sentAt: NOW });
    expect(await store.confirmCode(eva, 'email', 'wrong', NOW, wrongCodes(eva))).toEqual({ outcome: 'wrong', attemptsLeft: 4 });
    expect(await store.confirmCode(eva, 'email', 'right', NOW + 600_000, wrongCodes(eva))).toEqual({ outcome: 'expired' });
    const [a, b] = await Promise.all([store.confirmCode(eva, 'email', 'right', NOW, wrongCodes(eva)), store.confirmCode(eva, 'email', 'right', NOW, wrongCodes(eva))]);
    expect([a, b]).toContainEqual({ outcome: 'confirmed', target: 'eva@example.test' });
    expect([a, b]).toContainEqual(null);
    expect((await store.getCustomer(eva))?.email).toBe('eva@example.test');
    expect((await store.listConfirmations(eva)).map((c) => [c.channel, c.target, c.confirmedAt])).toEqual([['email', 'eva@example.test', NOW]]);

    await store.putPendingCode(eva, 'phone', { target: '+32470000000', codeHash: 'right', expiresAt: NOW + 600_000, attemptsLeft: 2, sentAt: NOW });
    expect(await store.confirmCode(eva, 'phone', 'wrong', NOW, wrongCodes(eva))).toEqual({ outcome: 'wrong', attemptsLeft: 1 });
    expect(await store.confirmCode(eva, 'phone', 'wrong', NOW, wrongCodes(eva))).toEqual({ outcome: 'exceeded' });
    expect(await store.confirmCode(eva, 'phone', 'right', NOW, wrongCodes(eva))).toEqual({ outcome: 'exceeded' });
    expect((await store.getCustomer(eva))?.phone).toBeNull();
  });

  it('caps wrong codes per customer across channels and new codes, exactly, even when guesses arrive at once', async () => {
    const limit = wrongCodes(lukas, 6);
    const fresh = (channel: 'email' | 'phone', target: string) =>
      store.putPendingCode(lukas, channel, { target, codeHash: 'right', expiresAt: NOW + 600_000, attemptsLeft: 5, sentAt: NOW });
    await fresh('email', 'lukas@example.test');
    await fresh('phone', '+32470000002');
    const guesses = await Promise.all(Array.from({ length: 12 }, (_, i) => store.confirmCode(lukas, i % 2 ? 'email' : 'phone', `guess-${i}`, NOW, limit)));
    expect(guesses.filter((g) => g?.outcome === 'wrong' || g?.outcome === 'exceeded').length).toBe(5);
    expect(guesses.filter((g) => g?.outcome === 'locked')).toHaveLength(7);
    expect(await store.peekCount(limit.key, NOW + 20)).toEqual({ count: 6, resetsAt: NOW + limit.windowMs });
    // A new code does not reset the count: even the right code is not checked while locked.
    await fresh('email', 'lukas@example.test');
    expect(await store.confirmCode(lukas, 'email', 'right', NOW + 30, limit)).toEqual({ outcome: 'locked', resetsAt: NOW + limit.windowMs });
    expect((await store.getCustomer(lukas))?.email).toBeNull();
    // After the window, codes are checked again and the count starts over.
    const later = NOW + limit.windowMs;
    await store.putPendingCode(lukas, 'email', { target: 'lukas@example.test', codeHash: 'right', expiresAt: later + 600_000, attemptsLeft: 5, sentAt: later });
    expect(await store.confirmCode(lukas, 'email', 'right', later, limit)).toEqual({ outcome: 'confirmed', target: 'lukas@example.test' });
    expect(await store.peekCount(limit.key, later)).toEqual({ count: 0, resetsAt: later + limit.windowMs });
  });

  it('counts events exactly under concurrency, per key, in windows that start at the first event', async () => {
    const counts = await Promise.all(Array.from({ length: 40 }, () => store.countEvent('burst', 60_000, NOW)));
    expect(counts.map((c) => c.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(new Set(counts.map((c) => c.resetsAt))).toEqual(new Set([NOW + 60_000]));
    expect(await store.countEvent('burst', 60_000, NOW + 59_999)).toEqual({ count: 41, resetsAt: NOW + 60_000 });
    expect(await store.countEvent('other', 60_000, NOW)).toEqual({ count: 1, resetsAt: NOW + 60_000 });
    expect(await store.countEvent('burst', 60_000, NOW + 60_000)).toEqual({ count: 1, resetsAt: NOW + 120_000 });
    expect(await store.peekCount('burst', NOW + 60_001)).toEqual({ count: 1, resetsAt: NOW + 120_000 });
    expect(await store.peekCount('never', NOW)).toEqual({ count: 0, resetsAt: NOW });
    await store.purgeExpired(NOW + 120_000);
    expect(await store.peekCount('burst', NOW + 60_001)).toEqual({ count: 0, resetsAt: NOW + 60_001 });
  });

  it('uses a handoff once (one winner among concurrent uses), and not after it expired', async () => {
    await store.putHandoff('h1', eva, NOW + 60_000);
    const uses = await Promise.all(Array.from({ length: 6 }, () => store.takeHandoff('h1', NOW)));
    expect(uses.filter((u) => u !== null)).toEqual([eva]);
    await store.putHandoff('h2', eva, NOW + 60_000);
    expect(await store.takeHandoff('h2', NOW + 60_000)).toBeNull();
    await store.putHandoff('h3', eva, NOW + 60_000);
    await store.purgeExpired(NOW + 60_000);
    expect(await store.takeHandoff('h3', NOW)).toBeNull();
  });

  it('hands an itsme login only to the app that started it: its session, its secret and the result, once', async () => {
    await store.createSession({ idHash: 'itsme-session', customerId: null, expiresAt: NOW + 600_000 }, NOW);
    const flow = { pollIdHash: 'poll', sessionIdHash: 'itsme-session', nonce: 'n', codeVerifier: 'v', expiresAt: NOW + 600_000, appSecretHash: 'app-secret-hash' };
    await store.putItsmeFlow({ stateHash: 'st', ...flow });
    expect(await store.itsmeFlowStatus('poll', 'itsme-session', NOW)).toEqual({ status: 'pending' });
    const [first, replay] = await Promise.all([store.takeItsmeFlowByState('st', NOW), store.takeItsmeFlowByState('st', NOW)]);
    expect([first, replay].filter(Boolean)).toEqual([{ stateHash: 'st', ...flow }]);
    await store.finishItsmeFlow('st', { customerId: eva, resultHash: 'result-hash' });
    // The poll says the browser is back, never who logged in.
    expect(await store.itsmeFlowStatus('poll', 'another-session', NOW)).toBeNull();
    expect(await store.itsmeFlowStatus('poll', 'itsme-session', NOW)).toEqual({ status: 'returned' });
    const exact = { pollIdHash: 'poll', sessionIdHash: 'itsme-session', appSecretHash: 'app-secret-hash', resultHash: 'result-hash' };
    for (const wrong of [{ sessionIdHash: 'another-session' }, { appSecretHash: 'other-secret' }, { resultHash: 'other-result' }, { pollIdHash: 'other-poll' }]) {
      expect(await store.exchangeItsmeResult({ ...exact, ...wrong }, NOW)).toBeNull();
    }
    const exchanged = await Promise.all([store.exchangeItsmeResult(exact, NOW), store.exchangeItsmeResult(exact, NOW)]);
    expect(exchanged.filter((c) => c !== null)).toEqual([eva]);
    expect(await store.itsmeFlowStatus('poll', 'itsme-session', NOW)).toEqual({ status: 'failed', errorCode: 'SESSION_INVALID' });

    // A provider error is reported as such; a flow past its expiry is expired, and its state unusable.
    await store.putItsmeFlow({ ...flow, stateHash: 'st-2', pollIdHash: 'poll-2' });
    await store.finishItsmeFlow('st-2', { errorCode: 'ITSME_PROVIDER_ERROR' });
    await store.finishItsmeFlow('st-2', { customerId: eva, resultHash: 'r2' }); // a finished flow stays as it ended
    expect(await store.itsmeFlowStatus('poll-2', 'itsme-session', NOW)).toEqual({ status: 'failed', errorCode: 'ITSME_PROVIDER_ERROR' });
    expect(await store.exchangeItsmeResult({ ...exact, pollIdHash: 'poll-2', resultHash: 'r2' }, NOW)).toBeNull();
    await store.putItsmeFlow({ ...flow, stateHash: 'st-3', pollIdHash: 'poll-3', expiresAt: NOW + 1000 });
    expect(await store.takeItsmeFlowByState('st-3', NOW + 1000)).toBeNull();
    expect(await store.itsmeFlowStatus('poll-3', 'itsme-session', NOW + 1000)).toEqual({ status: 'expired' });
  });

  it('keeps support reports until they expire, then deletes them and leaves an "expired" marker for a while', async () => {
    const DAY = 24 * HOUR;
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
}

describe('SQLite store', () => {
  contract(() => throwawaySqliteStore('myvivium-store'));
});

describe.skipIf(!POSTGRES_URL)(`PostgreSQL store${POSTGRES_URL ? '' : ` (${POSTGRES_MISSING})`}`, () => {
  contract(() => throwawayPostgresStore(POSTGRES_URL!, 'myvivium_store'));

  it('applies each migration once when three instances start together on an empty database', async () => {
    const database = await createTestDatabase(POSTGRES_URL!, 'myvivium_migrate');
    const stores = [0, 1, 2].map(() => new PostgresStore(database.url));
    try {
      const applied = await Promise.all(stores.map((s) => s.migrate()));
      const all = applied.flat().sort((a, b) => a - b);
      expect(all).toEqual(loadMigrations('postgres').map((m) => m.version));
      expect(applied.filter((a) => a.length > 0)).toHaveLength(1); // the first to take the lock applied them all
      expect(await stores[1]!.migrate()).toEqual([]);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await database.drop();
    }
  });

  it('makes the same tables, columns, keys and indexes as the SQLite store from the one migration set', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'myvivium-schema-')), 'store.sqlite');
    const sqliteStore = new SqliteStore(file);
    await sqliteStore.migrate();
    await sqliteStore.close();
    const database = await createTestDatabase(POSTGRES_URL!, 'myvivium_schema');
    const postgresStore = new PostgresStore(database.url);
    try {
      await postgresStore.migrate();
      const sqliteSchema = describeSqliteSchema(file);
      expect(Object.keys(sqliteSchema)).toContain('support_reports');
      expect(await describePostgresSchema(database.url)).toEqual(sqliteSchema);
    } finally {
      await postgresStore.close();
      await database.drop();
    }
  });
});

interface ColumnShape { type: 'integer' | 'text' | 'boolean'; nullable: boolean; primaryKey: boolean }
interface TableShape { columns: Record<string, ColumnShape>; unique: string[]; indexes: string[] }

/** Both dialects' type names, by what the stores read back. */
function typeFamily(declared: string): ColumnShape['type'] {
  const family = ({ integer: 'integer', bigint: 'integer', text: 'text', boolean: 'boolean' } as const)[declared.toLowerCase()];
  if (!family) throw new Error(`a column of type ${declared}: say which family it belongs to`);
  return family;
}

function describeSqliteSchema(file: string): Record<string, TableShape> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    return Object.fromEntries(tables.map((table) => {
      const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; type: string; notnull: number; pk: number }[];
      const indexes = db.prepare(`PRAGMA index_list(${table})`).all() as { name: string; unique: number; origin: string }[];
      const indexColumns = (index: string) => (db.prepare(`PRAGMA index_info(${index})`).all() as { name: string }[]).map((c) => c.name).join(',');
      return [table, {
        columns: Object.fromEntries(columns.map((c) => [c.name, {
          type: typeFamily(c.type),
          // SQLite lets a primary key other than the rowid hold NULL (an old bug it keeps); the stores never write one.
          nullable: c.notnull === 0 && c.pk === 0,
          primaryKey: c.pk > 0,
        }])),
        unique: indexes.filter((i) => i.origin === 'u').map((i) => indexColumns(i.name)).sort(),
        indexes: indexes.filter((i) => i.origin === 'c').map((i) => i.name).sort(),
      }];
    }));
  } finally {
    db.close();
  }
}

async function describePostgresSchema(url: string): Promise<Record<string, TableShape>> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    const columns = await client.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
      "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
    );
    const constraints = await client.query<{ table_name: string; type: string; columns: string }>(
      `SELECT t.relname AS table_name, c.contype AS type, string_agg(a.attname, ',' ORDER BY k.ordinality) AS columns
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
         CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ordinality)
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
        WHERE c.contype IN ('p', 'u') AND t.relnamespace = 'public'::regnamespace
        GROUP BY t.relname, c.conname, c.contype`,
    );
    const indexes = await client.query<{ tablename: string; indexname: string }>(
      "SELECT tablename, indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT IN (SELECT conname FROM pg_constraint)",
    );
    const schema: Record<string, TableShape> = {};
    for (const c of columns.rows) {
      const table = (schema[c.table_name] ??= { columns: {}, unique: [], indexes: [] });
      const primaryKey = constraints.rows.some((k) => k.table_name === c.table_name && k.type === 'p' && k.columns.split(',').includes(c.column_name));
      table.columns[c.column_name] = { type: typeFamily(c.data_type), nullable: c.is_nullable === 'YES', primaryKey };
    }
    for (const k of constraints.rows) if (k.type === 'u') schema[k.table_name]!.unique.push(k.columns);
    for (const i of indexes.rows) schema[i.tablename]!.indexes.push(i.indexname);
    for (const table of Object.values(schema)) {
      table.unique.sort();
      table.indexes.sort();
    }
    return Object.fromEntries(Object.entries(schema).sort(([a], [b]) => a.localeCompare(b)));
  } finally {
    await client.end();
  }
}
