// The updater (update-controller.ts, app-update-yml.ts, start.ts) against a fake feed: a stand-in for electron-updater that announces, downloads
// and fails the way electron-updater does (events first, then the promise), a manual clock, and a
// switchable "busy with the card" signal. Electron itself is replaced by vi.mock (no binary here).
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UpdateStatus } from '../../../src/updates/index.ts';

const electronState = vi.hoisted(() => ({ isPackaged: true, autoUpdaterAccessed: 0, autoUpdater: undefined as unknown }));
vi.mock('electron', () => ({ app: { get isPackaged() { return electronState.isPackaged; } } }));
vi.mock('electron-updater', () => ({
  default: {
    get autoUpdater() {
      electronState.autoUpdaterAccessed += 1;
      return electronState.autoUpdater;
    },
  },
}));

const { classifyUpdateError, createUpdater } = await import('./update-controller.ts');
const { feedFromUpdateConfig, namesPublisher } = await import('./app-update-yml.ts');
const { startAppUpdater } = await import('./start.ts');
type UpdaterPort = import('./update-controller.ts').UpdaterPort;

const FEED = 'https://updates.myvivium.be/eid-companion';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** What the feed serves. */
interface Feed {
  latest: string;
  checkError?: Error;
  downloadError?: Error;
}

class FakeElectronUpdater extends EventEmitter implements UpdaterPort {
  autoDownload = true;
  autoInstallOnAppQuit = false;
  allowDowngrade = true;
  allowPrerelease = true;
  forceDevUpdateConfig = true;
  feedOptions: unknown;
  checks = 0;
  downloads = 0;
  installs: unknown[][] = [];
  constructor(private readonly feed: Feed, private readonly running = '1.0.0') {
    super();
  }
  setFeedURL(options: unknown): void {
    this.feedOptions = options;
  }
  async checkForUpdates(): Promise<unknown> {
    this.checks += 1;
    this.emit('checking-for-update');
    if (this.feed.checkError) {
      this.emit('error', this.feed.checkError);
      throw this.feed.checkError;
    }
    const newer = this.feed.latest !== this.running;
    this.emit(newer ? 'update-available' : 'update-not-available', { version: this.feed.latest, files: [], path: 'x', sha512: 'y', releaseDate: '' });
    return { updateInfo: { version: this.feed.latest } };
  }
  async downloadUpdate(): Promise<unknown> {
    this.downloads += 1;
    for (const percent of [10.2, 10.7, 55, 100]) this.emit('download-progress', { percent, bytesPerSecond: 1, total: 100, transferred: percent, delta: 1 });
    if (this.feed.downloadError) {
      this.emit('error', this.feed.downloadError);
      throw this.feed.downloadError;
    }
    this.emit('update-downloaded', { version: this.feed.latest, downloadedFile: '/tmp/x' });
    return ['/tmp/x'];
  }
  quitAndInstall(...args: unknown[]): void {
    this.installs.push(args);
  }
}

function manualClock(start = 1_700_000_000_000) {
  let now = start;
  const pending = new Map<number, { at: number; callback: () => void }>();
  let next = 0;
  return {
    now: () => now,
    setTimeout: (callback: () => void, ms: number) => {
      next += 1;
      pending.set(next, { at: now + ms, callback });
      return next;
    },
    clearTimeout: (handle: unknown) => void pending.delete(handle as number),
    async advance(ms: number) {
      now += ms;
      for (const [id, entry] of [...pending]) {
        if (entry.at <= now) {
          pending.delete(id);
          entry.callback();
        }
      }
      await settle();
    },
  };
}

function activity(initiallyBusy = false) {
  let busy = initiallyBusy;
  const listeners = new Set<() => void>();
  return {
    isBusy: () => busy,
    onChange(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async set(value: boolean) {
      busy = value;
      for (const listener of listeners) listener();
      await settle();
    },
    listenerCount: () => listeners.size,
  };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function setUp(feed: Feed, options: { busy?: boolean } = {}) {
  const updater = new FakeElectronUpdater(feed);
  const clock = manualClock();
  const user = activity(options.busy);
  const statuses: UpdateStatus[] = [];
  const controller = createUpdater({ updater, availability: { enabled: true, feedUrl: FEED }, activity: user, timers: clock, onStatus: (s) => statuses.push(s) });
  return { updater, clock, user, statuses, controller };
}

describe('createUpdater', () => {
  it('does nothing but say why when updates are disabled', () => {
    const updater = new FakeElectronUpdater({ latest: '2.0.0' });
    const statuses: UpdateStatus[] = [];
    const controller = createUpdater({ updater, availability: { enabled: false, reason: 'package-managed' }, activity: activity(), timers: manualClock(), onStatus: (s) => statuses.push(s) });
    controller.start();
    expect(statuses).toEqual([{ state: 'disabled', reason: 'package-managed' }]);
    expect(updater.feedOptions).toBeUndefined();
    expect(updater.listenerCount('update-available')).toBe(0);
  });

  it('uses the configured generic HTTPS feed, keeps verification on and never downgrades', () => {
    const { updater, controller } = setUp({ latest: '1.0.0' });
    controller.start();
    expect(updater.feedOptions).toEqual({ provider: 'generic', url: FEED, channel: 'latest' });
    expect(updater).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: true, allowDowngrade: false, allowPrerelease: false, forceDevUpdateConfig: false });
  });

  it('checks a little after start, reports up to date, and checks again after the interval', async () => {
    const { updater, clock, statuses, controller } = setUp({ latest: '1.0.0' });
    controller.start();
    await clock.advance(MINUTE);
    expect(updater.checks).toBe(0);
    await clock.advance(MINUTE);
    expect(updater.checks).toBe(1);
    expect(statuses.map((s) => s.state)).toEqual(['idle', 'checking', 'up-to-date']);
    await clock.advance(5 * HOUR);
    expect(updater.checks).toBe(1);
    await clock.advance(HOUR);
    expect(updater.checks).toBe(2);
  });

  it('downloads an announced update, shows whole-percent progress, and installs only when asked', async () => {
    const { updater, clock, statuses, controller } = setUp({ latest: '1.2.0' });
    controller.start();
    await clock.advance(2 * MINUTE);
    expect(statuses.slice(1)).toEqual([
      { state: 'checking' },
      { state: 'downloading', version: '1.2.0', percent: 0 },
      { state: 'downloading', version: '1.2.0', percent: 10 },
      { state: 'downloading', version: '1.2.0', percent: 55 },
      { state: 'downloading', version: '1.2.0', percent: 100 },
      { state: 'ready', version: '1.2.0' },
    ]);
    await clock.advance(24 * HOUR);
    expect(updater.installs).toEqual([]);
    expect(updater.checks).toBe(1);
    controller.requestInstall();
    expect(updater.installs).toEqual([[false, true]]);
  });

  it('defers a due check while the user is logging in, and runs it once they are done', async () => {
    const { updater, clock, user, controller } = setUp({ latest: '1.0.0' }, { busy: true });
    controller.start();
    await clock.advance(3 * HOUR);
    expect(updater.checks).toBe(0);
    await user.set(false);
    expect(updater.checks).toBe(1);
  });

  it('never restarts in the middle of a login: "restart to update" waits until the user is idle', async () => {
    const { updater, clock, user, statuses, controller } = setUp({ latest: '1.2.0' });
    controller.start();
    await clock.advance(2 * MINUTE);
    await user.set(true);
    expect(controller.requestInstall()).toEqual({ action: 'wait-until-idle' });
    expect(updater.installs).toEqual([]);
    expect(statuses.at(-1)).toEqual({ state: 'install-pending', version: '1.2.0' });
    await user.set(true);
    expect(updater.installs).toEqual([]);
    await user.set(false);
    expect(updater.installs).toEqual([[false, true]]);
  });

  it('refuses to install when nothing was downloaded', async () => {
    const { updater, controller } = setUp({ latest: '1.0.0' });
    controller.start();
    expect(controller.requestInstall()).toEqual({ action: 'refuse', reason: 'nothing-downloaded' });
    expect(updater.installs).toEqual([]);
  });

  it('reports a failed check once and retries sooner', async () => {
    const feed: Feed = { latest: '1.0.0', checkError: Object.assign(new Error('getaddrinfo ENOTFOUND updates.myvivium.be'), { code: 'ENOTFOUND' }) };
    const { updater, clock, statuses, controller } = setUp(feed);
    controller.start();
    await clock.advance(2 * MINUTE);
    expect(statuses.slice(1)).toEqual([{ state: 'checking' }, { state: 'failed', problem: 'network' }]);
    delete feed.checkError;
    await clock.advance(30 * MINUTE);
    expect(updater.checks).toBe(2);
    expect(statuses.at(-1)?.state).toBe('up-to-date');
  });

  it('reports a download that fails verification as a signature problem and does not offer it', async () => {
    const feed: Feed = { latest: '1.2.0', downloadError: Object.assign(new Error('sha512 checksum mismatch'), { code: 'ERR_CHECKSUM_MISMATCH' }) };
    const { updater, clock, statuses, controller } = setUp(feed);
    controller.start();
    await clock.advance(2 * MINUTE);
    expect(statuses.filter((s) => s.state === 'failed')).toEqual([{ state: 'failed', problem: 'signature' }]);
    expect(statuses.some((s) => s.state === 'ready')).toBe(false);
    controller.requestInstall();
    expect(updater.installs).toEqual([]);
  });

  it('refuses an announced version that is not a plain version, without downloading', async () => {
    const { updater, clock, statuses, controller } = setUp({ latest: '2.0.0<script>' });
    controller.start();
    await clock.advance(2 * MINUTE);
    expect(updater.downloads).toBe(0);
    expect(statuses.at(-1)).toEqual({ state: 'failed', problem: 'other' });
  });

  it('checks at once when the user asks, and stop() detaches everything', async () => {
    const { updater, user, controller } = setUp({ latest: '1.0.0' });
    controller.start();
    await controller.checkNow();
    expect(updater.checks).toBe(1);
    controller.stop();
    expect(updater.listenerCount('update-available')).toBe(0);
    expect(user.listenerCount()).toBe(0);
  });
});

describe('classifyUpdateError', () => {
  it('separates network, signature and other problems', () => {
    expect(classifyUpdateError(Object.assign(new Error('x'), { code: 'ERR_UPDATER_INVALID_SIGNATURE' }))).toBe('signature');
    expect(classifyUpdateError(new Error('New version 1.2.0 is not signed by the application owner: publisherNames: Vivium'))).toBe('signature');
    expect(classifyUpdateError(new Error('net::ERR_INTERNET_DISCONNECTED'))).toBe('network');
    expect(classifyUpdateError(Object.assign(new Error('x'), { code: 'HTTP_ERROR_404' }))).toBe('network');
    expect(classifyUpdateError('something odd')).toBe('other');
  });
});

describe('namesPublisher', () => {
  it('reads whether app-update.yml names the Windows publisher', () => {
    expect(namesPublisher('provider: generic\nurl: https://x\npublisherName:\n  - Vivium\n')).toBe(true);
    expect(namesPublisher('provider: generic\nurl: https://x\n')).toBe(false);
    expect(namesPublisher('publisherName: null\n')).toBe(false);
    expect(namesPublisher(undefined)).toBe(false);
  });
});

describe('feedFromUpdateConfig', () => {
  it('reads the feed baked into app-update.yml', () => {
    expect(feedFromUpdateConfig(`provider: generic\nurl: ${FEED}\nchannel: latest\nupdaterCacheDirName: x\n`)).toBe(FEED);
    expect(feedFromUpdateConfig(`provider: generic\nurl: '${FEED}'\n`)).toBe(FEED);
    expect(feedFromUpdateConfig('provider: generic\n')).toBeUndefined();
    expect(feedFromUpdateConfig(undefined)).toBeUndefined();
  });
});

describe('startAppUpdater (electron and electron-updater mocked)', () => {
  let resources: string;
  const savedEnv = { ...process.env };
  const hadResourcesPath = Object.getOwnPropertyDescriptor(process, 'resourcesPath');

  beforeEach(() => {
    resources = mkdtempSync(join(tmpdir(), 'resources-'));
    Object.defineProperty(process, 'resourcesPath', { value: resources, configurable: true });
    electronState.isPackaged = true;
    electronState.autoUpdaterAccessed = 0;
    electronState.autoUpdater = new FakeElectronUpdater({ latest: '1.0.0' });
  });
  afterEach(() => {
    rmSync(resources, { recursive: true, force: true });
    if (hadResourcesPath) Object.defineProperty(process, 'resourcesPath', hadResourcesPath);
    else Reflect.deleteProperty(process, 'resourcesPath');
    process.env = { ...savedEnv };
  });

  it.runIf(process.platform === 'linux')('leaves a deb install to the package manager without touching electron-updater', async () => {
    writeFileSync(join(resources, 'package-type'), 'deb\n');
    process.env.APPIMAGE = '';
    const statuses: UpdateStatus[] = [];
    const controller = await startAppUpdater({ feedUrl: FEED, activity: activity(), onStatus: (s) => statuses.push(s) });
    expect(statuses).toEqual([{ state: 'disabled', reason: 'package-managed' }]);
    expect(electronState.autoUpdaterAccessed).toBe(0);
    controller.stop();
  });

  it('is off in development (app not packaged)', async () => {
    electronState.isPackaged = false;
    const statuses: UpdateStatus[] = [];
    await startAppUpdater({ feedUrl: FEED, activity: activity(), onStatus: (s) => statuses.push(s) });
    expect(statuses).toEqual([{ state: 'disabled', reason: 'development' }]);
    expect(electronState.autoUpdaterAccessed).toBe(0);
  });

  it('says so when no feed is configured and none was baked in', async () => {
    process.env.APPIMAGE = join(resources, 'MyVivium.AppImage');
    const statuses: UpdateStatus[] = [];
    await startAppUpdater({ feedUrl: undefined, activity: activity(), onStatus: (s) => statuses.push(s) });
    expect(statuses).toEqual([{ state: 'disabled', reason: 'no-feed' }]);
  });

  it.runIf(process.platform === 'linux')('uses the feed baked in at build time when the configuration names none', async () => {
    process.env.APPIMAGE = join(resources, 'MyVivium.AppImage');
    writeFileSync(join(resources, 'app-update.yml'), `provider: generic\nurl: https://baked.example.be/feed\nchannel: latest\n`);
    const controller = await startAppUpdater({ feedUrl: undefined, activity: activity(), onStatus: () => undefined });
    expect((electronState.autoUpdater as FakeElectronUpdater).feedOptions).toEqual({ provider: 'generic', url: 'https://baked.example.be/feed', channel: 'latest' });
    controller.stop();
  });

  it.runIf(process.platform === 'linux')('drives electron-updater for an AppImage', async () => {
    process.env.APPIMAGE = join(resources, 'MyVivium.AppImage');
    const statuses: UpdateStatus[] = [];
    const controller = await startAppUpdater({ feedUrl: FEED, activity: activity(), onStatus: (s) => statuses.push(s) });
    expect(statuses).toEqual([{ state: 'idle' }]);
    const updater = electronState.autoUpdater as FakeElectronUpdater;
    expect(updater.feedOptions).toEqual({ provider: 'generic', url: FEED, channel: 'latest' });
    await controller.checkNow();
    expect(statuses.at(-1)?.state).toBe('up-to-date');
    controller.stop();
  });
});
