// ReaderMonitor over the in-process PC/SC service of the virtual card: every state, service loss and
// return, readers plugged and unplugged, Windows' "no service while no reader".
import { describe, expect, it } from 'vitest';
import { createVirtualCard, InProcessPcscPort } from '../virtual-card/index.ts';
import { ReaderMonitor, type ReaderState } from './reader-monitor.ts';

function recorder(monitor: ReaderMonitor) {
  const seen: string[] = [];
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  monitor.subscribe((state: ReaderState) => {
    const text = 'reader' in state ? `${state.kind}:${state.reader}` : state.kind;
    seen.push(text);
    for (const w of [...waiters]) if (w.text === text) w.resolve();
  });
  const until = (text: string) =>
    seen.includes(text) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ text, resolve }));
  return { seen, until, clear: () => seen.splice(0) };
}

describe('ReaderMonitor', async () => {
  const card = await createVirtualCard({ profile: '1.8', seed: 'monitor' });

  it('reports no reader, then a reader, a card, a card in use, a mute card, removal, unplugging', async () => {
    const port = new InProcessPcscPort({ readers: [] });
    const monitor = new ReaderMonitor(port, { initialBackoffMs: 5, maxBackoffMs: 20 });
    const r = recorder(monitor);
    monitor.start();
    await r.until('no-reader');
    port.addReader('R1');
    await r.until('empty:R1');
    port.insert('R1', card);
    await r.until('card-present:R1');
    const present = monitor.current().readers[0];
    expect(present?.kind === 'card-present' && [...present.atr]).toEqual([...card.atr]);
    port.holdExclusive('R1', true);
    await r.until('card-in-use:R1');
    port.holdExclusive('R1', false);
    card.faults.mute = true;
    await r.until('card-unresponsive:R1');
    card.faults.mute = false;
    r.clear();
    port.remove('R1');
    await r.until('empty:R1');
    expect(r.seen).toContain('card-removed:R1');
    port.removeReader('R1');
    await r.until('reader-unplugged:R1');
    await r.until('no-reader');
    await monitor.stop();
  });

  it('reports a card swapped for one with the same ATR (the card event counter moved) as removed and present', async () => {
    const port = new InProcessPcscPort({ readers: [{ name: 'R', card }] });
    const monitor = new ReaderMonitor(port, { initialBackoffMs: 5, maxBackoffMs: 20 });
    const r = recorder(monitor);
    monitor.start();
    await r.until('card-present:R');
    r.clear();
    port.insert('R', await createVirtualCard({ profile: '1.8', seed: 'monitor-other' }));
    await r.until('card-present:R');
    expect(r.seen).toEqual(['card-removed:R', 'card-present:R']);
    await monitor.stop();
  });

  it('survives the service going away and coming back', async () => {
    const port = new InProcessPcscPort({ readers: [{ name: 'R', card }] });
    const monitor = new ReaderMonitor(port, { initialBackoffMs: 5, maxBackoffMs: 20 });
    const r = recorder(monitor);
    monitor.start();
    await r.until('card-present:R');
    port.setServiceRunning(false);
    await r.until('service-unavailable');
    expect(monitor.current().service).toBe('unavailable');
    r.clear();
    port.setServiceRunning(true);
    await r.until('card-present:R');
    expect(monitor.current().service).toBe('running');
    await monitor.stop();
  });

  it('starts with the service stopped and replays the current state to late subscribers', async () => {
    const port = new InProcessPcscPort({ readers: [{ name: 'R' }], serviceRunning: false });
    const monitor = new ReaderMonitor(port, { initialBackoffMs: 5, maxBackoffMs: 10 });
    monitor.start();
    await recorder(monitor).until('service-unavailable');
    const late: string[] = [];
    const unsubscribe = monitor.subscribe((s) => late.push(s.kind));
    expect(late).toEqual(['service-unavailable']);
    unsubscribe();
    await monitor.stop();
  });

  it('on Windows, no service means no reader (the normal state), not a fault', async () => {
    const port = new InProcessPcscPort({ readers: [], serviceRunning: false, platform: 'windows' });
    const monitor = new ReaderMonitor(port, { initialBackoffMs: 5, maxBackoffMs: 10 });
    const r = recorder(monitor);
    monitor.start();
    await r.until('no-reader');
    expect(r.seen).not.toContain('service-unavailable');
    await monitor.stop();
  });

  it('is an async iterator that ends when stopped', async () => {
    const port = new InProcessPcscPort({ readers: [{ name: 'R', card }] });
    const monitor = new ReaderMonitor(port);
    monitor.start();
    const kinds: string[] = [];
    for await (const state of monitor.states()) {
      kinds.push(state.kind);
      if (state.kind === 'card-present') void monitor.stop();
    }
    expect(kinds).toContain('card-present');
  });
});
