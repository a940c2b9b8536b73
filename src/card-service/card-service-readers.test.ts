// The card service's reader events over the in-process PC/SC service: the overview follows ReaderMonitor
// (cards in and out, the service away and back), PIN pad flags learnt from a card operation are shown
// and dropped with their reader, and a card pulled out mid-operation is reported as CARD_REMOVED.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ReaderOverview } from '../contract/index.ts';
import { isAppError } from '../contract/index.ts';
import { createTestPki, createVirtualCard, InProcessPcscPort, type PinPad, type TestPki, type VirtualCard } from '../virtual-card/index.ts';
import { CardService } from './card-service.ts';

let pki: TestPki;
let card: VirtualCard;
beforeAll(async () => {
  pki = await createTestPki({ seed: 'engine-tests' });
  card = await createVirtualCard({ pki, seed: 'engine-tests', profile: '1.8' });
});

const engines: CardService[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.stop()));
});

/** Starts an engine and records its reader events; `until` waits for an overview matching `test`. */
function started(port: InProcessPcscPort) {
  const seen: ReaderOverview[] = [];
  const waiters: Array<{ test: (o: ReaderOverview) => boolean; resolve: () => void }> = [];
  const engine = new CardService(port, {
    readers: (overview) => {
      seen.push(overview);
      for (const w of [...waiters]) if (w.test(overview)) w.resolve();
    },
    pinPad: () => undefined,
    diagnosisProgress: () => undefined,
  });
  engines.push(engine);
  const until = (test: (o: ReaderOverview) => boolean) =>
    seen.some(test) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ test, resolve }));
  return { engine, seen, until, clear: () => seen.splice(0) };
}

const stateOf = (o: ReaderOverview, name: string) => o.readers.find((r) => r.name === name)?.state;
const noPinPad: PinPad = { enter: async () => 'timeout' };

describe('CardService reader overview', () => {
  it('answers the first overview once the monitor knows the service, and follows cards in and out', async () => {
    const port = new InProcessPcscPort({ readers: [{ name: 'R', card }] });
    const { engine, until, seen } = started(port);
    const first = await engine.overview();
    expect(first.service).toBe('ok');
    expect(first.readers).toEqual([
      { name: 'R', pinPad: false, state: 'card', card: { type: 'belgian-eid', applet: '1.8', atr: Buffer.from(card.atr).toString('hex').toUpperCase() } },
    ]);
    port.remove('R');
    await until((o) => stateOf(o, 'R') === 'empty');
    // One event per visible change: "removed" and "empty" from one monitor change are one overview.
    const json = seen.map((o) => JSON.stringify(o));
    expect(new Set(json).size).toBe(json.length);
    port.insert('R', card);
    port.holdExclusive('R', true);
    await until((o) => stateOf(o, 'R') === 'in-use');
  });

  it('says the service is unavailable while it is stopped, and shows the readers again when it is back', async () => {
    const port = new InProcessPcscPort({ readers: [{ name: 'R', card }] });
    const { engine, until, clear } = started(port);
    await until((o) => stateOf(o, 'R') === 'card');
    clear();
    port.setServiceRunning(false);
    await until((o) => o.service === 'unavailable');
    expect(await engine.overview()).toEqual({ service: 'unavailable', readers: [] });
    clear();
    port.setServiceRunning(true);
    await until((o) => o.service === 'ok' && stateOf(o, 'R') === 'card');
    expect((await engine.overview()).readers.map((r) => r.name)).toEqual(['R']);
  });

  it('starts with the service stopped', async () => {
    const port = new InProcessPcscPort({ readers: [{ name: 'R', card }], serviceRunning: false });
    const { engine } = started(port);
    expect(await engine.overview()).toEqual({ service: 'unavailable', readers: [] });
  });

  it('shows a PIN pad learnt from a card operation, and forgets it when the reader is unplugged', async () => {
    const port = new InProcessPcscPort({ readers: [{ name: 'P', card, pinPad: noPinPad }] });
    const { engine, until, clear } = started(port);
    await until((o) => stateOf(o, 'P') === 'card');
    const summary = await engine.summary({ reader: 'P' });
    expect(summary.pinPad).toBe(true);
    await until((o) => o.readers.some((r) => r.name === 'P' && r.pinPad));
    clear();
    port.removeReader('P');
    await until((o) => o.readers.length === 0);
    port.addReader('P');
    await until((o) => stateOf(o, 'P') === 'empty');
    expect((await engine.overview()).readers).toEqual([{ name: 'P', pinPad: false, state: 'empty', card: null }]);
  });

  it('reports a card pulled out during an operation as CARD_REMOVED', async () => {
    const own = await createVirtualCard({ pki, seed: 'engine-tests', profile: '1.8' });
    const port = new InProcessPcscPort({ readers: [{ name: 'R', card: own }] });
    const { engine, until } = started(port);
    await until((o) => stateOf(o, 'R') === 'card');
    own.faults.removeAfterApdus = 3;
    const error = await engine.authCertificate({ reader: 'R' }).catch((e: unknown) => e);
    expect(isAppError(error, 'CARD_REMOVED'), String(error)).toBe(true);
  });
});
