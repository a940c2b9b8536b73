// Playwright global set-up: the web host serves renderer/dist, so build it from the current sources.
// E2E_RENDERER_BUILT=1 skips it when the caller has just built (or another run is serving that build).
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export default function buildRenderer(): void {
  if (process.env.E2E_RENDERER_BUILT === '1') return;
  const root = resolve(import.meta.dirname, '../../..');
  execFileSync(process.execPath, [resolve(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}
