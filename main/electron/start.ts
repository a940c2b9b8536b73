// `npm start`: the desktop app. Electron when its binary is there or can be had (electron-binary.ts:
// Electron's own installer, bounded in time); otherwise one line says why and the same app starts in
// the browser with the virtual card and the demo backend, as `npm run demo` does.
import { runBrowserDemo } from '../demo.ts';
import { obtainElectron, type ObtainOptions } from './electron-binary.ts';
import { launchElectron } from './launch.ts';

export interface StartOptions extends Partial<ObtainOptions> {
  readonly args?: readonly string[];
}

/** What `npm start` does; the options let a test point at a stand-in Electron package. */
export async function start(options: StartOptions = {}): Promise<number> {
  const log = options.log ?? ((line: string) => console.log(line));
  const electron = await obtainElectron({ ...options, log });
  if (electron.ok) return launchElectron(electron.binary, options.args ?? [], { ...process.env, ...options.env });
  log(`Electron could not be installed (${electron.reason}): starting the app in your browser with the virtual card instead.`);
  return runBrowserDemo(log);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await start({ args: process.argv.slice(2) });
}
