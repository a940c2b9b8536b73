// Where the CLI and the web host find the Belgian roots the app ships with. Inside an installed app
// (Electron sets process.resourcesPath, whose trust-anchors resource electron-builder writes), that
// resource; from a checkout, build/trust-anchors (written by `npm run trust:fetch`). The Electron main
// process decides the same from app.isPackaged (electron/app-paths.ts).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { appAnchorDirectory } from '../src/trust/index.ts';

const CHECKOUT = resolve(import.meta.dirname, '..');

export function runtimeAnchorDirectory(resourcesPath: string | undefined = (process as { resourcesPath?: string }).resourcesPath): string {
  const installed = resourcesPath !== undefined && existsSync(join(resourcesPath, 'trust-anchors'));
  return appAnchorDirectory({ isPackaged: installed, resourcesPath: resourcesPath ?? '', projectRoot: CHECKOUT });
}
