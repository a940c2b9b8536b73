// electron-builder.yml and its companions (entitlements, NSIS include) as the release needs them: a
// careless edit of a target, a dependency, an entitlement or the feed fails here, not in a customer's hands.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBuilderConfig } from '../../scripts/dist.ts';
import { PRODUCT_NAME } from '../../src/contract/product.ts';
import { LANGUAGES } from '../../src/i18n/languages.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const config = readBuilderConfig(join(ROOT, 'electron-builder.yml'));

type Json = Record<string, unknown>;
const section = (name: string): Json => config[name] as Json;
const targets = (platform: string): string[] =>
  (section(platform).target as Json[]).map((t) => String(t.target));

describe('electron-builder.yml', () => {
  it('is a valid electron-builder configuration (electron-builder’s own schema)', () => {
    // electron-builder's own validator and schema, without loading the whole builder.
    const require = createRequire(import.meta.url);
    const { validateSchema } = require('app-builder-lib/out/util/config/schemaValidator.js') as {
      validateSchema: (schema: unknown, data: unknown) => void;
    };
    const schema: unknown = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
    expect(() => validateSchema(schema, structuredClone(config))).not.toThrow();
    expect(() => validateSchema(schema, { ...structuredClone(config), nsis: { ...section('nsis'), oneclick: false } })).toThrow(/configuration\.nsis/);
  });

  it('names the app', () => {
    expect(config.appId).toBe('be.vivium.myvivium.eidcompanion');
    expect(config.productName, 'the one product name, src/contract/product.ts').toBe(PRODUCT_NAME);
  });

  it('builds NSIS for Windows, dmg + zip for macOS, deb + AppImage for Linux', () => {
    expect(targets('win')).toEqual(['nsis']);
    expect(targets('mac')).toEqual(['dmg', 'zip']);
    expect(targets('linux')).toEqual(['deb', 'AppImage']);
  });

  it('unpacks native modules from the asar and rebuilds them for Electron', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.npmRebuild).toBe(true);
  });

  it('ships the PC/SC binding, the bundled app and the verified anchors, not the server or its databases', () => {
    const files = config.files as string[];
    expect(files).toContain('node_modules/pcsclite/build/Release/pcsclite.node');
    expect(files).toContain('native/pcsclite/card-handle/build/Release/card_handle.node');
    expect(files).toContain('dist/electron/**/*');
    expect(files).toContain('!node_modules/**/*');
    expect(files.some((f) => /better-sqlite3|server\/|[/]pg[/]/.test(f) && !f.startsWith('!'))).toBe(false);
    expect((config.extraMetadata as Json).main).toBe('dist/electron/main.mjs');
    expect(config.extraResources).toEqual([{ from: 'build/trust-anchors', to: 'trust-anchors', filter: ['*.crt'] }]);
  });

  it('selects exactly those files, as electron-builder’s own file matcher reads the patterns', () => {
    const require = createRequire(import.meta.url);
    const { FileMatcher } = require('app-builder-lib/out/fileMatcher.js') as {
      FileMatcher: new (from: string, to: string, expand: (s: string) => string, patterns: string[]) => {
        createFilter(): (file: string, stat: { isDirectory(): boolean }) => boolean;
      };
    };
    const filter = new FileMatcher(ROOT, '/out', (s) => s, config.files as string[]).createFilter();
    const packed = (path: string, directory = false) => filter(join(ROOT, path), { isDirectory: () => directory });
    for (const path of ['package.json', 'dist/electron/main.mjs', 'renderer/dist/index.html', 'node_modules/pcsclite/index.js',
      'node_modules/pcsclite/lib/pcsclite.js', 'node_modules/pcsclite/build/Release/pcsclite.node', 'node_modules/bindings/bindings.js',
      'native/pcsclite/card-handle/build/Release/card_handle.node']) {
      expect(packed(path), path).toBe(true);
    }
    expect(packed('node_modules/pcsclite', true)).toBe(true);
    for (const path of ['src/trust/pins.ts', 'server/index.ts', 'main/electron/updater/update-controller.ts', 'node_modules/fastify/package.json',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'node_modules/pg/lib/index.js', 'node_modules/pcsclite/src/pcscd.cpp',
      'native/pcsclite/card-handle/card-handle.c', 'native/pcsclite/pcsclite-port.ts', 'dist/electron/main.mjs.map', 'test/packaging/dist.test.ts']) {
      expect(packed(path), path).toBe(false);
    }
  });

  it("installs per user on Windows, assisted, in the app's languages, with signed .node files", () => {
    const nsis = section('nsis');
    expect(nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: false, multiLanguageInstaller: true, displayLanguageSelector: true });
    expect(nsis.installerLanguages).toEqual(expect.arrayContaining(['en_US', 'fr_FR', 'nl_NL', 'de_DE']));
    // One installer language per app language (src/i18n/languages.ts), English (the NSIS default) first.
    expect((nsis.installerLanguages as string[]).map((code) => code.slice(0, 2)).sort()).toEqual([...LANGUAGES].sort());
    expect((nsis.installerLanguages as string[])[0]).toBe('en_US');
    expect(nsis.include).toBe('build/installer.nsh');
    const win = section('win');
    expect(win.signExts).toContain('.node');
    expect(win.verifyUpdateCodeSignature).toBe(true);
    expect(win.forceCodeSigning).toBe(true);
  });

  it('never holds a secret: certificates and notarization credentials come from the environment', () => {
    const text = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');
    expect(text).not.toMatch(/^\s*(cscLink|cscKeyPassword|certificatePassword|certificateFile|appleId|appleIdPassword|password)\s*:/im);
    expect(section('win').signtoolOptions).not.toHaveProperty('certificatePassword');
  });

  it('signs macOS with the hardened runtime, the app’s entitlements, and notarizes', () => {
    const mac = section('mac');
    expect(mac).toMatchObject({ hardenedRuntime: true, notarize: true, forceCodeSigning: true });
    expect(mac.entitlements).toBe('build/entitlements.mac.plist');
    expect(mac.entitlementsInherit).toBe('build/entitlements.mac.plist');
  });

  it('makes the deb depend on the PC/SC daemon and library', () => {
    const depends = section('deb').depends as string[];
    expect(depends).toEqual(expect.arrayContaining(['pcscd', 'libpcsclite1']));
    // Setting depends replaces electron-builder's default list: Electron's own libraries must stay.
    expect(depends).toEqual(expect.arrayContaining(['libgtk-3-0', 'libnss3', 'libnotify4', 'libxss1', 'libxtst6', 'xdg-utils']));
  });

  it('publishes to a generic HTTPS feed', () => {
    const publish = config.publish as Json[];
    expect(publish).toHaveLength(1);
    expect(publish[0]?.provider).toBe('generic');
    expect(new URL(String(publish[0]?.url)).protocol).toBe('https:');
  });

  it('flips the fuses in the afterPack hook and nowhere else', () => {
    expect(config.afterPack).toBe('./scripts/after-pack.ts');
    expect(config).not.toHaveProperty('electronFuses');
  });
});

describe('macOS entitlements', () => {
  const plist = readFileSync(join(ROOT, 'build/entitlements.mac.plist'), 'utf8');
  const keys = [...plist.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1]);

  it('grant exactly JIT, which V8 needs under the hardened runtime', () => {
    expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
  });
});

describe('NSIS include', () => {
  const nsh = readFileSync(join(ROOT, 'build/installer.nsh'), 'utf8');

  it('has the Smart Card service warning in every language of the app', () => {
    for (const id of ['1033', '1036', '1043', '1031']) expect(nsh).toMatch(new RegExp(`LangString eidSmartCardServiceDisabled ${id} "`));
    expect(nsh.match(/^LangString eidSmartCardServiceDisabled \d+ "/gm)).toHaveLength(LANGUAGES.length);
    expect(nsh).toContain('!macro customInit');
    expect(nsh).toContain('Services\\SCardSvr');
  });

  it('starts with a UTF-8 byte order mark so NSIS reads the accents right', () => {
    expect([...readFileSync(join(ROOT, 'build/installer.nsh')).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});

describe('app icon', () => {
  it('is a PNG of at least 512×512 in build/, where electron-builder derives .ico and .icns from it', () => {
    const png = readFileSync(join(ROOT, 'build/icon.png'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
    expect(png.readUInt32BE(20)).toBe(png.readUInt32BE(16));
    expect((config.directories as Json).buildResources).toBe('build');
  });
});
