// The fault matrix: what users meet with real readers, reproduced with real pcscd, the virtual card's
// fault knobs, the card process and the reference backend. Each case asserts a clear error code,
// ends within a stated bound (no hang), and is followed by a clean login on the next attempt.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forkCardWorker } from '../../main/card-process/fork.ts';
import { buildServices, type Services } from '../../main/services.ts';
import type { BridgeResponse, ErrorCode, Language, MethodArgs, MethodName } from '../../src/contract/index.ts';
import { createTestPki, createVirtualCard, type TestPki, type VirtualCardOptions } from '../../src/virtual-card/index.ts';
import { ensurePcscd, pcscdInstalled, PCSCD_MISSING, restartPcscd, stopPcscd } from '../support/pcscd.ts';
import { startServer, type ServerHandle } from '../support/server.ts';
import { withVirtualCardOnPcscd } from '../support/virtual-card.ts';
import { holdExclusively, holdInTransaction, release } from '../support/card-holder.ts';

const ORIGIN = 'https://myvivium.test';
/** Every faulted call must answer within this bound (latency cases state their own). */
const BOUND_MS = 20_000;
/** The client's backend timeout in this suite, so "slow backend" is quick to reproduce. */
const BACKEND_TIMEOUT_MS = 1_500;

if (!pcscdInstalled()) console.warn(PCSCD_MISSING);

let pki: TestPki;
let server: ServerHandle;
const running: Services[] = [];

function companion(backendUrl: string): Services {
  let language: Language = 'en';
  const services = buildServices(
    { backendUrl, origin: ORIGIN, pcsc: { kind: 'native' } },
    {
      spawnWorker: forkCardWorker,
      openExternal: async () => undefined,
      language: { get: () => language, set: (l) => void (language = l) },
      backendTimeoutMs: BACKEND_TIMEOUT_MS,
      installationId: () => '3f0c2a5e-8d41-4c7a-9b2e-5a1f6d3c7e90',
    },
  );
  running.push(services);
  return services;
}

/** Calls the companion and fails the test if the answer does not come within `bound` ms. */
async function call<M extends MethodName>(services: Services, method: M, args: MethodArgs<M>, bound = BOUND_MS): Promise<BridgeResponse<M>> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${method} did not answer within ${bound} ms`)), bound);
  });
  try {
    return (await Promise.race([services.dispatch(method, args), hang])) as BridgeResponse<M>;
  } finally {
    clearTimeout(timer);
  }
}

function codeOf(response: BridgeResponse<MethodName>): ErrorCode | 'ok' {
  return response.ok ? 'ok' : response.error.code;
}

async function until(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function cardVisible(services: Services): Promise<void> {
  await until(async () => {
    const state = await call(services, 'readers.state', {});
    return state.ok && state.result.overview.readers.some((r) => r.state === 'card' && r.card?.type === 'belgian-eid');
  }, 'the card to show up');
}

/** The "clean recovery" every case ends with: a complete login with a fresh card. */
async function loginSucceeds(services: Services, options: VirtualCardOptions = {}): Promise<void> {
  await withVirtualCardOnPcscd({ card: await createVirtualCard({ pki, profile: '1.8', ...options }) }, async () => {
    await cardVisible(services);
    const prepared = await call(services, 'login.prepare', {});
    expect(codeOf(prepared)).toBe('ok');
    if (!prepared.ok) return;
    const done = await call(services, 'login.complete', { loginId: prepared.result.loginId, pin: '1234' });
    expect(codeOf(done)).toBe('ok');
  });
}

/** Runs `fault` with a card carrying `options`, then checks that the next login works. */
async function faultThenRecover(services: Services, options: VirtualCardOptions, fault: (card: Awaited<ReturnType<typeof createVirtualCard>>) => Promise<void>): Promise<void> {
  const card = await createVirtualCard({ pki, profile: '1.8', ...options });
  await withVirtualCardOnPcscd({ card }, () => fault(card));
  await loginSucceeds(services);
}

beforeAll(async () => {
  if (!pcscdInstalled()) return;
  await ensurePcscd();
  pki = await createTestPki({ seed: 'fault-matrix' });
  const dir = mkdtempSync(join(tmpdir(), 'faults-'));
  const trust = [join(dir, 'root.pem'), join(dir, 'citizen-ca.pem')];
  writeFileSync(trust[0]!, pki.trustPem.root);
  writeFileSync(trust[1]!, pki.trustPem.citizenCa);
  server = await startServer({ trust, origin: ORIGIN, dev: true });
}, 60_000);

afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
  await server?.stop();
  await ensurePcscd();
}, 60_000);

describe.skipIf(!pcscdInstalled())('fault matrix (real pcscd, virtual card, card process, backend)', () => {
  let services: Services;
  beforeAll(() => {
    services = companion(server.url);
  });

  it('card removed during a read → CARD_REMOVED, then a clean login', async () => {
    await faultThenRecover(services, {}, async (card) => {
      await cardVisible(services);
      card.faults.removeAfterApdus = 2;
      expect(codeOf(await call(services, 'card.summary', {}))).toBe('CARD_REMOVED');
    });
  });

  it('card removed during PIN verify → CARD_REMOVED, then a clean login', async () => {
    await faultThenRecover(services, {}, async (card) => {
      await cardVisible(services);
      const prepared = await call(services, 'login.prepare', {});
      if (!prepared.ok) throw new Error(JSON.stringify(prepared));
      card.faults.removeAfterApdus = 2; // GET CARD DATA and MSE SET answered, gone at VERIFY
      expect(codeOf(await call(services, 'login.complete', { loginId: prepared.result.loginId, pin: '1234' }))).toBe('CARD_REMOVED');
    });
  });

  it('card removed during signing → CARD_REMOVED, then a clean login', async () => {
    await faultThenRecover(services, {}, async (card) => {
      await cardVisible(services);
      const prepared = await call(services, 'login.prepare', {});
      if (!prepared.ok) throw new Error(JSON.stringify(prepared));
      card.faults.removeAfterApdus = 3; // gone at PSO
      expect(codeOf(await call(services, 'login.complete', { loginId: prepared.result.loginId, pin: '1234' }))).toBe('CARD_REMOVED');
    });
  });

  it('a card that goes mute mid-session → CARD_REMOVED or CARD_UNRESPONSIVE, then a clean login', async () => {
    // vpcd, like a CCID reader, gives up on a card that stops answering and drops it: PC/SC then
    // reports the card as removed. If the PC/SC call stays blocked instead, the card process's
    // watchdog ends it as unresponsive. Either way the user gets an answer, not a hang.
    await faultThenRecover(services, {}, async (card) => {
      await cardVisible(services);
      card.faults.mute = true;
      expect(['CARD_REMOVED', 'CARD_UNRESPONSIVE']).toContain(codeOf(await call(services, 'card.summary', {})));
    });
  });

  it('a card answering 61xx/6Cxx on commands that normally do not → the login still works', async () => {
    await loginSucceeds(services, { faults: { forceT0Chaining: true } });
  });

  it('a card answering a wrong status word to READ BINARY → CARD_COMMUNICATION, then a clean login', async () => {
    await faultThenRecover(services, {}, async (card) => {
      await cardVisible(services);
      card.faults.statusWordOn = { ins: 0xb0, sw: 0x6f00 };
      expect(codeOf(await call(services, 'card.summary', {}))).toBe('CARD_COMMUNICATION');
    });
  });

  it('500 ms per APDU → the summary and the login still complete (bound 60 s)', async () => {
    const card = await createVirtualCard({ pki, profile: '1.8', faults: { latencyMs: 500 } });
    await withVirtualCardOnPcscd({ card }, async () => {
      await cardVisible(services);
      expect(codeOf(await call(services, 'card.summary', {}, 60_000))).toBe('ok');
      const prepared = await call(services, 'login.prepare', {}, 60_000);
      if (!prepared.ok) throw new Error(JSON.stringify(prepared));
      expect(codeOf(await call(services, 'login.complete', { loginId: prepared.result.loginId, pin: '1234' }, 60_000))).toBe('ok');
    });
  }, 180_000);

  it('a card held exclusively by another process → CARD_IN_USE, then a clean login once released', async () => {
    await faultThenRecover(services, {}, async () => {
      await cardVisible(services);
      const holder = await holdExclusively('Virtual PCD 00 00');
      try {
        expect(codeOf(await call(services, 'card.summary', {}))).toBe('CARD_IN_USE');
      } finally {
        await release(holder);
      }
    });
  });

  it('a card kept in a PC/SC transaction by another process → CARD_IN_USE, then a clean login once released', async () => {
    await faultThenRecover(services, {}, async () => {
      await cardVisible(services);
      const holder = await holdInTransaction('Virtual PCD 00 00');
      try {
        expect(codeOf(await call(services, 'card.summary', {}))).toBe('CARD_IN_USE');
      } finally {
        await release(holder);
      }
    });
  });

  it('the card process killed mid-login → CARD_PROCESS_RESTARTING, then a clean login', async () => {
    await faultThenRecover(services, { faults: { latencyMs: 150 } }, async () => {
      await cardVisible(services);
      const prepared = await call(services, 'login.prepare', {});
      if (!prepared.ok) throw new Error(JSON.stringify(prepared));
      const completing = call(services, 'login.complete', { loginId: prepared.result.loginId, pin: '1234' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      process.kill(services.card.pid!, 'SIGKILL');
      expect(codeOf(await completing)).toBe('CARD_PROCESS_RESTARTING');
    });
  });

  it('pcscd stopped mid-session → PCSC_UNAVAILABLE, and back after it restarts', async () => {
    await stopPcscd();
    await until(async () => {
      const state = await call(services, 'readers.state', {});
      return state.ok && state.result.overview.service === 'unavailable';
    }, 'the companion to see the service gone');
    expect(codeOf(await call(services, 'card.summary', {}))).toBe('PCSC_UNAVAILABLE');
    await ensurePcscd();
    await loginSucceeds(services);
  }, 90_000);

  it('readers disappearing (pcscd restarted without readers) → READER_NONE, then back', async () => {
    await restartPcscd({ readers: 'none' });
    await until(async () => {
      const state = await call(services, 'readers.state', {});
      return state.ok && state.result.overview.service === 'ok' && state.result.overview.readers.length === 0;
    }, 'the companion to see no reader');
    expect(codeOf(await call(services, 'card.summary', {}))).toBe('READER_NONE');
    await restartPcscd();
    await loginSucceeds(services);
  }, 90_000);
});

describe.skipIf(!pcscdInstalled())('fault matrix: the backend', () => {
  let misbehaving: Server;
  let mode: 'silent' | 'garbage' = 'garbage';
  beforeAll(async () => {
    misbehaving = createServer((req, res) => {
      if (mode === 'garbage') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"nonce": 42, <html>');
      }
      // silent: never answers (the client's timeout must fire)
    });
    await new Promise<void>((resolve) => misbehaving.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    misbehaving.closeAllConnections();
    await new Promise((resolve) => misbehaving.close(resolve));
  });

  const cases: Array<[string, () => string, ErrorCode, () => void]> = [
    ['down', () => 'http://127.0.0.1:9', 'BACKEND_UNREACHABLE', () => undefined],
    ['slow (beyond the client timeout)', () => `http://127.0.0.1:${(misbehaving.address() as AddressInfo).port}`, 'BACKEND_TIMEOUT', () => void (mode = 'silent')],
    ['answering garbage', () => `http://127.0.0.1:${(misbehaving.address() as AddressInfo).port}`, 'BACKEND_INVALID_RESPONSE', () => void (mode = 'garbage')],
  ];
  it.each(cases)('backend %s → the right code, then a clean login against a working backend', async (_name, url, code, setMode) => {
    setMode();
    const broken = companion(url());
    await withVirtualCardOnPcscd({ card: await createVirtualCard({ pki, profile: '1.8' }) }, async () => {
      await cardVisible(broken);
      expect(codeOf(await call(broken, 'login.prepare', {}))).toBe(code);
    });
    await loginSucceeds(companion(server.url));
  });
});
