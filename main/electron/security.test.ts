// Each item of the Electron security checklist that this shell implements, against a fake `electron`
// module (the binary cannot run here; test/electron/ checks the live window where it can).
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENT_NAMES, IPC_CHANNELS, METHOD_NAMES } from '../../src/contract/index.ts';
import { contentSecurityPolicy } from '../csp.ts';

const fake = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, result: {} })),
  rendererListeners: new Map<string, Array<(...args: unknown[]) => void>>(),
  app: {
    requestSingleInstanceLock: vi.fn(() => true),
    enableSandbox: vi.fn(),
    quit: vi.fn(),
    on: vi.fn(),
    whenReady: vi.fn(() => new Promise(() => undefined)),
    isPackaged: false,
    setAsDefaultProtocolClient: vi.fn(),
  },
  registerSchemesAsPrivileged: vi.fn(),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, api: unknown) => fake.exposed.set(name, api) },
  ipcRenderer: {
    invoke: fake.invoke,
    on: (channel: string, listener: (...args: unknown[]) => void) => fake.rendererListeners.set(channel, [...(fake.rendererListeners.get(channel) ?? []), listener]),
    removeListener: (channel: string, listener: (...args: unknown[]) => void) =>
      fake.rendererListeners.set(channel, (fake.rendererListeners.get(channel) ?? []).filter((l) => l !== listener)),
  },
  app: fake.app,
  protocol: { registerSchemesAsPrivileged: fake.registerSchemesAsPrivileged, handle: vi.fn() },
  BrowserWindow: vi.fn(),
  ipcMain: { handle: vi.fn() },
  session: { defaultSession: {} },
  shell: { openExternal: vi.fn() },
  utilityProcess: { fork: vi.fn() },
}));

const { devToolsAllowed, windowOptions, APP_ENTRY } = await import('./window.ts');
const { guardNavigation, isAppUrl } = await import('./navigation.ts');
const { denyAllPermissions } = await import('./permissions.ts');
const { registerBridgeIpc, isTrustedSender } = await import('./ipc.ts');
const { appProtocolHandler } = await import('./app-protocol.ts');
const { pickLanguage } = await import('../../src/i18n/languages.ts');
const { redact } = await import('./log.ts');

describe('window options', () => {
  it('isolates, sandboxes and keeps Node and insecure features off', () => {
    const prefs = windowOptions('/app/preload.cjs', { devTools: false }).webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect('webSecurity' in prefs).toBe(false);
    expect('enableBlinkFeatures' in prefs).toBe(false);
    expect(APP_ENTRY).toBe('app://bundle/index.html');
  });

  it('attack: EID_DEVTOOLS=1 opens no developer tools in a packaged (customer) build', () => {
    expect(devToolsAllowed(true, { EID_DEVTOOLS: '1' })).toBe(false);
    expect(devToolsAllowed(false, { EID_DEVTOOLS: '1' })).toBe(true);
    expect(devToolsAllowed(false, {})).toBe(false);
    expect(windowOptions('/app/preload.cjs', { devTools: false }).webPreferences?.devTools).toBe(false);
  });

  it('attack: the main process decides devTools from app.isPackaged, not from the environment alone', () => {
    const main = readFileSync(new URL('./main.ts', import.meta.url), 'utf8');
    expect(main).toContain('{ devTools: devToolsAllowed(app.isPackaged, process.env) }');
    expect(main).not.toMatch(/EID_DEVTOOLS/);
  });
});

describe('Content-Security-Policy', () => {
  it('is the strict policy, scripts from the app only', () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'",
    );
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-(inline|eval)/);
  });
});

function fakeContents() {
  const handlers = new Map<string, (event: { preventDefault: () => void }, url: string) => void>();
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  const contents = {
    on: (name: string, handler: (event: { preventDefault: () => void }, url: string) => void) => handlers.set(name, handler),
    setWindowOpenHandler: (handler: (details: { url: string }) => { action: string }) => (openHandler = handler),
  };
  const navigate = (name: string, url: string) => {
    const preventDefault = vi.fn();
    handlers.get(name)!({ preventDefault }, url);
    return preventDefault.mock.calls.length > 0;
  };
  return { contents, navigate, open: (url: string) => openHandler!({ url }) };
}

describe('navigation and new windows', () => {
  it.each([
    'https://allowed.example.attacker.test/',
    'https://www.myvivium.be/',
    'app://bundle.attacker.test/index.html',
    'app://evil/index.html',
    'app://user@bundle/index.html',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'smb://host/share',
    'http://127.0.0.1/',
  ])('blocks navigation to %s', (url) => {
    const { contents, navigate } = fakeContents();
    guardNavigation(contents as never, () => undefined);
    expect(navigate('will-navigate', url)).toBe(true);
    expect(navigate('will-redirect', url)).toBe(true);
  });

  it('lets the app move inside app://bundle', () => {
    const { contents, navigate } = fakeContents();
    guardNavigation(contents as never, () => undefined);
    expect(navigate('will-navigate', 'app://bundle/index.html#/help')).toBe(false);
    expect(isAppUrl('app://bundle/assets/x.js')).toBe(true);
  });

  it('denies every new window and hands the address to the allow-listed opener', () => {
    const opened: string[] = [];
    const { contents, open, navigate } = fakeContents();
    guardNavigation(contents as never, (url) => opened.push(url));
    expect(open('https://allowed.example.attacker.test/')).toEqual({ action: 'deny' });
    expect(open('app://bundle/index.html')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://allowed.example.attacker.test/', 'app://bundle/index.html']);
    expect(navigate('will-attach-webview', 'about:blank')).toBe(true);
  });
});

describe('permissions', () => {
  it('denies every request and check', () => {
    const captured: Record<string, (...args: unknown[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: (...args: unknown[]) => unknown) => (captured.request = h),
      setPermissionCheckHandler: (h: (...args: unknown[]) => unknown) => (captured.check = h),
      setDevicePermissionHandler: (h: (...args: unknown[]) => unknown) => (captured.device = h),
    };
    denyAllPermissions(session as never);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid', 'openExternal']) {
      const callback = vi.fn();
      captured.request!({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(captured.check!({}, permission)).toBe(false);
    }
    expect(captured.device!({})).toBe(false);
  });
});

describe('IPC sender check', () => {
  const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } });

  it('dispatches only calls from the app:// top frame', async () => {
    let handler: ((event: unknown, method: unknown, args: unknown) => Promise<unknown>) | null = null;
    const ipcMain = { handle: (channel: string, h: typeof handler) => channel === IPC_CHANNELS.call && (handler = h), removeHandler: vi.fn() };
    const dispatch = vi.fn(async () => ({ ok: true as const, result: {} }));
    registerBridgeIpc(ipcMain as never, dispatch as never);
    expect(await handler!(frame('app://bundle/index.html'), 'app.info', {})).toEqual({ ok: true, result: {} });
    expect(dispatch).toHaveBeenCalledTimes(1);
    for (const bad of [frame('https://allowed.example.attacker.test/'), frame('file:///index.html'), frame('app://bundle/index.html', {}), { senderFrame: null }]) {
      expect(await handler!(bad, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect(dispatch).toHaveBeenCalledTimes(1);
    expect(isTrustedSender(frame('app://bundle/') as never)).toBe(true);
  });
});

describe('preload surface', () => {
  beforeEach(() => fake.invoke.mockClear());

  it('exposes exactly window.eid = { call, on }, passing only contract names', async () => {
    await import('./preload.ts');
    expect([...fake.exposed.keys()]).toEqual(['eid']);
    const eid = fake.exposed.get('eid') as { call: (m: unknown, a: unknown) => Promise<unknown>; on: (e: unknown, l: unknown) => () => void };
    expect(Object.keys(eid).sort()).toEqual(['call', 'on']);
    for (const value of Object.values(eid)) expect(typeof value).toBe('function');

    expect(await eid.call('shell.openExternal', {})).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await eid.call('__proto__', {})).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(fake.invoke).not.toHaveBeenCalled();
    for (const method of METHOD_NAMES) await eid.call(method, {});
    expect(fake.invoke.mock.calls.map((call) => call[1])).toEqual(METHOD_NAMES);
    expect(new Set(fake.invoke.mock.calls.map((call) => call[0]))).toEqual(new Set([IPC_CHANNELS.call]));

    expect(() => eid.on('ipc-message', () => undefined)).toThrow();
    const received: unknown[] = [];
    const off = eid.on(EVENT_NAMES[0], (...args: unknown[]) => received.push(args));
    const [listener] = fake.rendererListeners.get(IPC_CHANNELS.event)!;
    listener!({ sender: 'ipc-event-object' }, { event: EVENT_NAMES[0], payload: { x: 1 } });
    listener!({ sender: 'ipc-event-object' }, { event: 'other', payload: { x: 2 } });
    // The listener sees the payload only: never the IpcRendererEvent.
    expect(received).toEqual([[{ x: 1 }]]);
    off();
    expect(fake.rendererListeners.get(IPC_CHANNELS.event)).toEqual([]);
  });
});

describe('app:// protocol', () => {
  const root = mkdtempSync(join(tmpdir(), 'app-protocol-'));
  mkdirSync(join(root, 'dist', 'assets'), { recursive: true });
  writeFileSync(join(root, 'dist', 'index.html'), '<!doctype html>');
  writeFileSync(join(root, 'secret.txt'), 'secret');
  const handle = appProtocolHandler(join(root, 'dist'));
  const get = (url: string) => handle(new Request(url));

  it('serves the renderer with the CSP', async () => {
    const response = await get('app://bundle/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect((await get('app://bundle/')).status).toBe(200);
  });

  it.each([
    'app://bundle/../secret.txt',
    'app://bundle/%2e%2e/secret.txt',
    'app://bundle/..%2Fsecret.txt',
    'app://bundle/assets/..%2F..%2Fsecret.txt',
    'app://bundle/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
    'app://bundle/..%5Csecret.txt',
    'app://other/index.html',
  ])('refuses %s', async (url) => {
    const response = await get(url);
    expect([400, 404]).toContain(response.status);
    expect(await response.text()).not.toContain('secret');
  });
});

describe('language and logs', () => {
  it('reduces the OS languages to fr/nl/de/en', () => {
    expect(pickLanguage(['nl-BE', 'fr-BE'])).toBe('nl');
    expect(pickLanguage(['es-ES', 'de-CH'])).toBe('de');
    expect(pickLanguage(['fr_BE'])).toBe('fr');
    expect(pickLanguage(['es-ES', 'it'])).toBe('fr');
    expect(pickLanguage([])).toBe('fr');
  });

  it('redacts national numbers, e-mail addresses, phone numbers and PINs', () => {
    const line = redact('holder 85.05.12-002.03 / 85051200203 mail eva@example.test tel +32 470 00 00 01 {"pin":"1234"} pin=9876');
    expect(line).not.toMatch(/85051200203|85\.05\.12|eva@example|470 00|1234|9876/);
  });
});

describe('app lifecycle', () => {
  it('takes the single-instance lock, sandboxes every window and registers app:// before ready', async () => {
    await import('./main.ts');
    expect(fake.app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(fake.app.enableSandbox).toHaveBeenCalled();
    expect(fake.registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(fake.app.on.mock.calls.map((call) => call[0])).toEqual(expect.arrayContaining(['second-instance', 'open-url', 'window-all-closed']));
    expect(fake.app.setAsDefaultProtocolClient).toHaveBeenCalledWith('myvivium-eid', process.execPath, [expect.stringMatching(/main\.mjs$/)]);
  });
});
