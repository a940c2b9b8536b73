// The app's own update as the companion sees it. Electron backs it with electron-updater
// (main/electron/app-updates.ts); the web host and the CLI cannot replace themselves and pass
// `disabledUpdates`.
import type { UpdateDisabledReason, UpdateStatus } from '../contract/updates.ts';
import type { InstallDecision } from '../updates/index.ts';

export interface UpdatesPort {
  status(): UpdateStatus;
  /** Starts a check now; the outcome arrives through onStatus. */
  check(): Promise<void>;
  /**
   * "Restart to update". The updater owns the rule (it knows whether the user is busy with the card):
   * it installs now, or once the card work ends, or refuses when nothing is downloaded, and says which.
   */
  install(): InstallDecision;
  /** Calls the listener on every status change; returns the unsubscribe function. */
  onStatus(listener: (status: UpdateStatus) => void): () => void;
}

export function disabledUpdates(reason: UpdateDisabledReason): UpdatesPort {
  const status: UpdateStatus = { state: 'disabled', reason };
  return {
    status: () => status,
    check: async () => undefined,
    install: () => ({ action: 'refuse', reason: 'nothing-downloaded' }),
    onStatus: () => () => undefined,
  };
}
