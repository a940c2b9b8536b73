// `npm start`: build the main process, preload and card worker (esbuild) and the renderer (vite),
// then launch Electron. Where the Electron binary is not installed (its download is disabled in
// this project's npm settings), say so in one line and point to `npm run web`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '../..');
export const OUT_DIR = join(ROOT, 'dist/electron');
export const NO_ELECTRON_MESSAGE = 'The Electron binary is not installed on this machine: use `npm run web -- --virtual-card 1.8` to run the app in your browser.';

/** The Electron executable, or null when the npm package has no downloaded binary. */
export function electronBinary(): string | null {
  const packageDir = join(ROOT, 'node_modules/electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const executable = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? executable : null;
}

/** Bundles main (ESM), preload (CommonJS, for the sandbox) and the card worker (ESM). */
export async function buildElectron(): Promise<void> {
  const external = ['electron', 'pcsclite', 'better-sqlite3', 'pg'];
  const common = { bundle: true, platform: 'node' as const, target: 'node20', external, logLevel: 'warning' as const, sourcemap: true };
  const banner = { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" };
  await Promise.all([
    build({ ...common, entryPoints: [join(ROOT, 'main/electron/main.ts')], outfile: join(OUT_DIR, 'main.mjs'), format: 'esm', banner }),
    build({ ...common, entryPoints: [join(ROOT, 'main/card-process/worker.ts')], outfile: join(OUT_DIR, 'card-worker.mjs'), format: 'esm', banner }),
    build({ ...common, entryPoints: [join(ROOT, 'main/electron/preload.ts')], outfile: join(OUT_DIR, 'preload.cjs'), format: 'cjs' }),
  ]);
}

async function main(): Promise<number> {
  const binary = electronBinary();
  if (!binary) {
    console.error(NO_ELECTRON_MESSAGE);
    return 1;
  }
  await buildElectron();
  const renderer = spawnSync('npm', ['run', 'build:renderer'], { cwd: ROOT, stdio: 'inherit' });
  if (renderer.status !== 0) return renderer.status ?? 1;
  const child = spawn(binary, [join(OUT_DIR, 'main.mjs'), ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit', env: process.env });
  return new Promise((done) => child.on('exit', (code) => done(code ?? 1)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main();
}
