// ReaderMonitor over the pcsclite binding and the real pcscd: card in and out of a vpcd reader, pcscd
// stopped and started again, pcscd without readers. Leaves pcscd running with the vpcd readers.
import { afterAll, describe, expect, it } from 'vitest';
import { ensurePcscd, pcscdInstalled, PCSCD_MISSING, restartPcscd, startPcscd, stopPcscd, VPCD_PORTS, VPCD_READERS } from '../support/pcscd.ts';
import { attachToVpcd } from '../../native/vpcd/index.ts';
import { createVirtualCard } from '../../src/virtual-card/index.ts';
import { createPcscLitePort } from '../../native/pcsclite/pcsclite-port.ts';
import { ReaderMonitor, type ReaderState } from '../../src/pcsc/reader-monitor.ts';

function watch(monitor: ReaderMonitor) {
  const seen: string[] = [];
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  monitor.subscribe((state: ReaderState) => {
    const text = 'reader' in state ? `${state.kind}:${state.reader}` : state.kind;
    seen.push(text);
    for (const w of [...waiters]) if (w.text === text) w.resolve();
  });
  const until = (text: string, ms = 15_000) =>
    seen.includes(text)
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no "${text}" within ${ms} ms; saw ${seen.join(', ')}`)), ms);
          waiters.push({ text, resolve: () => (clearTimeout(timer), resolve()) });
        });
  return { seen, until, clear: () => seen.splice(0) };
}

describe.skipIf(!pcscdInstalled())('ReaderMonitor through pcscd', () => {
  afterAll(async () => {
    await ensurePcscd();
  });

  it('follows a card in and out, pcscd going away and coming back, and no readers', async () => {
    await ensurePcscd();
    const port = createPcscLitePort();
    const monitor = new ReaderMonitor(port, { initialBackoffMs: 100, maxBackoffMs: 500 });
    const w = watch(monitor);
    monitor.start();
    const reader = VPCD_READERS[0];
    try {
      await w.until(`empty:${reader}`);
      // Only our own PC/SC client in this worker: attach through vpcd directly.
      const attachment = await attachToVpcd(await createVirtualCard({ profile: '1.8', seed: 'monitor-pcscd' }), { port: VPCD_PORTS[0] });
      await w.until(`card-present:${reader}`);
      const eventsIn = (await port.readers()).find((r) => r.name === reader)?.cardEvents;
      await attachment.detach();
      await w.until(`card-removed:${reader}`);
      // pcscd counts every insertion and removal: how a swap between two looks is noticed.
      const eventsOut = (await port.readers()).find((r) => r.name === reader)?.cardEvents;
      expect(typeof eventsIn).toBe('number');
      expect(eventsOut).not.toBe(eventsIn);
      w.clear();
      await stopPcscd();
      await w.until('service-unavailable');
      expect(monitor.current().service).toBe('unavailable');
      await startPcscd();
      await w.until(`empty:${reader}`);
      expect(monitor.current().service).toBe('running');
      w.clear();
      await restartPcscd({ readers: 'none' });
      await w.until('no-reader');
    } finally {
      await monitor.stop();
      await port.close();
      await restartPcscd();
    }
  });
});

if (!pcscdInstalled()) {
  describe('ReaderMonitor through pcscd (absent)', () => {
    it.skip(PCSCD_MISSING, () => {});
  });
}
