// `npm run bench:server [-- --instances N --postgres]`: load on the reference backend (real processes,
// loopback), bounded to about 20 s. Concurrent eID logins with valid tokens from software keys of the test
// PKI, mixed with replays and bad tokens, while a customer confirms onboarding codes. Prints throughput
// and p50/p99 latency, and fails unless: no replay is accepted, no answer is 5xx, every valid login is
// accepted and usable, and no confirmed code is lost. Default: one instance on SQLite. With --postgres
// the instances share one PostgreSQL database (TEST_DATABASE_URL's server, else a throwaway cluster),
// challenges are fetched from one instance and used on the next, and the load is spread over all.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { WebEidToken } from '../../src/auth/index.ts';
import { createTestPki } from '../../src/test-pki/test-pki.ts';
import { createTestDatabase, startPostgresCluster, type PostgresCluster } from '../support/postgres-cluster.ts';
import { ApiClient, startServer, type ServerHandle } from '../support/server.ts';
import { createSoftwareEid, type SoftwareEid } from '../support/software-eid.ts';
import { formatTable, type BenchRow } from './table.ts';

const ORIGIN = 'https://myvivium.test';
const CONNECTIONS = 32;
// Sized so preparation plus run stay near 20 s on a small (2-core) machine.
// Preparing fresh logins stops early on a slow machine (PREP_BUDGET_MS), so the run stays bounded.
const POOL = { fresh: 2000, bad: 200, crossSession: 100, used: 100, replays: 300 };
const PREP_BUDGET_MS = 8_000;

type Kind = 'login' | 'replay' | 'cross-session replay' | 'bad token';
interface Item { kind: Kind; cookie: string; token: unknown }

// autocannon ships no types: the part of its API used here.
interface CannonRequest { method: string; path: string; headers?: Record<string, string>; body?: string }
interface CannonContext { item?: Item; start?: number }
interface CannonResult { requests: { average: number; total: number }; latency: { p50: number; p99: number }; duration: number; errors: number; timeouts: number }
type Autocannon = (options: {
  url: string;
  connections: number;
  amount: number;
  requests: { method: string; path: string; setupRequest: (r: CannonRequest, c: CannonContext) => CannonRequest; onResponse: (status: number, body: string, c: CannonContext, headers: Record<string, string | string[]>) => void }[];
}) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

interface BenchOptions { instances: number; postgres: boolean }

function benchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({ args: argv, strict: true, options: { instances: { type: 'string', default: '1' }, postgres: { type: 'boolean', default: false } } });
  const instances = Number(values.instances);
  if (!Number.isInteger(instances) || instances < 1 || instances > 8) throw new Error('--instances must be 1–8');
  if (instances > 1 && !values.postgres) throw new Error('several instances share a PostgreSQL database: add --postgres');
  return { instances, postgres: values.postgres };
}

/** The database the instances use, and how to read back the confirmed addresses after the load. */
async function openDatabase(options: BenchOptions): Promise<{ url?: string; confirmedTargets: (sqlitePath: string) => Promise<{ targets: Set<string>; integrity?: string }>; close: () => Promise<void> }> {
  if (!options.postgres) {
    return {
      confirmedTargets: async (path) => {
        const db = new Database(path, { readonly: true });
        const targets = new Set(db.prepare('SELECT target FROM confirmations').pluck().all() as string[]);
        const integrity = db.pragma('integrity_check', { simple: true }) as string;
        db.close();
        return { targets, integrity };
      },
      close: async () => {},
    };
  }
  let cluster: PostgresCluster | undefined;
  const serverUrl = process.env.TEST_DATABASE_URL ?? (cluster = await startPostgresCluster()).url;
  const database = await createTestDatabase(serverUrl, 'myvivium_bench');
  return {
    url: database.url,
    confirmedTargets: async () => {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        return { targets: new Set((await client.query<{ target: string }>('SELECT target FROM confirmations')).rows.map((r) => r.target)) };
      } finally {
        await client.end();
      }
    },
    close: async () => {
      await database.drop();
      cluster?.destroy();
    },
  };
}

async function main(options: BenchOptions): Promise<boolean> {
  const pki = await createTestPki();
  const stranger = await createTestPki();
  const dir = mkdtempSync(join(tmpdir(), 'myvivium-bench-'));
  const trust = join(dir, 'citizen-ca.pem');
  writeFileSync(trust, pki.trustPem.citizenCa);
  const database = await openDatabase(options);
  const hashKey = randomBytes(32).toString('hex');
  const servers = await Promise.all(
    Array.from({ length: options.instances }, () =>
      startServer({ trust: [trust], origin: ORIGIN, dev: true, ...(database.url ? { databaseUrl: database.url, hashKey } : {}), extraArgs: ['--rate-limit-multiplier', '100000', '--log-level', 'warn'] }),
    ),
  );
  const server = servers[0]!;
  const at = (i: number) => servers[i % servers.length]!;
  const label = `${options.instances} instance${options.instances > 1 ? 's' : ''}, ${options.postgres ? 'PostgreSQL' : 'SQLite'}`;
  try {
    const eids = await Promise.all([
      createSoftwareEid(pki, { keyType: 'rsa' }),
      createSoftwareEid(pki, { keyType: 'rsa' }),
      createSoftwareEid(pki, { keyType: 'p384' }),
      createSoftwareEid(pki, { keyType: 'p384' }),
    ]);
    const untrusted = await createSoftwareEid(stranger, { keyType: 'p384' });

    // Preparation (not measured): challenges fetched and tokens signed ahead, as many clients would.
    const prepStart = performance.now();
    const prepDeadline = performance.now() + PREP_BUDGET_MS;
    const fresh = await inParallel(POOL.fresh, (i) => preparedLogin(at(i).url, eids[i % eids.length]!), 16, prepDeadline);
    const bad = await inParallel(POOL.bad, (i) => preparedBad(at(i).url, i % 4 === 0 ? untrusted : eids[i % eids.length]!, i));
    const crossSessions = await inParallel(POOL.crossSession, (i) => challengeOnly(at(i).url));
    const used = await inParallel(POOL.used, async (i) => {
      const item = await preparedLogin(at(i).url, eids[i % eids.length]!);
      const answer = await post(at(i + 1).url, '/api/auth/eid/login', item.cookie, { token: item.token });
      if (answer.status !== 200) throw new Error(`preparation login failed: HTTP ${answer.status}`);
      return item;
    });
    const prepSeconds = (performance.now() - prepStart) / 1000;

    // One shuffled queue with exact counts, run to its end: the rates below are over a steady mix.
    const queue: Item[] = shuffle([
      ...fresh.map((item): Item => ({ ...item, kind: 'login' })),
      ...bad,
      ...crossSessions.map((cookie, i): Item => ({ kind: 'cross-session replay', cookie, token: used[i % used.length]!.token })),
      ...Array.from({ length: POOL.replays }, (_, i): Item => ({ kind: 'replay', cookie: used[i % used.length]!.cookie, token: used[i % used.length]!.token })),
    ]);
    let queueIndex = 0;
    // autocannon may ask for a few more than `amount` while finishing: those repeat replays.
    const next = (): Item => queue[queueIndex++] ?? { kind: 'replay', cookie: used[0]!.cookie, token: used[0]!.token };

    const tally = new Map<Kind, { sent: number; ok: number; status: Map<number, number>; latencies: number[] }>();
    const acceptedCookies: string[] = [];
    let loadRunning = true;
    const confirmations = confirmCodesWhile(servers, eids[0]!, () => loadRunning);

    // One autocannon per instance, all taking from the one queue: a login often lands on another
    // instance than the one that issued its challenge.
    const runs = await Promise.all(servers.map((target) => autocannon({
      url: target.url,
      connections: Math.max(1, Math.round(CONNECTIONS / servers.length)),
      amount: Math.ceil(queue.length / servers.length),
      requests: [
        {
          method: 'POST',
          path: '/api/auth/eid/login',
          setupRequest: (request, context) => {
            const item = next();
            context.item = item;
            context.start = performance.now();
            return { ...request, headers: { 'content-type': 'application/json', cookie: item.cookie }, body: JSON.stringify({ token: item.token }) };
          },
          onResponse: (status, _body, context, headers) => {
            const item = context.item!;
            const entry = tally.get(item.kind) ?? { sent: 0, ok: 0, status: new Map<number, number>(), latencies: [] };
            tally.set(item.kind, entry);
            entry.sent++;
            if (status === 200) entry.ok++;
            entry.status.set(status, (entry.status.get(status) ?? 0) + 1);
            entry.latencies.push(performance.now() - context.start!);
            const setCookie = headers['set-cookie'];
            if (status === 200 && item.kind === 'login' && setCookie) acceptedCookies.push(String(setCookie).split(';')[0]!);
          },
        },
      ],
    })));
    const result = {
      requests: { total: runs.reduce((n, r) => n + r.requests.total, 0) },
      duration: Math.max(...runs.map((r) => r.duration)),
      errors: runs.reduce((n, r) => n + r.errors, 0),
      timeouts: runs.reduce((n, r) => n + r.timeouts, 0),
    };
    loadRunning = false;
    const confirmed = await confirmations;

    // Every accepted login holds a usable session (checked on a sample), every confirmation is stored.
    const sample = acceptedCookies.filter((_, i) => i % Math.max(1, Math.floor(acceptedCookies.length / 200)) === 0);
    const unusable = (await inParallel(sample.length, async (i) => (await post(at(i).url, '/api/handoff', sample[i]!, undefined)).status)).filter((s) => s !== 200).length;
    const { targets: stored, integrity } = await database.confirmedTargets(server.dbPath);
    const lost = confirmed.filter((t) => !stored.has(t)).length;

    const all = [...tally.values()];
    const fiveXx = all.reduce((n, e) => n + [...e.status].filter(([s]) => s >= 500).reduce((m, [, c]) => m + c, 0), 0);
    const acceptedReplays = (tally.get('replay')?.ok ?? 0) + (tally.get('cross-session replay')?.ok ?? 0);
    const acceptedBad = tally.get('bad token')?.ok ?? 0;
    const logins = tally.get('login') ?? { sent: 0, ok: 0, status: new Map<number, number>(), latencies: [] };
    const allLatencies = all.flatMap((e) => e.latencies);

    const rows: BenchRow[] = [
      { name: `server: requests per second (all kinds, ${label})`, measured: { value: result.requests.total / result.duration, unit: 'req/s' } },
      { name: 'server: accepted eID logins per second', measured: { value: logins.ok / result.duration, unit: 'logins/s' } },
      { name: 'server: latency p50 (all kinds)', measured: { value: percentile(allLatencies, 50), unit: 'ms' } },
      { name: 'server: latency p99 (all kinds)', measured: { value: percentile(allLatencies, 99), unit: 'ms' } },
      { name: 'server: valid login latency p50', measured: { value: percentile(logins.latencies, 50), unit: 'ms' } },
      { name: 'server: valid login latency p99', measured: { value: percentile(logins.latencies, 99), unit: 'ms' } },
      { name: 'server: accepted replays', measured: { value: acceptedReplays, unit: 'requests' }, goal: { text: '= 0', met: acceptedReplays === 0 } },
      { name: 'server: accepted bad tokens', measured: { value: acceptedBad, unit: 'requests' }, goal: { text: '= 0', met: acceptedBad === 0 } },
      { name: 'server: 5xx answers', measured: { value: fiveXx + result.errors + result.timeouts, unit: 'requests' }, goal: { text: '= 0', met: fiveXx + result.errors + result.timeouts === 0 } },
      { name: 'server: valid logins refused', measured: { value: logins.sent - logins.ok, unit: 'requests' }, goal: { text: '= 0', met: logins.sent === logins.ok } },
      { name: `server: accepted sessions unusable (sample of ${sample.length})`, measured: { value: unusable, unit: 'sessions' }, goal: { text: '= 0', met: unusable === 0 } },
      { name: `server: confirmations lost (of ${confirmed.length} under load)`, measured: { value: lost, unit: 'codes' }, goal: { text: '= 0', met: lost === 0 && confirmed.length > 0 } },
      ...(integrity === undefined ? [] : [{ name: 'server: SQLite integrity_check after load', measured: { value: integrity === 'ok' ? 1 : 0, unit: 'ok' }, goal: { text: 'ok', met: integrity === 'ok' } }]),
    ];
    console.log(`${label}: ${CONNECTIONS} connections, ${result.duration.toFixed(1)} s on loopback; preparation ${prepSeconds.toFixed(1)} s; server log level warn`);
    for (const [kind, entry] of tally) {
      console.log(`  ${kind}: ${entry.sent} sent, statuses ${[...entry.status].map(([s, c]) => `${s}×${c}`).join(' ')}`);
    }
    console.log(formatTable(rows));
    return rows.every((row) => row.goal === undefined || row.goal.met);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await database.close();
  }
}

async function post(baseUrl: string, path: string, cookie: string, body: unknown): Promise<{ status: number; cookie?: string; json: unknown }> {
  const response = await fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const setCookie = response.headers.get('set-cookie');
  return { status: response.status, ...(setCookie ? { cookie: setCookie.split(';')[0]! } : {}), json: await response.json() };
}

async function challengeOnly(baseUrl: string): Promise<string> {
  const answer = await post(baseUrl, '/api/auth/eid/challenge', '', undefined);
  if (answer.status !== 200 || !answer.cookie) throw new Error(`challenge failed: HTTP ${answer.status}`);
  return answer.cookie;
}

async function preparedLogin(baseUrl: string, eid: SoftwareEid): Promise<{ cookie: string; token: WebEidToken }> {
  const answer = await post(baseUrl, '/api/auth/eid/challenge', '', undefined);
  if (answer.status !== 200 || !answer.cookie) throw new Error(`challenge failed: HTTP ${answer.status}`);
  const { nonce, origin } = answer.json as { nonce: string; origin: string };
  return { cookie: answer.cookie, token: await eid.token(origin, nonce) };
}

/** Four kinds of bad token, each bound to a fresh challenge: untrusted CA, flipped signature byte, wrong origin, garbage. */
async function preparedBad(baseUrl: string, eid: SoftwareEid, i: number): Promise<Item> {
  const answer = await post(baseUrl, '/api/auth/eid/challenge', '', undefined);
  if (!answer.cookie) throw new Error('challenge failed');
  const { nonce } = answer.json as { nonce: string };
  let token: unknown;
  if (i % 4 === 0) token = await eid.token(ORIGIN, nonce);
  else if (i % 4 === 1) {
    const good = await eid.token(ORIGIN, nonce);
    const signature = Buffer.from(good.signature, 'base64');
    signature[signature.length - 1]! ^= 0x01;
    token = { ...good, signature: signature.toString('base64') };
  } else if (i % 4 === 2) token = await eid.token('https://elsewhere.example', nonce);
  else token = { format: 'web-eid:1.0', unverifiedCertificate: 'AAAA', algorithm: 'ES384', signature: 'AAAA', appVersion: 'x' };
  return { kind: 'bad token', cookie: answer.cookie, token };
}

/**
 * One customer confirming new e-mail addresses for as long as the load runs, the code sent through one
 * instance and confirmed through the next; returns every address answered 200.
 */
async function confirmCodesWhile(servers: ServerHandle[], eid: SoftwareEid, running: () => boolean): Promise<string[]> {
  const client = new ApiClient(servers[0]!.url);
  const challenge = await client.post<{ nonce: string }>('/api/auth/eid/challenge');
  await client.post('/api/auth/eid/login', { token: await eid.token(ORIGIN, challenge.body.nonce) });
  const confirmed: string[] = [];
  for (let i = 0; running(); i++) {
    const target = `load-${i}@example.test`;
    const sender = servers[i % servers.length]!;
    client.baseUrl = sender.url;
    if ((await client.post('/api/onboarding/email', { email: target })).status !== 200) continue;
    const code = (await sender.outbox()).findLast((m) => m.to === target)?.code;
    client.baseUrl = servers[(i + 1) % servers.length]!.url;
    if (code && (await client.post('/api/onboarding/email/confirm', { code })).status === 200) confirmed.push(target);
  }
  return confirmed;
}

/** Makes `count` items, `width` at a time; with a deadline, stops starting new ones once it has passed. */
async function inParallel<T>(count: number, make: (i: number) => Promise<T>, width = 16, deadline = Infinity): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count && performance.now() < deadline) {
        const i = next++;
        results[i] = await make(i);
      }
    }),
  );
  return results.filter((r) => r !== undefined);
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const ok = await main(benchOptions(process.argv.slice(2)));
process.exitCode = ok ? 0 : 1;
