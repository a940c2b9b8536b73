// The companion's updates port, backed by electron-updater (updater.ts). The port exists before the
// companion (the companion takes it on construction) and the updater starts after, because it asks
// the companion whether the user is busy with their card: `connect` joins the two.
import type { UpdatesPort } from '../../src/companion/index.ts';
import type { UpdateStatus } from '../../src/contract/index.ts';
import type { AppUpdateController } from './updater/update-controller.ts';
import type { StartAppUpdaterOptions } from './updater/start.ts';

/** Names another HTTPS feed than the one baked into app-update.yml at build time. */
export const UPDATE_FEED_ENV = 'EID_UPDATE_FEED_URL';

/** What the updater needs of the companion (Companion satisfies it). */
export interface BusySource {
  isBusy(): boolean;
  on(event: 'state', listener: () => void): () => void;
}

export interface AppUpdates extends UpdatesPort {
  /** Starts the updater with the companion as the source of "busy"; called once, after buildServices. */
  connect(companion: BusySource): Promise<void>;
  stop(): void;
}

export function createAppUpdates(options: {
  readonly start: (options: StartAppUpdaterOptions) => Promise<AppUpdateController>;
  readonly feedUrl: string | undefined;
  readonly log?: (line: string) => void;
}): AppUpdates {
  const listeners = new Set<(status: UpdateStatus) => void>();
  let controller: AppUpdateController | undefined;
  // Until the updater has looked at the installation there is nothing to show.
  let current: UpdateStatus = { state: 'idle' };

  return {
    status: () => current,
    check: async () => controller?.checkNow(),
    install: () => controller?.requestInstall() ?? { action: 'refuse', reason: 'nothing-downloaded' },
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async connect(companion) {
      controller = await options.start({
        feedUrl: options.feedUrl,
        activity: {
          isBusy: () => companion.isBusy(),
          onChange: (listener) => companion.on('state', () => listener()),
        },
        onStatus: (status) => {
          current = status;
          for (const listener of listeners) listener(status);
        },
        ...(options.log ? { log: options.log } : {}),
      });
    },
    stop() {
      controller?.stop();
      listeners.clear();
    },
  };
}
