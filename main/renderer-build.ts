// The renderer's build (renderer/dist), made with vite. `npm run demo`, `npm run web` and `npm start`
// build it when it is missing or older than its sources, so a fresh clone works with no manual step;
// `npm run dist` always builds it afresh.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RENDERER_DIR } from './electron/app-paths.ts';

const ROOT = resolve(import.meta.dirname, '..');
export const RENDERER_CONFIG = 'renderer/vite.config.ts';
/** What the renderer is built from: its own folder and the two parts of src/ it may import. */
export const RENDERER_SOURCES = ['renderer', 'src/contract', 'src/i18n'] as const;
const NOT_SOURCES = new Set(['dist', 'node_modules']);

export type RendererBuildState = { readonly fresh: true } | { readonly fresh: false; readonly reason: string };

/** Whether renderer/dist/index.html exists and is newer than every source file. */
export function rendererBuildState(root = ROOT): RendererBuildState {
  const index = join(root, RENDERER_DIR, 'index.html');
  if (!existsSync(index)) return { fresh: false, reason: `${RENDERER_DIR} is missing` };
  const built = statSync(index).mtimeMs;
  const newer = RENDERER_SOURCES.map((folder) => newestSource(join(root, folder))).find((source) => source !== null && source.mtimeMs > built);
  return newer ? { fresh: false, reason: `${RENDERER_DIR} is older than ${newer.path.slice(root.length + 1)}` } : { fresh: true };
}

function newestSource(folder: string): { path: string; mtimeMs: number } | null {
  let newest: { path: string; mtimeMs: number } | null = null;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (NOT_SOURCES.has(entry.name)) continue;
    const path = join(folder, entry.name);
    const candidate = entry.isDirectory() ? newestSource(path) : { path, mtimeMs: statSync(path).mtimeMs };
    if (candidate && (!newest || candidate.mtimeMs > newest.mtimeMs)) newest = candidate;
  }
  return newest;
}

/** Builds renderer/dist, quietly: only warnings and errors print. */
export async function buildRenderer(root = ROOT): Promise<void> {
  // vite is a development dependency: loaded only when a build is needed.
  const { build } = await import('vite');
  await build({ configFile: join(root, RENDERER_CONFIG), logLevel: 'warn' });
}

/** Builds renderer/dist when it is missing or stale, saying so in one line; does nothing when it is fresh. */
export async function ensureRendererBuilt(log: (line: string) => void, root = ROOT): Promise<void> {
  const state = rendererBuildState(root);
  if (state.fresh) return;
  log(`Building the app's UI (${state.reason}), a few seconds…`);
  await buildRenderer(root);
}
