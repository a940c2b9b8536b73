// The one list of what ships covers every file the running app loads (app-paths.ts), and
// electron-builder.yml packs all of it.
import { describe, expect, it } from 'vitest';
import { readBuilderConfig } from '../../scripts/dist.ts';
import { BUNDLE_DIR, BUNDLE_FILES, RENDERER_DIR } from './app-paths.ts';
import { SHIPPED_BUNDLES, SHIPPED_RENDERER, uncoveredRuntimeFiles } from './shipped-entries.ts';

describe('the shipped entry points', () => {
  it('build every bundle the installed app loads: main, preload, card worker', () => {
    expect(uncoveredRuntimeFiles(SHIPPED_BUNDLES)).toEqual([]);
    expect(SHIPPED_BUNDLES.map((bundle) => bundle.file).sort()).toEqual(Object.values(BUNDLE_FILES).sort());
    expect(SHIPPED_RENDERER).toEqual({ name: 'renderer', dir: RENDERER_DIR, entry: 'index.html' });
  });

  it.each(SHIPPED_BUNDLES.map((bundle) => [bundle.name, bundle] as const))('are incomplete without the %s', (_name, removed) => {
    expect(uncoveredRuntimeFiles(SHIPPED_BUNDLES.filter((bundle) => bundle !== removed))).toEqual([removed.file]);
  });

  it('are all packed by electron-builder.yml, which starts the main bundle', () => {
    const config = readBuilderConfig() as { files: string[]; extraMetadata: { main: string } };
    expect(config.files).toContain(`${BUNDLE_DIR}/**/*`);
    expect(config.files).toContain(`${RENDERER_DIR}/**/*`);
    expect(config.extraMetadata.main).toBe(`${BUNDLE_DIR}/${BUNDLE_FILES.main}`);
  });
});
