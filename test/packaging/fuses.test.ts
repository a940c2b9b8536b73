// The fuse wire and the afterPack hook, on a stand-in binary: Electron itself cannot be downloaded here,
// but a file holding the fuse sentinel and an all-default wire is exactly what @electron/fuses edits.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterPack, electronBinaryPath, type FusePackContext } from '../../scripts/after-pack.ts';
import { fuseWire } from '../../scripts/fuses.ts';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ENABLED = 0x31;
const DISABLED = 0x30;

/** Electron 45's wire: version 1, 9 fuses, with Electron's defaults (run-as-node, NODE_OPTIONS, inspect, WASM traps on). */
function fakeElectron(): Buffer {
  const defaults = [ENABLED, DISABLED, ENABLED, ENABLED, DISABLED, DISABLED, DISABLED, ENABLED, ENABLED];
  return Buffer.concat([Buffer.from('\x7fELF-padding-'), Buffer.from(SENTINEL), Buffer.from([1, defaults.length, ...defaults]), Buffer.from('-tail')]);
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function linuxApp(): FusePackContext {
  const appOutDir = mkdtempSync(join(tmpdir(), 'fuses-'));
  dirs.push(appOutDir);
  const context: FusePackContext = { appOutDir, electronPlatformName: 'linux', arch: 1, packager: { appInfo: { productFilename: 'MyVivium eID' }, executableName: 'myvivium-eid-companion' } };
  writeFileSync(electronBinaryPath(context), fakeElectron());
  return context;
}

async function wireOf(context: FusePackContext): Promise<Record<string, boolean>> {
  const wire = await getCurrentFuseWire(electronBinaryPath(context));
  return Object.fromEntries(
    Object.values(FuseV1Options).filter((o): o is FuseV1Options => typeof o === 'number').map((o) => [FuseV1Options[o], wire[o] === ENABLED]),
  );
}

const HARDENED = {
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  LoadBrowserProcessSpecificV8Snapshot: false,
  GrantFileProtocolExtraPrivileges: false,
  WasmTrapHandlers: true,
};

describe('fuse wire', () => {
  it('spells out every fuse and requires all of them', () => {
    const wire = fuseWire({ testBuild: false, resetAdHocDarwinSignature: false });
    expect(wire.strictlyRequireAllFuses).toBe(true);
    for (const [name, value] of Object.entries(HARDENED)) expect(wire[FuseV1Options[name as keyof typeof FuseV1Options]]).toBe(value);
  });

  it('opens only the inspect fuse for a test build', () => {
    const release = fuseWire({ testBuild: false, resetAdHocDarwinSignature: false });
    const test = fuseWire({ testBuild: true, resetAdHocDarwinSignature: false });
    const differing = Object.values(FuseV1Options).filter((o): o is FuseV1Options => typeof o === 'number').filter((o) => release[o] !== test[o]);
    expect(differing.map((o) => FuseV1Options[o])).toEqual(['EnableNodeCliInspectArguments']);
  });
});

describe('afterPack', () => {
  it('finds the executable per platform', () => {
    const base = { appOutDir: '/out', arch: 1, packager: { appInfo: { productFilename: 'MyVivium eID' }, executableName: 'myvivium-eid-companion' } };
    expect(electronBinaryPath({ ...base, electronPlatformName: 'win32' })).toBe('/out/MyVivium eID.exe');
    expect(electronBinaryPath({ ...base, electronPlatformName: 'darwin' })).toBe('/out/MyVivium eID.app');
    expect(electronBinaryPath({ ...base, electronPlatformName: 'linux' })).toBe('/out/myvivium-eid-companion');
  });

  it('hardens the packed binary', async () => {
    const context = linuxApp();
    await afterPack(context, {});
    expect(await wireOf(context)).toEqual(HARDENED);
    expect(readFileSync(electronBinaryPath(context)).subarray(-5).toString()).toBe('-tail');
  });

  it('keeps inspect on for EID_TEST_BUILD=1, and only that', async () => {
    const context = linuxApp();
    await afterPack(context, { EID_TEST_BUILD: '1' });
    expect(await wireOf(context)).toEqual({ ...HARDENED, EnableNodeCliInspectArguments: true });
  });

  it('fails the build on a binary without a fuse wire', async () => {
    const context = linuxApp();
    writeFileSync(electronBinaryPath(context), 'not electron');
    await expect(afterPack(context, {})).rejects.toThrow(/sentinel/);
  });
});
