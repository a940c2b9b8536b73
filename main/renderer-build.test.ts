// When `npm run demo` / `npm run web` rebuild the renderer: missing, or older than any of its sources.
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rendererBuildState } from './renderer-build.ts';

function tree(files: Record<string, number>): string {
  const root = mkdtempSync(join(tmpdir(), 'renderer-build-'));
  for (const [file, seconds] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), '');
    utimesSync(join(root, file), seconds, seconds);
  }
  return root;
}

const sources = { 'renderer/main.tsx': 100, 'renderer/app/App.tsx': 100, 'src/contract/bridge.ts': 100, 'src/i18n/locales/fr/common.json': 100 };

describe('rendererBuildState', () => {
  it('asks for a build when renderer/dist is missing (a fresh clone)', () => {
    expect(rendererBuildState(tree(sources))).toEqual({ fresh: false, reason: 'renderer/dist is missing' });
  });

  it('keeps a build newer than every source', () => {
    expect(rendererBuildState(tree({ ...sources, 'renderer/dist/index.html': 200 }))).toEqual({ fresh: true });
  });

  it.each(['renderer/app/App.tsx', 'src/contract/bridge.ts', 'src/i18n/locales/fr/common.json'])('rebuilds when %s changed after the build', (changed) => {
    const root = tree({ ...sources, 'renderer/dist/index.html': 200, [changed]: 300 });
    expect(rendererBuildState(root)).toEqual({ fresh: false, reason: `renderer/dist is older than ${changed}` });
  });

  it('does not count the build output itself, or sources of other parts', () => {
    const root = tree({ ...sources, 'renderer/dist/index.html': 200, 'renderer/dist/assets/index-abc.js': 300, 'src/card/eid-card.ts': 300 });
    expect(rendererBuildState(root)).toEqual({ fresh: true });
  });
});
