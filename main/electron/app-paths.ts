// Where the running app finds what it ships. Installed, everything comes from the app's own resources:
// the bundles and the renderer from app.getAppPath() (the app.asar archive), the trust anchors from
// process.resourcesPath/trust-anchors. In development (`npm start`) the same layout lies in the
// checkout: dist/electron next to renderer/dist, and build/trust-anchors. Shared with the one list of
// shipped entry points (shipped-entries.ts), so the files built are the files looked for.
import { join, resolve } from 'node:path';
import { appAnchorDirectory } from '../../src/trust/index.ts';

/** The bundles' folder, relative to the app's root (the asar root installed, the checkout in development). */
export const BUNDLE_DIR = 'dist/electron';
/** The bundle file names the main process loads or is loaded as. */
export const BUNDLE_FILES = { main: 'main.mjs', preload: 'preload.cjs', cardWorker: 'card-worker.mjs' } as const;
/** The renderer's build, relative to the app's root. */
export const RENDERER_DIR = 'renderer/dist';

export interface AppRuntime {
  readonly isPackaged: boolean;
  /** app.getAppPath(): the app.asar archive of an installed app. */
  readonly appPath: string;
  /** process.resourcesPath: the folder that holds app.asar and the extra resources. */
  readonly resourcesPath: string;
  /** The folder of the running main bundle (dist/electron in a checkout). */
  readonly bundleDir: string;
}

export interface AppPaths {
  readonly preload: string;
  readonly cardWorker: string;
  readonly renderer: string;
  readonly trustAnchors: string;
}

export function appPaths(runtime: AppRuntime): AppPaths {
  const root = runtime.isPackaged ? runtime.appPath : resolve(runtime.bundleDir, '../..');
  return {
    preload: join(root, BUNDLE_DIR, BUNDLE_FILES.preload),
    cardWorker: join(root, BUNDLE_DIR, BUNDLE_FILES.cardWorker),
    renderer: join(root, RENDERER_DIR),
    trustAnchors: appAnchorDirectory({ isPackaged: runtime.isPackaged, resourcesPath: runtime.resourcesPath, projectRoot: root }),
  };
}
