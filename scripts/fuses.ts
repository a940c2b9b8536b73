// The Electron fuse wire of the shipped app, every fuse spelled out (strictlyRequireAllFuses), so an
// Electron upgrade that adds a fuse fails the build until someone decides its value.
//
// EID_TEST_BUILD=1 keeps exactly one fuse open: EnableNodeCliInspectArguments, because Playwright's
// `_electron.launch` attaches through --inspect and times out without it. That build is for tests only:
// scripts/dist.ts builds it unsigned and names its files TEST, and every other fuse stays shut.
import { FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses';

export const TEST_BUILD_ENV = 'EID_TEST_BUILD';

export function isTestBuild(env: Readonly<Record<string, string | undefined>>): boolean {
  return env[TEST_BUILD_ENV] === '1';
}

export function fuseWire(options: { testBuild: boolean; resetAdHocDarwinSignature: boolean }): FuseV1Config<boolean> {
  return {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    // Fuses are flipped before electron-builder signs; only an unsigned arm64 macOS build needs its
    // ad-hoc signature renewed, or it will not start.
    resetAdHocDarwinSignature: options.resetAdHocDarwinSignature,
    // ELECTRON_RUN_AS_NODE would turn the signed app into a general-purpose Node.js interpreter.
    [FuseV1Options.RunAsNode]: false,
    // Cookies (the MyVivium session after handoff) are encrypted with the OS keychain.
    [FuseV1Options.EnableCookieEncryption]: true,
    // NODE_OPTIONS could inject code (--require) into the main process.
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    // --inspect would let anyone on the machine attach a debugger to the process holding the PIN.
    [FuseV1Options.EnableNodeCliInspectArguments]: options.testBuild,
    // The asar's hash is checked at start (macOS Info.plist / Windows resource written by electron-builder).
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    // Refuse to load an app folder placed next to the asar.
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    // One V8 snapshot for all processes; a browser-specific snapshot is not used.
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    // The UI is served from a custom protocol, not file://, so file: gets no extra privileges.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    // Electron 42+: V8 guards WebAssembly memory with signal handlers instead of bounds checks (Electron's
    // default). Off is only for memory-starved machines; we run no WebAssembly of our own either way.
    [FuseV1Options.WasmTrapHandlers]: true,
  };
}
