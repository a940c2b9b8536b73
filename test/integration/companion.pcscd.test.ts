// The companion driven through the web host's WebSocket, all real: pcscd with a virtual card in a
// vpcd reader, the card process on the native PC/SC binding, and the reference backend on SQLite.
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createWebSocketBridge } from '../../renderer/bridge/ws-client.ts';
import type { BridgeResponse, EidBridge } from '../../src/contract/index.ts';
import { createTestPki, createVirtualCard, type TestPki, type VirtualCardOptions } from '../../src/virtual-card/index.ts';
import { startWeb, type RunningWeb } from '../../main/web/index.ts';
import { pcscdInstalled, PCSCD_MISSING } from '../support/pcscd.ts';
import { startServer, type ServerHandle } from '../support/server.ts';
import { withVirtualCardOnPcscd } from '../support/virtual-card.ts';

const ORIGIN = 'https://myvivium.test';
if (!pcscdInstalled()) console.warn(PCSCD_MISSING);

let pki: TestPki;
let server: ServerHandle;
let web: RunningWeb;
let bridge: EidBridge & { close(): void };

beforeAll(async () => {
  pki = await createTestPki({ seed: 'companion-pcscd' });
  const dir = mkdtempSync(join(tmpdir(), 'companion-pcscd-'));
  const trust = [join(dir, 'root.pem'), join(dir, 'citizen-ca.pem')];
  writeFileSync(trust[0]!, pki.trustPem.root);
  writeFileSync(trust[1]!, pki.trustPem.citizenCa);
  mkdirSync(join(dir, 'dist'));
  server = await startServer({ trust, origin: ORIGIN, dev: true });
  web = await startWeb({ backendUrl: server.url, origin: ORIGIN, pcsc: { kind: 'native' } }, { staticDir: join(dir, 'dist') });
  const wsUrl = `ws://127.0.0.1:${web.host.port}/bridge?token=${web.host.token}`;
  bridge = createWebSocketBridge(wsUrl, (url) => new WebSocket(url, { origin: web.host.origin }));
}, 60_000);

afterAll(async () => {
  bridge?.close();
  await web?.stop();
  await server?.stop();
});

function card(options: VirtualCardOptions) {
  return createVirtualCard({ pki, ...options });
}

function ok<T>(response: BridgeResponse<never> | { ok: boolean; result?: T; error?: unknown }): T {
  if (!response.ok) throw new Error(`call failed: ${JSON.stringify(response)}`);
  return (response as { result: T }).result;
}

async function prepare(): Promise<string> {
  // The reader overview follows pcscd asynchronously: wait until the card shows up.
  for (let i = 0; i < 100; i++) {
    const state = ok<{ overview: { readers: Array<{ state: string; card: unknown }> } }>(await bridge.call('readers.state', {}));
    if (state.overview.readers.some((r) => r.state === 'card' && r.card)) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  let prepared = await bridge.call('login.prepare', {});
  // A card process that restarted (as the UI would, after its "reconnecting" state): try again once.
  if (!prepared.ok && prepared.error.code === 'CARD_PROCESS_RESTARTING') prepared = await bridge.call('login.prepare', {});
  return ok<{ loginId: string }>(prepared).loginId;
}

describe.skipIf(!pcscdInstalled())('companion over the web host, real pcscd + virtual card + backend', () => {
  it.each(['1.8', '1.7'] as const)('logs in with applet %s', async (profile) => {
    await withVirtualCardOnPcscd({ card: await card({ profile }) }, async () => {
      const loginId = await prepare();
      const done = await bridge.call('login.complete', { loginId, pin: '1234' });
      expect(done).toEqual({ ok: true, result: { account: { displayName: 'Eva Demo Specimen', needsOnboarding: true } } });
    });
  });

  it('reports a wrong PIN with the tries left, then accepts the right one', async () => {
    await withVirtualCardOnPcscd({ card: await card({ profile: '1.8' }) }, async () => {
      const loginId = await prepare();
      expect(await bridge.call('login.complete', { loginId, pin: '0000' })).toMatchObject({ ok: false, error: { code: 'PIN_WRONG', details: { triesLeft: 2 } } });
      expect((await bridge.call('login.complete', { loginId, pin: '1234' })).ok).toBe(true);
    });
  });

  it('stops before the PIN when it is blocked', async () => {
    await withVirtualCardOnPcscd({ card: await card({ profile: '1.8', blocked: true }) }, async () => {
      await prepare().catch(() => undefined);
      expect(await bridge.call('login.prepare', {})).toMatchObject({ ok: false, error: { code: 'PIN_BLOCKED' } });
    });
  });

  it('reports the card removed during signing', async () => {
    const virtual = await card({ profile: '1.8' });
    await withVirtualCardOnPcscd({ card: virtual }, async () => {
      const loginId = await prepare();
      // The signing session: GET CARD DATA, MSE SET, VERIFY answered; the card is gone at PSO.
      virtual.faults.removeAfterApdus = 3;
      const failed = await bridge.call('login.complete', { loginId, pin: '1234' });
      expect(failed).toMatchObject({ ok: false, error: { code: 'CARD_REMOVED' } });
    });
  });

  it('cancels a prepared login', async () => {
    await withVirtualCardOnPcscd({ card: await card({ profile: '1.8' }) }, async () => {
      const loginId = await prepare();
      expect((await bridge.call('cancel', {})).ok).toBe(true);
      expect(await bridge.call('login.complete', { loginId, pin: '1234' })).toMatchObject({ ok: false, error: { code: 'NONCE_EXPIRED' } });
    });
  });

  it('recovers from the card process killed with SIGKILL mid-read within 3 s', async () => {
    const virtual = await card({ profile: '1.8' });
    await withVirtualCardOnPcscd({ card: virtual }, async () => {
      await prepare().catch(() => undefined);
      const phases: string[] = [];
      const off = bridge.on('state', (state) => phases.push(state.phase));
      const pid = web.services.card.pid!;
      // Every APDU now takes a second, so the read is surely in flight when the process dies (even
      // the warm path needs at least GET CARD DATA for the tries left).
      virtual.faults.latencyMs = 1000;
      const reading = bridge.call('card.summary', {});
      await new Promise((resolve) => setTimeout(resolve, 300));
      process.kill(pid, 'SIGKILL');
      const killedAt = Date.now();
      expect(await reading).toMatchObject({ ok: false, error: { code: 'CARD_PROCESS_RESTARTING' } });
      virtual.faults.latencyMs = 0;
      let summary: BridgeResponse<'card.summary'> | null = null;
      while (Date.now() - killedAt < 3000) {
        summary = await bridge.call('card.summary', {});
        if (summary.ok) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      off();
      expect(summary).toMatchObject({ ok: true, result: { applet: '1.8' } });
      expect(phases).toContain('reconnecting');
      expect(web.services.card.pid).not.toBe(pid);
    });
  });
});
