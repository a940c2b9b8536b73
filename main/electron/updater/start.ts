// The updater's Electron start-up: gathers the installation's facts (packaged or not, package type,
// app-update.yml), decides whether this installation updates itself (src/updates), and starts the
// update controller on electron-updater — or on an inert stand-in, so electron-updater is not even
// initialised when updates are off.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import { updateAvailability, type UpdateStatus } from '../../../src/updates/index.ts';
import { feedFromUpdateConfig, namesPublisher } from './app-update-yml.ts';
import { createUpdater, type ActivitySource, type AppUpdateController, type UpdaterPort } from './update-controller.ts';

export interface StartAppUpdaterOptions {
  /** The generic feed's base URL from the app's configuration (HTTPS); defaults to the one baked in at build time. */
  readonly feedUrl: string | undefined;
  readonly activity: ActivitySource;
  readonly onStatus: (status: UpdateStatus) => void;
  readonly log?: (line: string) => void;
}

/** Called once by the Electron main process after `app.whenReady()`. */
export async function startAppUpdater(options: StartAppUpdaterOptions): Promise<AppUpdateController> {
  const resources = process.resourcesPath;
  const packageType = (await readOptional(join(resources, 'package-type')))?.trim();
  const updateConfig = await readOptional(join(resources, 'app-update.yml'));
  const availability = updateAvailability({
    isPackaged: app.isPackaged,
    platform: process.platform,
    feedUrl: options.feedUrl ?? feedFromUpdateConfig(updateConfig),
    packageType,
    publisherPinned: process.platform !== 'win32' || namesPublisher(updateConfig),
    env: process.env,
  });
  // electron-updater picks its platform's updater on first access; only touch it when updates are on.
  const updater: UpdaterPort = availability.enabled ? electronUpdater.autoUpdater : inertUpdater;
  const controller = createUpdater({ updater, availability, activity: options.activity, onStatus: options.onStatus, log: options.log });
  controller.start();
  return controller;
}

/** Stands in for electron-updater when updates are disabled, so nothing initialises it. */
const inertUpdater: UpdaterPort = {
  autoDownload: false,
  autoInstallOnAppQuit: false,
  allowDowngrade: false,
  allowPrerelease: false,
  forceDevUpdateConfig: false,
  setFeedURL: () => undefined,
  checkForUpdates: async () => null,
  downloadUpdate: async () => [],
  quitAndInstall: () => undefined,
  on: () => undefined,
  removeListener: () => undefined,
};

/** Reads a file of the installation, or undefined when it is not there. */
async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}
