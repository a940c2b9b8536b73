// The update state machine: electron-updater (behind UpdaterPort), wired to the update policy of
// src/updates. It alone decides when to check and whether an update may install now, from the "busy
// with the card" signal it is given. The feed is the generic HTTPS feed from the app's configuration; verification stays electron-updater's own (sha512 of every download, the
// Authenticode publisher on Windows, the code signature through Squirrel.Mac on macOS) and is never
// relaxed here. The user sees every step as an UpdateStatus; nothing is installed unless the user asks
// (or quits), and never while they are busy with their card.
import { z } from 'zod';
import {
  decideCheck,
  decideInstall,
  DEFAULT_UPDATE_SCHEDULE,
  updateVersionSchema,
  type CheckHistory,
  type InstallDecision,
  type UpdateAvailability,
  type UpdateProblem,
  type UpdateSchedule,
  type UpdateStatus,
  type UpdaterPhase,
} from '../../../src/updates/index.ts';

/** The part of electron-updater's AppUpdater this module drives (a fake implements it in tests). */
export interface UpdaterPort {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  allowPrerelease: boolean;
  forceDevUpdateConfig: boolean;
  setFeedURL(options: { provider: 'generic'; url: string; channel: string }): void;
  checkForUpdates(): Promise<unknown>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  removeListener(event: string, listener: (...args: unknown[]) => void): unknown;
}

/** Whether the user is in the middle of something an update must not interrupt (login, PIN, signing). */
export interface ActivitySource {
  isBusy(): boolean;
  /** Calls the listener whenever busy may have changed; returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
}

export interface Timers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface UpdaterDeps {
  readonly updater: UpdaterPort;
  readonly availability: UpdateAvailability;
  readonly activity: ActivitySource;
  readonly onStatus: (status: UpdateStatus) => void;
  readonly timers?: Timers;
  readonly schedule?: UpdateSchedule;
  readonly log?: (line: string) => void;
}

export interface AppUpdateController {
  start(): void;
  stop(): void;
  /** "Check for updates" in the UI. */
  checkNow(): Promise<void>;
  /**
   * "Restart to update" in the UI: installs now, or as soon as the user is no longer busy with the
   * card (status install-pending), or refuses when nothing is downloaded. Says which.
   */
  requestInstall(): InstallDecision;
  status(): UpdateStatus;
}

const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

// Payloads from the feed are data from the network: only the version is read, and only if it is plain.
const updateInfoSchema = z.object({ version: updateVersionSchema });
const progressSchema = z.object({ percent: z.number() });

export function createUpdater(deps: UpdaterDeps): AppUpdateController {
  const timers = deps.timers ?? realTimers;
  const schedule = deps.schedule ?? DEFAULT_UPDATE_SCHEDULE;
  const log = deps.log ?? (() => undefined);
  const { updater, activity } = deps;

  let phase: UpdaterPhase = 'idle';
  let history: CheckHistory = { startedAt: timers.now(), lastCheckAt: undefined, lastCheckFailed: false };
  let version: string | undefined;
  let lastPercent = -1;
  let timer: unknown;
  let deferred = false;
  let installRequested = false;
  let current: UpdateStatus = deps.availability.enabled ? { state: 'idle' } : { state: 'disabled', reason: deps.availability.reason };
  let unsubscribeActivity: (() => void) | undefined;

  const emit = (status: UpdateStatus) => {
    current = status;
    deps.onStatus(status);
  };

  const fail = (problem: UpdateProblem, cause: unknown) => {
    if (phase !== 'checking' && phase !== 'downloading') return; // already reported
    log(`update ${phase === 'checking' ? 'check' : 'download'} failed: ${describe(cause)}`);
    phase = 'idle';
    history = { ...history, lastCheckFailed: true };
    emit({ state: 'failed', problem });
    plan();
  };

  function plan(): void {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
    deferred = false;
    const decision = decideCheck({ now: timers.now(), history, phase, busy: activity.isBusy(), schedule });
    switch (decision.action) {
      case 'check':
        void runCheck();
        return;
      case 'wait':
        timer = timers.setTimeout(plan, decision.at - timers.now());
        return;
      case 'defer-until-idle':
        deferred = true;
        return;
      case 'none':
        return;
    }
  }

  async function runCheck(): Promise<void> {
    phase = 'checking';
    history = { ...history, lastCheckAt: timers.now() };
    emit({ state: 'checking' });
    try {
      await updater.checkForUpdates();
    } catch (cause) {
      fail(classifyUpdateError(cause), cause);
      return;
    }
    // electron-updater announces the outcome by event before it resolves; silence means it did not run.
    if (phase === 'checking') fail('other', new Error('the update check ended without an answer'));
  }

  const onAvailable = (info: unknown) => {
    const parsed = updateInfoSchema.safeParse(info);
    if (!parsed.success) {
      fail('other', new Error('the feed announced a version that is not a plain semantic version'));
      return;
    }
    phase = 'downloading';
    version = parsed.data.version;
    lastPercent = 0;
    emit({ state: 'downloading', version, percent: 0 });
    updater.downloadUpdate().catch((cause: unknown) => fail(classifyUpdateError(cause), cause));
  };
  const onNotAvailable = () => {
    if (phase !== 'checking') return;
    phase = 'idle';
    history = { ...history, lastCheckFailed: false };
    emit({ state: 'up-to-date', checkedAt: new Date(timers.now()).toISOString() });
    plan();
  };
  const onProgress = (progress: unknown) => {
    const parsed = progressSchema.safeParse(progress);
    if (!parsed.success || phase !== 'downloading' || version === undefined) return;
    // Whole percents only: the UI needs no more, and electron-updater reports many times a second.
    const percent = Math.max(0, Math.min(100, Math.floor(parsed.data.percent)));
    if (percent === lastPercent) return;
    lastPercent = percent;
    emit({ state: 'downloading', version, percent });
  };
  const onDownloaded = () => {
    if (phase !== 'downloading' || version === undefined) return;
    phase = 'ready';
    history = { ...history, lastCheckFailed: false };
    emit({ state: 'ready', version });
  };
  const onError = (error: unknown) => fail(classifyUpdateError(error), error);

  const listeners: [string, (...args: unknown[]) => void][] = [
    ['update-available', onAvailable],
    ['update-not-available', onNotAvailable],
    ['download-progress', onProgress],
    ['update-downloaded', onDownloaded],
    ['error', onError],
  ];

  function onActivityChange(): void {
    if (activity.isBusy()) return;
    if (installRequested) void requestInstall();
    else if (deferred) plan();
  }

  function requestInstall(): InstallDecision {
    const decision = decideInstall({ phase, busy: activity.isBusy() });
    switch (decision.action) {
      case 'refuse':
        log(`install refused: ${decision.reason}`);
        break;
      case 'wait-until-idle':
        installRequested = true;
        if (version !== undefined) emit({ state: 'install-pending', version });
        break;
      case 'install':
        installRequested = false;
        phase = 'installing';
        // Not silent (the user sees the installer's progress on Windows), and the app starts again after.
        updater.quitAndInstall(false, true);
        break;
    }
    return decision;
  }

  return {
    start() {
      if (!deps.availability.enabled) {
        log(`updates disabled: ${deps.availability.reason}`);
        emit(current);
        return;
      }
      updater.setFeedURL({ provider: 'generic', url: deps.availability.feedUrl, channel: 'latest' });
      // The download starts only after the announced version was checked (onAvailable).
      updater.autoDownload = false;
      // A downloaded update is installed when the user quits: never in the middle of what they do.
      updater.autoInstallOnAppQuit = true;
      updater.allowDowngrade = false;
      updater.allowPrerelease = false;
      updater.forceDevUpdateConfig = false;
      for (const [event, listener] of listeners) updater.on(event, listener);
      unsubscribeActivity = activity.onChange(onActivityChange);
      emit({ state: 'idle' });
      plan();
    },
    stop() {
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      unsubscribeActivity?.();
      unsubscribeActivity = undefined;
      for (const [event, listener] of listeners) updater.removeListener(event, listener);
    },
    async checkNow() {
      if (!deps.availability.enabled || phase !== 'idle') return;
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      await runCheck();
    },
    requestInstall,
    status: () => current,
  };
}

/** electron-updater's failures, reduced to what the user can act on. */
export function classifyUpdateError(error: unknown): UpdateProblem {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = describe(error);
  if (/SIGNATURE|CHECKSUM/i.test(code) || /not signed|signature|checksum|sha512/i.test(message)) return 'signature';
  if (/^(ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENETUNREACH|ERR_UPDATER_LATEST_VERSION_NOT_FOUND|HTTP_ERROR_\d+)$/.test(code) ||
    /net::ERR_|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|HttpError|status code \d+/i.test(message)) return 'network';
  return 'other';
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
