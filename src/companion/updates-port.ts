// The app's own update as the companion sees it. Electron backs it with electron-updater
// (main/electron/app-updates.ts); the web host and the CLI cannot replace themselves and pass
// `disabledUpdates`.
import type { UpdateDisabledReason, UpdateStatus } from '../contract/updates.ts';

export interface UpdatesPort {
  status(): UpdateStatus;
  /** Starts a check now; the outcome arrives through onStatus. */
  check(): Promise<void>;
  /** Quits and installs the downloaded update. The companion calls it only when nothing is busy. */
  install(): void;
  /** Calls the listener on every status change; returns the unsubscribe function. */
  onStatus(listener: (status: UpdateStatus) => void): () => void;
}

export function disabledUpdates(reason: UpdateDisabledReason): UpdatesPort {
  const status: UpdateStatus = { state: 'disabled', reason };
  return {
    status: () => status,
    check: async () => undefined,
    install: () => undefined,
    onStatus: () => () => undefined,
  };
}
