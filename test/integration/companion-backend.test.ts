// The companion's whole customer journey against the real reference backend (SQLite, dev outbox),
// with the in-process virtual card in the forked card process (no pcscd needed): eID login, a
// backend that asks for another origin, onboarding by e-mail with the code from the outbox, and the
// one-time handoff link handed to the browser.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../main/config.ts';
import { startWeb, type RunningWeb } from '../../main/web/index.ts';
import type { BridgeResponse, MethodName } from '../../src/contract/index.ts';
import { createTestPki } from '../../src/virtual-card/index.ts';
import { startServer, type ServerHandle } from '../support/server.ts';

const ORIGIN = 'https://myvivium.journey.test';
let server: ServerHandle;
let web: RunningWeb;
let dir: string;

beforeAll(async () => {
  const pki = await createTestPki({ seed: DEMO_SEED });
  dir = mkdtempSync(join(tmpdir(), 'companion-backend-'));
  const trust = [join(dir, 'root.pem'), join(dir, 'citizen-ca.pem')];
  writeFileSync(trust[0]!, pki.trustPem.root);
  writeFileSync(trust[1]!, pki.trustPem.citizenCa);
  mkdirSync(join(dir, 'dist'));
  server = await startServer({ trust, origin: ORIGIN, dev: true });
  web = await startWeb({ backendUrl: server.url, origin: ORIGIN, pcsc: { kind: 'virtual', profile: '1.8', seed: DEMO_SEED } }, { staticDir: join(dir, 'dist') });
}, 60_000);

afterAll(async () => {
  await web?.stop();
  await server?.stop();
});

const call = (method: MethodName, args: unknown) => web.services.dispatch(method, args);
function result<T>(response: BridgeResponse<MethodName>): T {
  if (!response.ok) throw new Error(JSON.stringify(response.error));
  return response.result as T;
}

describe('companion against the reference backend', () => {
  it('logs in, onboards by e-mail with the outbox code, and hands over once', async () => {
    const { loginId, holderName } = result<{ loginId: string; holderName: string }>(await call('login.prepare', {}));
    expect(holderName).toContain('Specimen');
    const { account } = result<{ account: { displayName: string; needsOnboarding: boolean } }>(await call('login.complete', { loginId, pin: '1234' }));
    expect(account).toEqual({ displayName: 'Eva Demo Specimen', needsOnboarding: true });

    const sent = result<{ expiresAt: string; resendAfterSeconds: number }>(await call('onboarding.sendCode', { channel: 'email', value: 'eva@example.test' }));
    expect(sent.resendAfterSeconds).toBeGreaterThanOrEqual(0);
    const code = (await server.outbox()).filter((entry) => entry.to === 'eva@example.test').at(-1)!.code;
    expect(await call('onboarding.confirm', { channel: 'email', code: code === '000000' ? '111111' : '000000' })).toMatchObject({ ok: false, error: { code: 'CODE_WRONG' } });
    const confirmed = result<{ account: { email?: string; needsOnboarding: boolean } }>(await call('onboarding.confirm', { channel: 'email', code }));
    expect(confirmed.account).toMatchObject({ email: 'eva@example.test', needsOnboarding: false });

    expect((await call('handoff.open', {})).ok).toBe(true);
    const link = web.opened.at(-1)!;
    expect(new URL(link).origin).toBe(server.url);
    expect((await fetch(link)).status).toBe(200);
    expect((await fetch(link)).status).toBe(410);
  });

  it('refuses to sign when the backend names another origin', async () => {
    const other = await startWeb(
      { backendUrl: server.url, origin: 'https://other.example', pcsc: { kind: 'virtual', profile: '1.8', seed: DEMO_SEED } },
      { staticDir: join(dir, 'dist') },
    );
    try {
      expect(await other.services.dispatch('login.prepare', {})).toMatchObject({ ok: false, error: { code: 'ORIGIN_MISMATCH' } });
    } finally {
      await other.stop();
    }
  });
});
