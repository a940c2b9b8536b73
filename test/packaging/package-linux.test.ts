// The whole packaging chain on this machine, without Electron: electron-builder packs the Linux app
// folder from electron-builder.yml around a stand-in Electron binary (a file holding the fuse wire),
// runs our afterPack hook, and we inspect what a customer would get.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { readBuilderConfig } from '../../scripts/dist.ts';
import { loadTrustAnchorDirectory, parseCertificateFile } from '../../src/trust/index.ts';
import { readReference, referenceAvailable } from '../support/reference.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  extractFile(archive: string, file: string): Buffer;
};

let work: string;
let app: string;

/** The Electron we ship (node_modules/electron), so the stand-in is packed as that version. */
const ELECTRON_VERSION = (JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;

describe.runIf(process.platform === 'linux')('the packed Linux app (stand-in Electron)', () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'pack-linux-'));
    // Electron's unpacked distribution, with Electron 45's default fuse wire (9 fuses; run-as-node etc. on).
    const electronDist = join(work, 'electron-dist');
    mkdirSync(join(electronDist, 'resources'), { recursive: true });
    writeFileSync(join(electronDist, 'electron'), Buffer.concat([Buffer.from('\x7fELF stand-in '), Buffer.from(SENTINEL), Buffer.from([1, 9, 0x31, 0x30, 0x31, 0x31, 0x30, 0x30, 0x30, 0x31, 0x31])]), { mode: 0o755 });
    writeFileSync(join(electronDist, 'LICENSE'), 'stand-in');
    writeFileSync(join(electronDist, 'version'), ELECTRON_VERSION);
    // The bundled main process (scripts/dist.ts writes the real one).
    mkdirSync(join(work, 'bundle'));
    writeFileSync(join(work, 'bundle/main.mjs'), 'export {};\n');
    // Trust anchors as trust:fetch writes them (DER, named after the pin), from the reference copies.
    mkdirSync(join(work, 'anchors'));
    if (referenceAvailable) {
      for (const [pin, file] of [['belgium-root-ca3', 'belgiumrca3.pem'], ['belgium-root-ca6', 'belgiumrca6.pem']]) {
        const parsed = parseCertificateFile(readReference('pki', file!));
        if (parsed.ok) writeFileSync(join(work, 'anchors', `${pin}.crt`), parsed.value.der);
      }
    }

    const config = readBuilderConfig();
    const effective = {
      ...config,
      // No network here: no native rebuild against downloaded Electron headers, and the stand-in Electron.
      npmRebuild: false,
      electronDist,
      electronVersion: ELECTRON_VERSION,
      directories: { output: join(work, 'out'), buildResources: 'build' },
      files: [...(config.files as string[]).filter((f) => !f.startsWith('dist/electron')), { from: join(work, 'bundle'), to: 'dist/electron', filter: ['**/*'] }],
      extraResources: [{ from: join(work, 'anchors'), to: 'trust-anchors', filter: ['*.crt'] }],
    };
    writeFileSync(join(work, 'config.json'), JSON.stringify(effective));
    execFileSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'test/packaging/pack-dir.ts'), join(work, 'config.json')], { cwd: ROOT, stdio: 'pipe', env: { ...process.env, EID_TEST_BUILD: '' } });
    app = join(work, 'out/linux-unpacked');
  }, 120_000);

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

  it('runs the bundled main process from the asar and unpacks both PC/SC addons', () => {
    const archive = join(app, 'resources/app.asar');
    const files = asar.listPackage(archive, { isPack: false }).map((f) => f.replaceAll('\\', '/'));
    const manifest = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as { main: string };
    expect(manifest.main).toBe('dist/electron/main.mjs');
    expect(files).toContain('/dist/electron/main.mjs');
    expect(files).toContain('/node_modules/pcsclite/build/Release/pcsclite.node');
    expect(existsSync(join(app, 'resources/app.asar.unpacked/node_modules/pcsclite/build/Release/pcsclite.node'))).toBe(true);
    expect(existsSync(join(app, 'resources/app.asar.unpacked/native/pcsclite/card-handle/build/Release/card_handle.node'))).toBe(true);
    expect(files.filter((f) => /better-sqlite3|fastify|\/pg\/|\/server\/|\/src\/|\.ts$/.test(f))).toEqual([]);
  });

  it('bakes the update feed into app-update.yml', () => {
    const updateConfig = readFileSync(join(app, 'resources/app-update.yml'), 'utf8');
    expect(updateConfig).toMatch(/^provider: generic$/m);
    expect(updateConfig).toMatch(/^url: https:\/\/updates\.myvivium\.be\/eid-companion$/m);
  });

  it.runIf(referenceAvailable)('ships the trust anchors, which the loader accepts in production', async () => {
    const result = await loadTrustAnchorDirectory(join(app, 'resources/trust-anchors'), { mode: 'production' });
    expect(result.ok && result.anchors.map((a) => a.id).sort()).toEqual(['belgium-root-ca3', 'belgium-root-ca6']);
  });
});
