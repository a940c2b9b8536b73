// The packed app, checked for real. electron-builder packs the Linux app folder from electron-builder.yml
// around a stand-in Electron binary (a file holding the fuse wire) with the real bundles, built from the
// one list of shipped entry points, and runs our afterPack hook. Then the packed result is checked, not
// the source tree:
// - every file the main process loads at run time is inside app.asar (or unpacked next to it);
// - the packed main process boots under a recording stand-in for the `electron` module, outside the
//   repository, far enough to create its hardened window, register app:// and fork the card worker;
// - the packed card worker, run by plain Node from that folder, logs in with a virtual card on pcscd
//   and its token passes the server's validator.
// A pcscd test (one file at a time, under the pcscd lock) because of that last part.
import { execFileSync, fork } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { readBuilderConfig } from '../../scripts/dist.ts';
import { appPaths, BUNDLE_DIR, BUNDLE_FILES } from '../../main/electron/app-paths.ts';
import { bundleShippedEntries, SHIPPED_BUNDLES, SHIPPED_RENDERER } from '../../main/electron/shipped-entries.ts';
import { startCardProcess } from '../../main/card-process/client.ts';
import type { WorkerHandle } from '../../main/card-process/protocol.ts';
import { ensureRendererBuilt } from '../../main/renderer-build.ts';
import { createAuthToken, createTokenValidator } from '../../src/auth/index.ts';
import { hashOf } from '../../src/auth/token-format.ts';
import { LANGUAGES } from '../../src/i18n/index.ts';
import { loadTrustAnchorDirectory, parseCertificateFile } from '../../src/trust/index.ts';
import { createTestPki, createVirtualCard } from '../../src/virtual-card/index.ts';
import { pcscdInstalled, PCSCD_MISSING } from '../support/pcscd.ts';
import { readReference, referenceAvailable } from '../support/reference.ts';
import { withVirtualCardOnPcscd } from '../support/virtual-card.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  extractFile(archive: string, file: string): Buffer;
  extractAll(archive: string, destination: string): void;
};
if (!pcscdInstalled()) console.warn(PCSCD_MISSING);

let work: string;
let app: string;
let archive: string;
let asarFiles: Set<string>;
/** The installed layout outside the repository: resources/ with app.asar extracted as a folder (unpacked files merged in, as Electron's asar reader does). */
let installed: string;

/** The Electron we ship (node_modules/electron), so the stand-in is packed as that version. */
const ELECTRON_VERSION = (JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;

const inAsar = (file: string) => asarFiles.has(`/${file.replaceAll('\\', '/')}`);

describe.runIf(process.platform === 'linux')('the packed Linux app (stand-in Electron, real bundles)', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'packed-app-'));
    // Electron's unpacked distribution, with Electron 45's default fuse wire (9 fuses; run-as-node etc. on).
    const electronDist = join(work, 'electron-dist');
    mkdirSync(join(electronDist, 'resources'), { recursive: true });
    writeFileSync(join(electronDist, 'electron'), Buffer.concat([Buffer.from('\x7fELF stand-in '), Buffer.from(SENTINEL), Buffer.from([1, 9, 0x31, 0x30, 0x31, 0x31, 0x30, 0x30, 0x30, 0x31, 0x31])]), { mode: 0o755 });
    writeFileSync(join(electronDist, 'LICENSE'), 'stand-in');
    writeFileSync(join(electronDist, 'version'), ELECTRON_VERSION);
    // What ships, built as `npm run dist` builds it: the bundles into dist/electron, and the renderer.
    await Promise.all([bundleShippedEntries(), ensureRendererBuilt(() => undefined)]);
    // Trust anchors as trust:fetch writes them (DER, named after the pin), from the reference copies.
    mkdirSync(join(work, 'anchors'));
    if (referenceAvailable) {
      for (const [pin, file] of [['belgium-root-ca3', 'belgiumrca3.pem'], ['belgium-root-ca6', 'belgiumrca6.pem']]) {
        const parsed = parseCertificateFile(readReference('pki', file!));
        if (parsed.ok) writeFileSync(join(work, 'anchors', `${pin}.crt`), parsed.value.der);
      }
    }

    const effective = {
      ...readBuilderConfig(),
      // No network here: no native rebuild against downloaded Electron headers (the PC/SC addons stay
      // built for this Node, so plain Node can run the packed worker), and the stand-in Electron.
      npmRebuild: false,
      electronDist,
      electronVersion: ELECTRON_VERSION,
      directories: { output: join(work, 'out'), buildResources: 'build' },
      extraResources: [{ from: join(work, 'anchors'), to: 'trust-anchors', filter: ['*.crt'] }],
    };
    writeFileSync(join(work, 'config.json'), JSON.stringify(effective));
    execFileSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'test/packaging/pack-dir.ts'), join(work, 'config.json')], { cwd: ROOT, stdio: 'pipe', env: { ...process.env, EID_TEST_BUILD: '' } });
    app = join(work, 'out/linux-unpacked');
    archive = join(app, 'resources/app.asar');
    asarFiles = new Set(asar.listPackage(archive, { isPack: false }).map((f) => f.replaceAll('\\', '/')));

    installed = join(work, 'installed/resources');
    asar.extractAll(archive, join(installed, 'app.asar'));
    // Without the reference copies there are no anchors to ship, and electron-builder makes no folder for none.
    if (referenceAvailable) cpSync(join(app, 'resources/trust-anchors'), join(installed, 'trust-anchors'), { recursive: true });
  }, 180_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('has its fuses hardened by the afterPack hook', async () => {
    const wire = await getCurrentFuseWire(join(app, 'myvivium-eid-companion'));
    const enabled = (option: FuseV1Options) => wire[option] === 0x31;
    expect(enabled(FuseV1Options.RunAsNode)).toBe(false);
    expect(enabled(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(false);
    expect(enabled(FuseV1Options.EnableNodeCliInspectArguments)).toBe(false);
    expect(enabled(FuseV1Options.EnableCookieEncryption)).toBe(true);
    expect(enabled(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(true);
    expect(enabled(FuseV1Options.OnlyLoadAppFromAsar)).toBe(true);
  });

  it('holds every shipped entry point in the asar, and runs the bundled main process', () => {
    const manifest = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as { main: string };
    expect(manifest.main).toBe(`${BUNDLE_DIR}/${BUNDLE_FILES.main}`);
    for (const bundle of SHIPPED_BUNDLES) expect(inAsar(`${BUNDLE_DIR}/${bundle.file}`), bundle.name).toBe(true);
    expect(inAsar(`${SHIPPED_RENDERER.dir}/${SHIPPED_RENDERER.entry}`)).toBe(true);
    expect([...asarFiles].filter((f) => /better-sqlite3|fastify|\/pg\/|\/server\/|\/src\/|\.ts$|\.map$/.test(f))).toEqual([]);
  });

  it('holds every file the installed main process loads: preload, card worker, the renderer and all its assets, the locales', () => {
    const paths = appPaths({ isPackaged: true, appPath: '/app.asar', resourcesPath: '/', bundleDir: '/unused' });
    const relative = (path: string) => path.slice('/app.asar/'.length);
    expect(inAsar(relative(paths.preload))).toBe(true);
    expect(inAsar(relative(paths.cardWorker))).toBe(true);
    const renderer = relative(paths.renderer);
    const index = asar.extractFile(archive, `${renderer}/index.html`).toString('utf8');
    // Every asset index.html names, and every asset those name in turn (lazy chunks, fonts, icons).
    const seen = new Set<string>();
    const pending = [...index.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1]!);
    expect(pending.length).toBeGreaterThan(0);
    while (pending.length > 0) {
      const asset = pending.pop()!;
      if (seen.has(asset)) continue;
      seen.add(asset);
      expect(inAsar(`${renderer}/${asset}`), asset).toBe(true);
      if (!/\.(js|css)$/.test(asset)) continue;
      const text = asar.extractFile(archive, `${renderer}/${asset}`).toString('utf8');
      // Hashed names, as the bundler writes them: `name-HASH.js` (Vite's default) or `name.HASH.js`.
      for (const m of text.matchAll(/["'(/]([\w-]+[.-][\w-]{8}\.(?:js|css|woff2|svg|png))["')]/g)) pending.push(`assets/${m[1]}`);
    }
    expect([...seen].filter((asset) => asset.endsWith('.js')).length).toBeGreaterThan(1);
    // The main process's own strings (dialogs) are bundled into main.mjs, every language.
    const main = asar.extractFile(archive, `${BUNDLE_DIR}/${BUNDLE_FILES.main}`).toString('utf8');
    for (const language of LANGUAGES) expect(main, language).toContain(`./locales/${language}/app.json`);
  });

  it('unpacks both native PC/SC modules next to the asar', () => {
    for (const addon of ['node_modules/pcsclite/build/Release/pcsclite.node', 'native/pcsclite/card-handle/build/Release/card_handle.node']) {
      expect(inAsar(addon), addon).toBe(true);
      expect(existsSync(join(app, 'resources/app.asar.unpacked', addon)), addon).toBe(true);
    }
  });

  it('bakes the update feed into app-update.yml', () => {
    const updateConfig = readFileSync(join(app, 'resources/app-update.yml'), 'utf8');
    expect(updateConfig).toMatch(/^provider: generic$/m);
    expect(updateConfig).toMatch(/^url: https:\/\/updates\.myvivium\.be\/eid-companion$/m);
  });

  // The anchors come from the reference copies here (trust:fetch at release); without them there is none to ship.
  it.skipIf(!referenceAvailable)('ships the trust-anchors resource, which the loader accepts in production', async () => {
    expect(existsSync(join(app, 'resources/trust-anchors'))).toBe(true);
    const result = await loadTrustAnchorDirectory(join(app, 'resources/trust-anchors'), { mode: 'production' });
    expect(result.ok && result.anchors.map((a) => a.id).sort()).toEqual(['belgium-root-ca3', 'belgium-root-ca6']);
  });

  it('boots the packed main process: hardened window, app:// registered and serving the UI, card worker forked from the app with the installed anchors', () => {
    // `electron` resolves to the recording stand-in from the extracted app's folder; nothing of the repository is reachable.
    const standIn = join(work, 'installed/node_modules/electron');
    mkdirSync(standIn, { recursive: true });
    writeFileSync(join(standIn, 'package.json'), JSON.stringify({ name: 'electron', main: 'index.js' }));
    copyFileSync(join(ROOT, 'test/packaging/recording-electron.cjs'), join(standIn, 'index.js'));
    const record = join(work, 'boot-record.json');
    mkdirSync(join(work, 'user-data'));
    execFileSync(process.execPath, [join(installed, 'app.asar', BUNDLE_DIR, BUNDLE_FILES.main)], {
      cwd: work,
      stdio: 'pipe',
      timeout: 30_000,
      env: { PATH: process.env.PATH, HOME: work, STANDIN_RESOURCES: installed, STANDIN_RECORD: record, STANDIN_USER_DATA: join(work, 'user-data'), EID_DISABLE_UPDATES: '1', EID_COMPANION_RUNTIME_DIR: join(work, 'runtime') },
    });
    const booted = JSON.parse(readFileSync(record, 'utf8')) as {
      calls: string[];
      schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>;
      handlers: Record<string, boolean>;
      windows: Array<{ options: { webPreferences: Record<string, unknown> }; preloadExists: boolean; url: string }>;
      forks: Array<{ modulePath: string; exists: boolean; messages: unknown[] }>;
      page: { status: number; type: string; body: string };
      protocolClients: string[][];
    };
    expect(booted.calls).toContain('app.enableSandbox');
    expect(booted.schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect(booted.handlers).toEqual({ app: true });
    expect(booted.windows).toHaveLength(1);
    const [window] = booted.windows;
    expect(window!.options.webPreferences).toMatchObject({
      preload: join(installed, 'app.asar', BUNDLE_DIR, BUNDLE_FILES.preload),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      allowRunningInsecureContent: false,
    });
    expect(window!.options.webPreferences.webSecurity).toBeUndefined();
    expect(window!.preloadExists).toBe(true);
    expect(window!.url).toBe('app://bundle/index.html');
    expect(booted.page).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(booted.page.body).toContain('<div id="root">');
    expect(booted.forks).toHaveLength(1);
    expect(booted.forks[0]).toMatchObject({ modulePath: join(installed, 'app.asar', BUNDLE_DIR, BUNDLE_FILES.cardWorker), exists: true });
    // The worker's configuration names the installed trust anchors.
    expect(booted.forks[0]!.messages[0]).toEqual({ kind: 'init', config: { pcsc: { kind: 'native' }, trustAnchorDirectory: join(installed, 'trust-anchors') } });
    // myvivium-eid: links: the installed app is the handler, and `eid-companion open` can reach it by starting it again.
    expect(booted.protocolClients).toEqual([['myvivium-eid']]);
    expect(JSON.parse(readFileSync(join(work, 'runtime/instance.json'), 'utf8'))).toMatchObject({ kind: 'electron', command: [process.execPath] });
  });

  it.skipIf(!pcscdInstalled())('runs the packed card worker under plain Node outside the repository: a virtual card logs in and the token passes the validator', async () => {
    const origin = 'https://myvivium.packed.test';
    const nonce = 'packed-app-nonce-0123456789abcdefghijklmnopqrstuv';
    const pki = await createTestPki({ seed: 'packed-app' });
    const workerPath = join(installed, 'app.asar', BUNDLE_DIR, BUNDLE_FILES.cardWorker);
    // Plain Node: no tsx, no loader, the bare environment, from the folder outside the repository.
    const spawn = (): WorkerHandle => {
      const child = fork(workerPath, [], { cwd: work, execArgv: [], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { PATH: process.env.PATH } });
      return {
        pid: child.pid,
        send: (message) => void (child.connected && child.send(message)),
        onMessage: (listener) => child.on('message', listener),
        onExit: (listener) => child.once('exit', (code) => listener(code)),
        kill: () => child.kill('SIGKILL'),
      };
    };
    const card = startCardProcess({ spawn, config: { pcsc: { kind: 'native' }, trustAnchorDirectory: join(installed, 'trust-anchors') } });
    try {
      await withVirtualCardOnPcscd({ card: await createVirtualCard({ pki, profile: '1.8' }) }, async ({ reader }) => {
        for (let i = 0; i < 200; i++) {
          const overview = await card.overview({});
          if (overview.readers.some((r) => r.name === reader && r.state === 'card')) break;
          await new Promise((done) => setTimeout(done, 50));
        }
        const summary = await card.summary({ reader });
        expect(summary).toMatchObject({ reader, applet: '1.8', pin: { blocked: false } });
        const certificateDer = await card.authCertificate({ reader });
        const token = await createAuthToken({
          certificateDer,
          origin,
          nonce,
          appVersion: 'https://github.com/vivium/eid-companion/releases/packed-test',
          sign: (digest, algorithm) => card.authenticate({ reader, pin: { kind: 'digits', pin: new TextEncoder().encode('1234') }, digest, hash: hashOf(algorithm) }),
        });
        const validator = createTokenValidator({ trustedCertificates: [pki.trustPem.root, pki.trustPem.citizenCa], revocation: false });
        const result = await validator.validate(token, { origin, nonce });
        expect(result).toMatchObject({ ok: true, subject: { surname: summary.holder.surname } });
      });
    } finally {
      await card.stop();
    }
  }, 90_000);
});
