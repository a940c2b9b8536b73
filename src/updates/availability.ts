// Whether this installation updates itself. Pure: the Electron side gathers the facts (packaged or not,
// platform, configured feed, environment, the `package-type` file electron-builder writes for deb/rpm/
// pacman, whether the Windows update config names the publisher) and this decides.
//
// Self-update is off when something else owns the installation (a Linux package manager, Snap,
// Flatpak, an administrator's deployment tool), when there is nothing safe to update from, and in
// development, where the running code is the source tree.
import type { UpdateDisabledReason } from '../contract/updates.ts';

export interface UpdateEnvironment {
  readonly isPackaged: boolean;
  /** process.platform */
  readonly platform: string;
  /** The generic feed's base URL from the app's configuration. */
  readonly feedUrl: string | undefined;
  /** Trimmed content of `<resources>/package-type`, written by electron-builder for deb/rpm/pacman. */
  readonly packageType: string | undefined;
  /**
   * Windows only: app-update.yml names the publisher. Without it electron-updater skips the
   * Authenticode check of the downloaded installer, so we refuse to update at all.
   */
  readonly publisherPinned: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export type UpdateAvailability =
  | { readonly enabled: true; readonly feedUrl: string }
  | { readonly enabled: false; readonly reason: UpdateDisabledReason };

/** Set to 1 by an administrator who deploys versions centrally (Intune, SCCM, Jamf…). */
export const DISABLE_UPDATES_ENV = 'EID_DISABLE_UPDATES';

const PACKAGE_MANAGED_TYPES = new Set(['deb', 'rpm', 'pacman']);

export function updateAvailability(environment: UpdateEnvironment): UpdateAvailability {
  const { env } = environment;
  if (!environment.isPackaged) return { enabled: false, reason: 'development' };
  if (env[DISABLE_UPDATES_ENV] === '1') return { enabled: false, reason: 'disabled-by-administrator' };

  const feed = environment.feedUrl?.trim();
  if (feed === undefined || feed === '') return { enabled: false, reason: 'no-feed' };
  if (!isHttpsUrl(feed)) return { enabled: false, reason: 'insecure-feed' };

  switch (environment.platform) {
    case 'win32':
      if (!environment.publisherPinned) return { enabled: false, reason: 'unsigned' };
      return { enabled: true, feedUrl: feed };
    case 'darwin':
      // Squirrel.Mac checks the update's code signature against the running app's own.
      return { enabled: true, feedUrl: feed };
    case 'linux':
      if (env.SNAP !== undefined || env.FLATPAK_ID !== undefined) return { enabled: false, reason: 'package-managed' };
      if (environment.packageType !== undefined && PACKAGE_MANAGED_TYPES.has(environment.packageType)) {
        return { enabled: false, reason: 'package-managed' };
      }
      // Only an AppImage can replace itself; an unpacked folder has nothing to update.
      if (env.APPIMAGE === undefined || env.APPIMAGE === '') return { enabled: false, reason: 'not-installed' };
      return { enabled: true, feedUrl: feed };
    default:
      return { enabled: false, reason: 'unsupported-platform' };
  }
}

function isHttpsUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}
