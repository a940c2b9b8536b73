// The real Electron app, driven by Playwright: security settings read from the live window, the
// preload surface, navigation and window.open denial, and a login with the in-process virtual card
// against the reference backend. Skipped, with a clear message, where the Electron binary is not
// installed (its download is disabled in this project's npm settings), unless EID_REQUIRE_ELECTRON=1
// (the release runners, `npm run test:electron`): there a missing binary fails the run.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../main/config.ts';
import { electronBinary } from '../../main/electron/electron-binary.ts';
import { BUNDLE_OUT_DIR, bundleShippedEntries } from '../../main/electron/shipped-entries.ts';
import { buildRenderer } from '../../main/renderer-build.ts';
import { createTestPki } from '../../src/virtual-card/index.ts';
import { startServer, type ServerHandle } from '../support/server.ts';

const ORIGIN = 'https://myvivium.electron.test';
const binary = electronBinary();
if (!binary && process.env.EID_REQUIRE_ELECTRON === '1') throw new Error('EID_REQUIRE_ELECTRON=1 but the Electron binary is not installed: run `npx install-electron --no` first.');
if (!binary) console.warn('Electron binary not installed (node_modules/electron has no dist/): the Playwright Electron tests are skipped. The web host tests cover the same contract in Chromium.');

let server: ServerHandle;
let app: ElectronApplication;
let page: Page;

describe.skipIf(!binary)('Electron app (Playwright)', () => {
  beforeAll(async () => {
    const pki = await createTestPki({ seed: DEMO_SEED });
    const dir = mkdtempSync(join(tmpdir(), 'electron-test-'));
    const trust = [join(dir, 'root.pem'), join(dir, 'citizen-ca.pem')];
    writeFileSync(trust[0]!, pki.trustPem.root);
    writeFileSync(trust[1]!, pki.trustPem.citizenCa);
    server = await startServer({ trust, origin: ORIGIN, dev: true });
    await bundleShippedEntries();
    await buildRenderer();
    app = await _electron.launch({
      executablePath: binary!,
      args: [join(BUNDLE_OUT_DIR, 'main.mjs'), `--user-data-dir=${join(dir, 'user-data')}`],
      env: { ...process.env, EID_VIRTUAL_CARD: '1.8', MYVIVIUM_BACKEND: server.url, MYVIVIUM_ORIGIN: ORIGIN, LANG: 'nl_BE.UTF-8' },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await server?.stop();
  });

  it('runs with the hardened preferences', async () => {
    const prefs = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => (w.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences()));
    expect(prefs).toHaveLength(1);
    expect(prefs[0]).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, allowRunningInsecureContent: false });
    expect(prefs[0]?.webSecurity).not.toBe(false);
  });

  it('serves the UI from app://, without Node, with exactly window.eid = { call, on }', async () => {
    expect(page.url()).toMatch(/^app:\/\/bundle\//);
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => Object.keys((window as unknown as { eid: object }).eid).sort())).toEqual(['call', 'on']);
    expect(await page.evaluate(() => {
      try {
        return eval('1');
      } catch {
        return 'blocked';
      }
    })).toBe('blocked');
  });

  it('denies navigation away and new windows', async () => {
    const before = page.url();
    await page.evaluate(() => void (location.href = 'https://allowed.example.attacker.test/'));
    await page.waitForTimeout(300);
    expect(page.url()).toBe(before);
    await page.evaluate(() => void window.open('https://example.com/'));
    await page.waitForTimeout(300);
    expect(app.windows()).toHaveLength(1);
  });

  it('logs in with the virtual card through the preload bridge', async () => {
    const account = await page.evaluate(async () => {
      const eid = (window as unknown as { eid: { call(m: string, a: unknown): Promise<{ ok: boolean; result?: { loginId?: string; account?: unknown } }> } }).eid;
      const prepared = await eid.call('login.prepare', {});
      if (!prepared.ok) return prepared;
      return eid.call('login.complete', { loginId: prepared.result!.loginId, pin: '1234' });
    });
    expect(account).toEqual({ ok: true, result: { account: { displayName: 'Eva Demo Specimen', needsOnboarding: true } } });
  });
});
