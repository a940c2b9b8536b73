// Builds what ships (shipped-entries.ts; the renderer only when stale) and runs the app in Electron
// from the checkout. Used by `npm start` and `npm run demo`.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ensureRendererBuilt } from '../renderer-build.ts';
import { BUNDLE_FILES } from './app-paths.ts';
import { BUNDLE_OUT_DIR, bundleShippedEntries } from './shipped-entries.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** Resolves with Electron's exit code. */
export async function launchElectron(binary: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  await Promise.all([bundleShippedEntries(), ensureRendererBuilt((line) => console.log(line))]);
  const child = spawn(binary, [join(BUNDLE_OUT_DIR, BUNDLE_FILES.main), ...args], { cwd: ROOT, stdio: 'inherit', env });
  return new Promise((done) => {
    child.once('error', (error) => {
      console.error(`Electron did not start: ${error.message}`);
      done(1);
    });
    child.once('exit', (code) => done(code ?? 1));
  });
}
