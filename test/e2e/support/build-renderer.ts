// Playwright global set-up: the web host serves renderer/dist, so build it from the current sources.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export default function buildRenderer(): void {
  const root = resolve(import.meta.dirname, '../../..');
  execFileSync(process.execPath, [resolve(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}
