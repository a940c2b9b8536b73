// The update policy of src/updates: who updates itself, when to check, when to install.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decideCheck,
  decideInstall,
  DEFAULT_UPDATE_SCHEDULE,
  isBusyPhase,
  nextCheckAt,
  updateAvailability,
  updateStatusSchema,
  UPDATE_DISABLED_REASONS,
  UPDATE_PROBLEMS,
  type UpdateEnvironment,
} from './index.ts';

const FEED = 'https://updates.myvivium.be/eid-companion';
const installed = (platform: string, more: Partial<UpdateEnvironment> = {}): UpdateEnvironment => ({
  isPackaged: true,
  platform,
  feedUrl: FEED,
  packageType: undefined,
  publisherPinned: true,
  env: platform === 'linux' ? { APPIMAGE: '/home/me/Apps/MyVivium.AppImage' } : {},
  ...more,
});

describe('updateAvailability', () => {
  it('is on for installed Windows, macOS and AppImage builds with an HTTPS feed', () => {
    for (const platform of ['win32', 'darwin', 'linux']) expect(updateAvailability(installed(platform))).toEqual({ enabled: true, feedUrl: FEED });
  });

  it('is off in development', () => {
    expect(updateAvailability(installed('win32', { isPackaged: false }))).toEqual({ enabled: false, reason: 'development' });
  });

  it('is off without a feed, or with a feed that is not plain HTTPS', () => {
    expect(updateAvailability(installed('darwin', { feedUrl: undefined }))).toEqual({ enabled: false, reason: 'no-feed' });
    expect(updateAvailability(installed('darwin', { feedUrl: '  ' }))).toEqual({ enabled: false, reason: 'no-feed' });
    for (const feedUrl of ['http://updates.myvivium.be/', 'file:///tmp/feed', 'https://user:pw@updates.myvivium.be/', 'not a url']) {
      expect(updateAvailability(installed('darwin', { feedUrl }))).toEqual({ enabled: false, reason: 'insecure-feed' });
    }
  });

  it('is off for package-managed Linux installs (deb, rpm, pacman, Snap, Flatpak)', () => {
    for (const packageType of ['deb', 'rpm', 'pacman']) {
      expect(updateAvailability(installed('linux', { packageType, env: {} }))).toEqual({ enabled: false, reason: 'package-managed' });
    }
    expect(updateAvailability(installed('linux', { env: { SNAP: '/snap/x/1', APPIMAGE: '/x' } })).enabled).toBe(false);
    expect(updateAvailability(installed('linux', { env: { FLATPAK_ID: 'be.vivium.x' } }))).toEqual({ enabled: false, reason: 'package-managed' });
  });

  it('is off for a Linux build that is neither an AppImage nor a package', () => {
    expect(updateAvailability(installed('linux', { env: {} }))).toEqual({ enabled: false, reason: 'not-installed' });
  });

  it('is off on Windows when the update config does not name the publisher (no signature check)', () => {
    expect(updateAvailability(installed('win32', { publisherPinned: false }))).toEqual({ enabled: false, reason: 'unsigned' });
  });

  it('can be switched off by an administrator', () => {
    expect(updateAvailability(installed('win32', { env: { EID_DISABLE_UPDATES: '1' } }))).toEqual({ enabled: false, reason: 'disabled-by-administrator' });
  });
});

describe('when to check', () => {
  const schedule = DEFAULT_UPDATE_SCHEDULE;
  const started = { startedAt: 1_000_000, lastCheckAt: undefined, lastCheckFailed: false };

  it('waits a little after start, then checks every interval, sooner after a failure', () => {
    expect(nextCheckAt(started, schedule)).toBe(1_000_000 + schedule.firstCheckDelayMs);
    expect(nextCheckAt({ ...started, lastCheckAt: 5_000_000 }, schedule)).toBe(5_000_000 + schedule.intervalMs);
    expect(nextCheckAt({ ...started, lastCheckAt: 5_000_000, lastCheckFailed: true }, schedule)).toBe(5_000_000 + schedule.retryAfterErrorMs);
    expect(schedule.retryAfterErrorMs).toBeLessThan(schedule.intervalMs);
  });

  it('checks when due and idle, waits when not due', () => {
    const due = started.startedAt + schedule.firstCheckDelayMs;
    expect(decideCheck({ now: due - 1, history: started, phase: 'idle', busy: false, schedule })).toEqual({ action: 'wait', at: due });
    expect(decideCheck({ now: due, history: started, phase: 'idle', busy: false, schedule })).toEqual({ action: 'check' });
  });

  it('defers a due check while the user is logging in, entering a PIN or signing', () => {
    const due = started.startedAt + schedule.firstCheckDelayMs;
    expect(decideCheck({ now: due, history: started, phase: 'idle', busy: true, schedule })).toEqual({ action: 'defer-until-idle' });
  });

  it('does nothing while a check or download runs, or once an update is ready', () => {
    const later = started.startedAt + schedule.intervalMs * 10;
    for (const phase of ['checking', 'downloading', 'installing'] as const) {
      expect(decideCheck({ now: later, history: started, phase, busy: false, schedule })).toEqual({ action: 'none', reason: 'in-progress' });
    }
    expect(decideCheck({ now: later, history: started, phase: 'ready', busy: false, schedule })).toEqual({ action: 'none', reason: 'update-ready' });
  });

  it('treats card reading, PIN entry and signing as busy', () => {
    expect(['reading', 'pin-entry', 'signing'].every((p) => isBusyPhase(p as never))).toBe(true);
    expect(['no-service', 'no-reader', 'ready', 'card', 'read', 'error', 'reconnecting'].some((p) => isBusyPhase(p as never))).toBe(false);
  });
});

describe('when to install', () => {
  it('installs a downloaded update when the user asks and is not busy', () => {
    expect(decideInstall({ phase: 'ready', busy: false })).toEqual({ action: 'install' });
  });
  it('never in the middle of a login: waits until idle', () => {
    expect(decideInstall({ phase: 'ready', busy: true })).toEqual({ action: 'wait-until-idle' });
  });
  it('refuses when nothing is downloaded', () => {
    for (const phase of ['idle', 'checking', 'downloading', 'installing'] as const) {
      expect(decideInstall({ phase, busy: false })).toEqual({ action: 'refuse', reason: 'nothing-downloaded' });
    }
  });
});

describe('update status', () => {
  it('accepts plain versions only', () => {
    expect(updateStatusSchema.safeParse({ state: 'ready', version: '1.4.0' }).success).toBe(true);
    expect(updateStatusSchema.safeParse({ state: 'ready', version: '1.4.0-beta.2' }).success).toBe(true);
    expect(updateStatusSchema.safeParse({ state: 'ready', version: '<img src=x onerror=alert(1)>' }).success).toBe(false);
    expect(updateStatusSchema.safeParse({ state: 'downloading', version: '1.4.0', percent: 101 }).success).toBe(false);
  });
});

describe('updates namespace (en, fr, nl, de)', () => {
  const load = (language: string): Record<string, Record<string, string>> =>
    JSON.parse(readFileSync(resolve(import.meta.dirname, `../i18n/locales/${language}/updates.json`), 'utf8')) as Record<string, Record<string, string>>;
  const keys = (value: unknown, prefix = ''): string[] =>
    typeof value === 'object' && value !== null
      ? Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
      : [prefix];
  const english = load('en');

  it('has a text for every status, every reason updates are off, and every problem', () => {
    const states = updateStatusSchema.options.map((option) => option.shape.state.value);
    expect(Object.keys(english.status ?? {}).sort()).toEqual([...states].sort());
    expect(Object.keys(english.disabled ?? {}).sort()).toEqual([...UPDATE_DISABLED_REASONS].sort());
    expect(Object.keys(english.failed ?? {}).sort()).toEqual([...UPDATE_PROBLEMS].sort());
  });

  it.each(['fr', 'nl', 'de'])('%s has exactly the English keys and placeholders', (language) => {
    const other = load(language);
    expect(keys(other).sort()).toEqual(keys(english).sort());
    const placeholders = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
    expect(placeholders(other.status?.downloading ?? '')).toEqual(placeholders(english.status?.downloading ?? ''));
    expect(placeholders(other.status?.ready ?? '')).toEqual(['version']);
  });
});
