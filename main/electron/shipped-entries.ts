// The one list of what ships: the Electron shell's bundles and the renderer build. `npm start`
// (start.ts), `npm run dist` (scripts/dist.ts) and the packed-app test (test/packaging) all build from
// here, so nothing is bundled by one and forgotten by another. Development-time only (it loads esbuild
// and vite): the running app finds these files through app-paths.ts.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BUNDLE_DIR, BUNDLE_FILES, RENDERER_DIR } from './app-paths.ts';
import { buildRenderer } from '../renderer-build.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export interface ShippedBundle {
  readonly name: string;
  /** The TypeScript entry, relative to the project root. */
  readonly entry: string;
  /** The bundle's file name in dist/electron. */
  readonly file: string;
  /** The preload is CommonJS (the sandbox loads it so); the rest are ES modules. */
  readonly format: 'esm' | 'cjs';
}

export const SHIPPED_BUNDLES: readonly ShippedBundle[] = [
  { name: 'main process', entry: 'main/electron/main.ts', file: BUNDLE_FILES.main, format: 'esm' },
  { name: 'preload', entry: 'main/electron/preload.ts', file: BUNDLE_FILES.preload, format: 'cjs' },
  { name: 'card worker', entry: 'main/card-process/worker.ts', file: BUNDLE_FILES.cardWorker, format: 'esm' },
];

/** The renderer build: index.html and its assets, served from app://bundle. */
export const SHIPPED_RENDERER = { name: 'renderer', dir: RENDERER_DIR, entry: 'index.html' } as const;

/** Loaded by path at run time (pcsclite's .node file) or provided by Electron: never bundled. */
const EXTERNAL = ['electron', 'pcsclite'];
// CommonJS dependencies (electron-updater, the pcsclite wrapper) call require() and use __dirname; an
// ES module bundle has neither unless they are defined first.
const ESM_REQUIRE_SHIM = [
  "import { createRequire as __createRequire } from 'node:module';",
  "import { fileURLToPath as __fileURLToPath } from 'node:url';",
  "import { dirname as __dirnameOf } from 'node:path';",
  'const require = __createRequire(import.meta.url);',
  'const __filename = __fileURLToPath(import.meta.url);',
  'const __dirname = __dirnameOf(__filename);',
].join('\n');

/**
 * The build-time constants of a release (npm run dist). The virtual card (src/virtual-card) is a
 * development and test tool: a release leaves it out of the card worker (main/card-process/pcsc-port.ts);
 * EID_DEMO_BUILD=1 makes an explicit demo build with it. `npm start` defines nothing: a development run has it.
 */
export function releaseDefine(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return { 'process.env.EID_DEMO_BUILD': JSON.stringify(env.EID_DEMO_BUILD === '1' ? '1' : '0') };
}

/** Where `bundleShippedEntries` writes by default: dist/electron of the checkout. */
export const BUNDLE_OUT_DIR = join(ROOT, BUNDLE_DIR);

/** The bundle files the running app loads (app-paths.ts) that `bundles` does not build: none for the real list. */
export function uncoveredRuntimeFiles(bundles: readonly ShippedBundle[]): string[] {
  return Object.values(BUNDLE_FILES).filter((file) => !bundles.some((bundle) => bundle.file === file));
}

/** Bundles every entry of SHIPPED_BUNDLES into `outDir` (dist/electron unless a test asks elsewhere), and nothing else: an old bundle never ships by accident. */
export async function bundleShippedEntries(outDir = BUNDLE_OUT_DIR, define: Record<string, string> = {}): Promise<void> {
  const { build } = await import('esbuild');
  rmSync(outDir, { recursive: true, force: true });
  await Promise.all(
    SHIPPED_BUNDLES.map((bundle) =>
      build({
        entryPoints: [join(ROOT, bundle.entry)],
        outfile: join(outDir, bundle.file),
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: bundle.format,
        external: EXTERNAL,
        define,
        banner: bundle.format === 'esm' ? { js: ESM_REQUIRE_SHIM } : {},
        sourcemap: true,
        legalComments: 'external',
        logLevel: 'warning',
      }),
    ),
  );
}

/** Everything that ships: the bundles and a fresh renderer build. */
export async function buildShippedEntries(outDir = BUNDLE_OUT_DIR, define: Record<string, string> = {}): Promise<void> {
  await Promise.all([bundleShippedEntries(outDir, define), buildRenderer(ROOT)]);
}
