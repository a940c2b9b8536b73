// The Electron updates port joins the companion (is the user busy?) and electron-updater (status,
// check, install); the updater itself is tested in test/packaging/updater.test.ts.
import { describe, expect, it, vi } from 'vitest';
import type { CompanionState, UpdateStatus } from '../../src/contract/index.ts';
import { createAppUpdates } from './app-updates.ts';
import type { AppUpdateController } from './updater/update-controller.ts';
import type { StartAppUpdaterOptions } from './updater/start.ts';

function fakeCompanion() {
  let phase: CompanionState['phase'] = 'ready';
  const stateListeners = new Set<() => void>();
  return {
    isBusy: () => ['reading', 'pin-entry', 'signing'].includes(phase),
    on: (_event: 'state', listener: () => void) => {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    enter(next: CompanionState['phase']) {
      phase = next;
      stateListeners.forEach((l) => l());
    },
    listenerCount: () => stateListeners.size,
  };
}

function fakeStart() {
  const controller: AppUpdateController = { start: vi.fn(), stop: vi.fn(), checkNow: vi.fn(async () => undefined), requestInstall: vi.fn(), status: () => ({ state: 'idle' }) };
  const seen: StartAppUpdaterOptions[] = [];
  const start = vi.fn(async (options: StartAppUpdaterOptions) => {
    seen.push(options);
    return controller;
  });
  return { start, controller, seen };
}

describe('Electron updates port', () => {
  it('shows nothing and does nothing until the updater runs', async () => {
    const { start, controller } = fakeStart();
    const updates = createAppUpdates({ start, feedUrl: undefined });
    expect(updates.status()).toEqual({ state: 'idle' });
    await updates.check();
    updates.install();
    expect(controller.checkNow).not.toHaveBeenCalled();
    expect(controller.requestInstall).not.toHaveBeenCalled();
  });

  it('starts the updater with the configured feed and the companion as the source of busy', async () => {
    const { start, seen } = fakeStart();
    const companion = fakeCompanion();
    const updates = createAppUpdates({ start, feedUrl: 'https://updates.example.be/eid/' });
    await updates.connect(companion);
    const options = seen[0]!;
    expect(options.feedUrl).toBe('https://updates.example.be/eid/');
    expect(options.activity.isBusy()).toBe(false);
    const changes: boolean[] = [];
    const off = options.activity.onChange(() => changes.push(options.activity.isBusy()));
    companion.enter('pin-entry');
    companion.enter('signing');
    companion.enter('read');
    expect(changes).toEqual([true, true, false]);
    off();
    expect(companion.listenerCount()).toBe(0);
  });

  it('passes every status on, and check and install to the updater', async () => {
    const { start, seen, controller } = fakeStart();
    const updates = createAppUpdates({ start, feedUrl: undefined });
    const statuses: UpdateStatus[] = [];
    updates.onStatus((status) => statuses.push(status));
    await updates.connect(fakeCompanion());
    seen[0]!.onStatus({ state: 'ready', version: '1.3.0' });
    expect(updates.status()).toEqual({ state: 'ready', version: '1.3.0' });
    expect(statuses).toEqual([{ state: 'ready', version: '1.3.0' }]);
    await updates.check();
    updates.install();
    expect(controller.checkNow).toHaveBeenCalledOnce();
    expect(controller.requestInstall).toHaveBeenCalledOnce();
    updates.stop();
    expect(controller.stop).toHaveBeenCalledOnce();
    seen[0]!.onStatus({ state: 'idle' });
    expect(statuses).toHaveLength(1);
  });
});
