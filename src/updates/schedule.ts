// When to look for an update and when to install one. Pure decisions over plain numbers (milliseconds
// since the epoch), so the tests need no clock.
//
// Rules: the first check waits a little after start (the user came to log in, not to download);
// then every few hours, sooner again after a failure. Nothing happens while the user is busy with
// the card (reading, PIN entry, signing, a login in flight): the check waits until they are done.
// An update is only ever installed because the user asked (or on quit); asked while busy, it waits.
import type { CompanionState } from '../contract/bridge.ts';

export interface UpdateSchedule {
  readonly firstCheckDelayMs: number;
  readonly intervalMs: number;
  readonly retryAfterErrorMs: number;
}

export const DEFAULT_UPDATE_SCHEDULE: UpdateSchedule = {
  firstCheckDelayMs: 2 * 60_000,
  intervalMs: 6 * 60 * 60_000,
  retryAfterErrorMs: 30 * 60_000,
};

export interface CheckHistory {
  readonly startedAt: number;
  readonly lastCheckAt: number | undefined;
  readonly lastCheckFailed: boolean;
}

/** Where the updater is in its own cycle. */
export type UpdaterPhase = 'idle' | 'checking' | 'downloading' | 'ready' | 'installing';

export type CheckDecision =
  | { readonly action: 'check' }
  | { readonly action: 'wait'; readonly at: number }
  | { readonly action: 'defer-until-idle' }
  | { readonly action: 'none'; readonly reason: 'in-progress' | 'update-ready' };

export type InstallDecision =
  | { readonly action: 'install' }
  | { readonly action: 'wait-until-idle' }
  | { readonly action: 'refuse'; readonly reason: 'nothing-downloaded' };

export function nextCheckAt(history: CheckHistory, schedule: UpdateSchedule): number {
  if (history.lastCheckAt === undefined) return history.startedAt + schedule.firstCheckDelayMs;
  return history.lastCheckAt + (history.lastCheckFailed ? schedule.retryAfterErrorMs : schedule.intervalMs);
}

export function decideCheck(input: {
  readonly now: number;
  readonly history: CheckHistory;
  readonly phase: UpdaterPhase;
  readonly busy: boolean;
  readonly schedule: UpdateSchedule;
}): CheckDecision {
  if (input.phase === 'checking' || input.phase === 'downloading' || input.phase === 'installing') {
    return { action: 'none', reason: 'in-progress' };
  }
  // One downloaded update is enough: it is installed on restart or quit; checking again adds nothing.
  if (input.phase === 'ready') return { action: 'none', reason: 'update-ready' };
  const due = nextCheckAt(input.history, input.schedule);
  if (input.now < due) return { action: 'wait', at: due };
  if (input.busy) return { action: 'defer-until-idle' };
  return { action: 'check' };
}

export function decideInstall(input: { readonly phase: UpdaterPhase; readonly busy: boolean }): InstallDecision {
  if (input.phase !== 'ready') return { action: 'refuse', reason: 'nothing-downloaded' };
  if (input.busy) return { action: 'wait-until-idle' };
  return { action: 'install' };
}

const BUSY_PHASES: ReadonlySet<CompanionState['phase']> = new Set(['reading', 'pin-entry', 'signing']);

/** The companion phases during which an update must not interrupt (card read, PIN, signature). */
export function isBusyPhase(phase: CompanionState['phase']): boolean {
  return BUSY_PHASES.has(phase);
}
