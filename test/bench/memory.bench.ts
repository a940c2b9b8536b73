// Memory after 1 000 eID logins (issue 10): the web host (this process: the companion, its dispatch
// and the WebSocket bridge server) and the card process (forked, with the in-process virtual card),
// against the reference server (its own process, SQLite) trusting the virtual card's test PKI. Each
// login goes through the web host's WebSocket like the browser's. Sampled after a warm-up and again
// at the end: the web host after a forced GC (heap used and RSS), the card process by its RSS
// (/proc; its heap cannot be collected from outside, so it is sampled after a pause).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import WebSocket from 'ws';
import { startWeb } from '../../main/web/index.ts';
import { createWebSocketBridge, type SocketLike } from '../../renderer/bridge/ws-client.ts';
import { createTestPki } from '../../src/virtual-card/index.ts';
import { startServer } from '../support/server.ts';
import type { BenchRow, BenchSuite } from './table.ts';

const ORIGIN = 'https://myvivium.test';
const SEED = 'memory-bench';
const WARM_UP = 100;
const LOGINS = 1000;
const GOAL_PERCENT = 10;

/** A collectable heap without `node --expose-gc`. */
function forceGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function rssOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.match(/(\d+)/)?.[1] ?? NaN) * 1024;
}

const suite: BenchSuite = async () => {
  const gc = forceGc();
  const pki = await createTestPki({ seed: SEED });
  const dir = mkdtempSync(join(tmpdir(), 'memory-bench-'));
  const trust = [join(dir, 'root.pem'), join(dir, 'citizen-ca.pem')];
  writeFileSync(trust[0]!, pki.trustPem.root);
  writeFileSync(trust[1]!, pki.trustPem.citizenCa);
  mkdirSync(join(dir, 'dist'));
  const server = await startServer({ trust, origin: ORIGIN, dev: true, extraArgs: ['--rate-limit-multiplier', '1000'] });
  const web = await startWeb({ backendUrl: server.url, origin: ORIGIN, pcsc: { kind: 'virtual', profile: '1.8', seed: SEED } }, { staticDir: join(dir, 'dist') });
  const wsUrl = `ws://127.0.0.1:${web.host.port}/bridge?token=${web.host.token}`;
  const bridge = createWebSocketBridge(wsUrl, (url) => new WebSocket(url, { origin: web.host.origin }) as unknown as SocketLike);
  try {
    let done = 0;
    const login = async () => {
      const prepared = await bridge.call('login.prepare', {});
      if (!prepared.ok) throw new Error(`login.prepare: ${JSON.stringify(prepared.error)}`);
      const completed = await bridge.call('login.complete', { loginId: (prepared.result as { loginId: string }).loginId, pin: '1234' });
      if (!completed.ok) throw new Error(`login.complete: ${JSON.stringify(completed.error)}`);
      done++;
    };
    const sample = async () => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      gc();
      gc();
      const own = process.memoryUsage();
      return { hostHeap: own.heapUsed, hostRss: own.rss, cardRss: rssOf(web.services.card.pid!) };
    };
    const start = performance.now();
    while (done < WARM_UP) await login();
    const warm = await sample();
    while (done < LOGINS) await login();
    const after = await sample();
    const seconds = (performance.now() - start) / 1000;
    const mb = (bytes: number) => bytes / 2 ** 20;
    const row = (name: string, before: number, now: number): BenchRow => {
      const growth = ((now - before) / before) * 100;
      return {
        name: `memory after ${LOGINS} logins (vs after ${WARM_UP}): ${name}`,
        measured: { value: mb(now), unit: 'MB' },
        baseline: { label: `after ${WARM_UP}`, value: mb(before) },
        goal: { text: `growth < ${GOAL_PERCENT} % (is ${growth.toFixed(1)} %)`, met: growth < GOAL_PERCENT },
      };
    };
    return [
      row('web host heap used (after GC)', warm.hostHeap, after.hostHeap),
      row('web host RSS', warm.hostRss, after.hostRss),
      row('card process RSS', warm.cardRss, after.cardRss),
      { name: `memory bench: ${LOGINS} eID logins through web host + card process + reference server`, measured: { value: LOGINS / seconds, unit: 'logins/s' } },
    ];
  } finally {
    bridge.close();
    await web.stop();
    await server.stop();
  }
};

export default suite;
