// The "May import" column of ARCHITECTURE.md as lint rules. Kept in its own file so a test can
// check that the rules really fire (test/lint-boundaries.test.ts).
import importX from 'eslint-plugin-import-x';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'tls',
  'dgram', 'worker_threads', 'stream', 'events', 'url', 'util', 'zlib', 'dns', 'readline', 'process', 'buffer'];
const electron = ['electron', 'electron/*', 'electron-updater'];
const nativeModules = ['pcsclite', 'better-sqlite3', 'pg'];
const uiLibraries = ['react', 'react-dom', 'react-dom/*', 'react-i18next'];
const serverLibraries = ['fastify', '@fastify/*', 'oidc-provider'];

const layer = (files, patterns, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: patterns.map((p) => ({ ...(p.regex ? { regex: p.regex } : { group: p.group }), message: p.message ?? message })) }],
  },
});

const outside = (...folders) => folders.flatMap((f) => [`**/${f}/**`, `../${f}/**`]);

export const boundaryRules = [
  // src/: the pure core. No Electron, no React, no native binding, no other top-level folder.
  layer(['src/**/*.{ts,tsx}'], [
    { group: electron, message: 'src/ must not import Electron: keep it in main/electron.' },
    { group: nativeModules, message: 'src/ must not load a native module: implement a port in native/.' },
    { group: uiLibraries, message: 'src/ must not import React: UI lives in renderer/.' },
    { group: serverLibraries, message: 'src/ must not import the server framework.' },
    { group: outside('native', 'main', 'renderer', 'server', 'test'), message: 'src/ may import only src/.' },
  ]),
  // Browser-safe parts of src/: no Node built-ins at all.
  layer(['src/contract/**/*.{ts,tsx}', 'src/i18n/**/*.{ts,tsx}'], [
    { group: nodeBuiltins, message: 'src/contract and src/i18n run in the browser: no Node built-ins.' },
    { group: electron, message: 'src/ must not import Electron.' },
    { group: nativeModules, message: 'src/ must not load a native module.' },
    { group: outside('native', 'main', 'renderer', 'server', 'test'), message: 'src/ may import only src/.' },
  ]),
  // native/: adapters implementing src/ ports. Never the UI or the programs.
  layer(['native/**/*.{ts,tsx}'], [
    { group: electron, message: 'native/ must not import Electron.' },
    { group: uiLibraries, message: 'native/ must not import React.' },
    { group: outside('main', 'renderer', 'server', 'test'), message: 'native/ may import only src/ and bindings.' },
  ]),
  // main/: the programs. They wire src/ and native/, never the UI source or the server.
  layer(['main/**/*.{ts,tsx}'], [
    { group: uiLibraries, message: 'main/ must not import React.' },
    { group: outside('renderer', 'server', 'test'), message: 'main/ may import only src/ and native/.' },
    // No card logic in main/: it carries the card service's operations across a process boundary, nothing more.
    { group: ['**/src/card/**', '**/src/apdu/**', '**/src/pcsc/reader-monitor*', '**/src/diagnostics/**', '**/src/card-service/**', '!**/src/card-service/index.ts'],
      message: 'main/ holds no card logic: use src/card-service (its index.ts) and keep the card code in src/.' },
  ]),
  // renderer/: the UI. Only the bridge contract and i18n from src/.
  layer(['renderer/**/*.{ts,tsx}'], [
    { group: nodeBuiltins, message: 'renderer/ runs in a sandboxed browser: no Node built-ins.' },
    { group: electron, message: 'renderer/ must not import Electron: use the bridge (window.eid).' },
    { group: nativeModules, message: 'renderer/ must not load a native module.' },
    { group: serverLibraries, message: 'renderer/ must not import server code.' },
    { group: [...outside('native', 'main', 'server', 'test'), '**/src/*/**', '!**/src/contract/**', '!**/src/i18n/**'],
      message: 'renderer/ may import only src/contract and src/i18n.' },
  ]),
  // The test PKI (src/test-pki) is a development and test tool, like the virtual card that uses it: no
  // shipped code may import it, so release bundles never hold it. Tests anywhere may.
  {
    files: ['{src,main,native,renderer,server}/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}', 'src/test-pki/**', 'src/virtual-card/**'],
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [{ target: '.', from: './src/test-pki',
        message: 'src/test-pki is for tests and the virtual card only: shipped code must not import it.' }] }],
    },
  },
  // server/: the reference backend. src/auth and src/contract only, and the diagnosis texts for the helpdesk page.
  layer(['server/**/*.{ts,tsx}'], [
    { group: electron, message: 'server/ must not import Electron.' },
    { group: uiLibraries, message: 'server/ must not import React.' },
    { group: outside('native', 'main', 'renderer', 'test'), message: 'server/ may import only src/auth, src/contract and the diagnostics texts.' },
    { regex: String.raw`(^|/)src/(?!auth/|contract/|i18n/diagnostics-texts\.ts$)`,
      message: 'server/ may import only src/auth, src/contract and the diagnostics texts.' },
  ]),
];
