// electron-builder `afterPack` hook (electron-builder.yml): flips the Electron fuses of the packed app,
// before electron-builder signs it, then reads the wire back and fails the build if it is not exactly
// what scripts/fuses.ts says. Loaded by electron-builder inside `npm run dist` (tsx runs the build, so a
// TypeScript hook loads).
import { join } from 'node:path';
import { flipFuses, getCurrentFuseWire, FuseV1Options } from '@electron/fuses';
import { fuseWire, isTestBuild } from './fuses.ts';

/** The part of electron-builder's AfterPackContext this hook reads. */
export interface FusePackContext {
  readonly appOutDir: string;
  readonly electronPlatformName: string;
  /** electron-builder's Arch: 0 ia32, 1 x64, 2 armv7l, 3 arm64, 4 universal. */
  readonly arch: number;
  readonly packager: {
    readonly appInfo: { readonly productFilename: string };
    readonly executableName?: string;
  };
}

const ARCH_X64 = 1;

export function electronBinaryPath(context: FusePackContext): string {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    default:
      return join(appOutDir, packager.executableName ?? packager.appInfo.productFilename);
  }
}

export async function afterPack(context: FusePackContext, env: Readonly<Record<string, string | undefined>> = process.env): Promise<void> {
  const binary = electronBinaryPath(context);
  const isMac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  const wire = fuseWire({ testBuild: isTestBuild(env), resetAdHocDarwinSignature: isMac && context.arch !== ARCH_X64 });
  await flipFuses(binary, wire);

  const current = await getCurrentFuseWire(binary);
  const wrong = Object.values(FuseV1Options)
    .filter((option): option is FuseV1Options => typeof option === 'number')
    .filter((option) => {
      const state = current[option];
      // A fuse Electron has removed from its binary ('r') cannot be set and does not count.
      return state !== undefined && state !== FUSE_REMOVED && (state === FUSE_ENABLED) !== wire[option];
    })
    .map((option) => FuseV1Options[option]);
  if (wrong.length > 0) throw new Error(`Electron fuses not set as configured in ${binary}: ${wrong.join(', ')}`);
}

// Byte values of the fuse states in the binary ('1' enabled, 'r' removed), from @electron/fuses.
const FUSE_ENABLED = 0x31;
const FUSE_REMOVED = 0x72;

export default afterPack;
