// Where the CLI and the web host find the trust anchors: the installed app's resource inside an
// installed app, the checkout's build/trust-anchors otherwise.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPaths } from './electron/app-paths.ts';
import { runtimeAnchorDirectory } from './trust-anchor-location.ts';

const CHECKOUT = resolve(import.meta.dirname, '..');

describe('runtimeAnchorDirectory', () => {
  it('uses an installed app\'s trust-anchors resource', () => {
    const resources = mkdtempSync(join(tmpdir(), 'resources-'));
    mkdirSync(join(resources, 'trust-anchors'));
    expect(runtimeAnchorDirectory(resources)).toBe(join(resources, 'trust-anchors'));
  });

  it('uses the checkout under plain Node, and under a development Electron whose resources hold no anchors', () => {
    expect(runtimeAnchorDirectory(undefined)).toBe(join(CHECKOUT, 'build/trust-anchors'));
    expect(runtimeAnchorDirectory(mkdtempSync(join(tmpdir(), 'electron-dist-resources-')))).toBe(join(CHECKOUT, 'build/trust-anchors'));
  });
});

describe('appPaths', () => {
  it('finds an installed app\'s files in its asar and its anchors in its resources', () => {
    expect(appPaths({ isPackaged: true, appPath: '/opt/App/resources/app.asar', resourcesPath: '/opt/App/resources', bundleDir: '/opt/App/resources/app.asar/dist/electron' })).toEqual({
      preload: '/opt/App/resources/app.asar/dist/electron/preload.cjs',
      cardWorker: '/opt/App/resources/app.asar/dist/electron/card-worker.mjs',
      renderer: '/opt/App/resources/app.asar/renderer/dist',
      trustAnchors: '/opt/App/resources/trust-anchors',
    });
  });

  it('finds them in the checkout during development (npm start)', () => {
    expect(appPaths({ isPackaged: false, appPath: '/ignored', resourcesPath: '/electron/resources', bundleDir: '/repo/dist/electron' })).toEqual({
      preload: '/repo/dist/electron/preload.cjs',
      cardWorker: '/repo/dist/electron/card-worker.mjs',
      renderer: '/repo/renderer/dist',
      trustAnchors: '/repo/build/trust-anchors',
    });
  });
});
