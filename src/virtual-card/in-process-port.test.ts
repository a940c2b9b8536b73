// The in-process PC/SC service: reader and card events without polling, the PC/SC errors the app must
// survive, transactions, resets by others, the fault knobs, and PIN-pad readers (PC/SC part 10).
import { beforeAll, describe, expect, it } from 'vitest';
import { isPcscError } from '../pcsc/errors.ts';
import type { CardConnection, ReaderSnapshot } from '../pcsc/port.ts';
import {
  CONTROL_CODES,
  createTestPki,
  createVirtualCard,
  InProcessPcscPort,
  type PinPad,
  type PinPadEntry,
  type TestPki,
  type VirtualCard,
} from './index.ts';

const bytes = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const hexOf = (data: Uint8Array): string => Buffer.from(data).toString('hex').toUpperCase();
const swOf = async (connection: CardConnection, apdu: string): Promise<string> => hexOf((await connection.transmit(bytes(apdu))).subarray(-2));

async function rejectsWith(promise: Promise<unknown>, kind: Parameters<typeof isPcscError>[1]): Promise<void> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  expect(isPcscError(error, kind), String(error)).toBe(true);
}

const PIN_VERIFY_STRUCTURE = '1E 1E 89 47 04 0C 04 02 01 09 04 00 00 00 00 0D 00 00 00 00 20 00 01 08 20 FF FF FF FF FF FF FF';
const PIN_MODIFY_STRUCTURE =
  '1E 1E 89 47 04 00 08 0C 04 03 02 03 09 04 00 01 02 00 00 00 15 00 00 00 00 24 00 01 10 20 FF FF FF FF FF FF FF 20 FF FF FF FF FF FF FF';

function scriptedPinPad(entries: PinPadEntry[]): PinPad & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    enter: async (request) => {
      asked.push(request?.purpose ?? 'verify');
      return entries.shift() ?? 'timeout';
    },
  };
}

let pki: TestPki;
let card: VirtualCard;
beforeAll(async () => {
  pki = await createTestPki({ seed: 'port-tests' });
  card = await createVirtualCard({ pki, seed: 'port-tests' });
});

const fresh = (options: Parameters<typeof createVirtualCard>[0] = {}) => createVirtualCard({ pki, seed: 'port-tests', ...options });

describe('readers and events', () => {
  it('reports readers, the card and its ATR', async () => {
    const port = new InProcessPcscPort({ readers: [{ name: 'A', card }, { name: 'B' }] });
    expect(port.platform).toBe('pcsclite');
    const [a, b] = await port.readers();
    expect(a).toMatchObject({ name: 'A', present: true, exclusive: false, mute: false });
    expect(hexOf(a?.atr ?? new Uint8Array())).toBe('3B7F96000080318065B0850401201200FF829000'.replace('1200', '120F'));
    expect(b).toMatchObject({ name: 'B', present: false, atr: null });
  });

  it('wakes waiters on insertion, removal and reader changes, and times out with the current state', async () => {
    const port = new InProcessPcscPort({ readers: [{ name: 'A' }] });
    let known: ReaderSnapshot[] = await port.readers();
    const inserted = port.waitForChange(known, { timeoutMs: 60_000 });
    port.insert('A', card);
    known = await inserted;
    expect(known[0]?.present).toBe(true);
    const removed = port.waitForChange(known, { timeoutMs: 60_000 });
    port.remove('A');
    known = await removed;
    expect(known[0]?.present).toBe(false);
    const added = port.waitForChange(known, { timeoutMs: 60_000 });
    port.addReader('B');
    expect((await added).map((r) => r.name)).toEqual(['A', 'B']);
    const gone = port.waitForChange(await port.readers(), { timeoutMs: 60_000 });
    port.removeReader('A');
    expect((await gone).map((r) => r.name)).toEqual(['B']);
    expect(await port.waitForChange(await port.readers(), { timeoutMs: 1 })).toEqual(await port.readers());
  });

  it('counts card events: a card swapped for one with the same ATR wakes waiters; null when told not to count', async () => {
    const other = await fresh({ seed: 'other' });
    const port = new InProcessPcscPort({ readers: [{ name: 'A', card }] });
    const known = await port.readers();
    expect(known[0]?.cardEvents).toBe(1);
    const swapped = port.waitForChange(known, { timeoutMs: 60_000 });
    port.insert('A', other);
    const now = await swapped;
    expect(now[0]).toMatchObject({ present: true, cardEvents: 3 });
    expect(hexOf(now[0]!.atr!)).toBe(hexOf(known[0]!.atr!));
    other.faults.removeAfterApdus = 0; // a removal fault counts as a removal
    expect((await port.readers())[0]).toMatchObject({ present: false, cardEvents: 4 });
    port.insert('A', card);
    expect((await port.readers())[0]).toMatchObject({ present: true, cardEvents: 5 });
    const uncounted = new InProcessPcscPort({ readers: [{ name: 'A', card }], countCardEvents: false });
    expect((await uncounted.readers())[0]?.cardEvents).toBeNull();
  });

  it('answers at once when the caller already knows an older state', async () => {
    const port = new InProcessPcscPort({ readers: [{ name: 'A', card }] });
    expect((await port.waitForChange([], { timeoutMs: 60_000 }))[0]?.present).toBe(true);
  });

  it('reports a stopped service and a closed context', async () => {
    const port = new InProcessPcscPort({ readers: [{ name: 'A' }], serviceRunning: false });
    await rejectsWith(port.readers(), 'NoService');
    await rejectsWith(port.connect('A'), 'NoService');
    port.setServiceRunning(true);
    const wait = port.waitForChange(await port.readers(), { timeoutMs: 60_000 });
    port.setServiceRunning(false);
    await rejectsWith(wait, 'NoService');
    port.setServiceRunning(true);
    const empty = new InProcessPcscPort();
    expect(await empty.readers()).toEqual([]);
    const pending = port.waitForChange(await port.readers(), { timeoutMs: 60_000 });
    await port.close();
    await rejectsWith(pending, 'Cancelled');
  });

  it('stops waiting when aborted', async () => {
    const port = new InProcessPcscPort({ readers: [{ name: 'A' }] });
    const controller = new AbortController();
    const wait = port.waitForChange(await port.readers(), { timeoutMs: 60_000, signal: controller.signal });
    controller.abort();
    await rejectsWith(wait, 'Cancelled');
  });
});

describe('connections', () => {
  it('refuses unknown readers, empty readers and T=1-only connections', async () => {
    const port = new InProcessPcscPort({ readers: [{ name: 'A' }, { name: 'B', card }] });
    await rejectsWith(port.connect('X'), 'UnknownReader');
    await rejectsWith(port.connect('A'), 'NoSmartcard');
    await rejectsWith(port.connect('B', { protocols: ['T1'] }), 'UnsupportedCard');
    const connection = await port.connect('B', { protocols: ['T0', 'T1'] });
    expect(connection.protocol).toBe('T0');
    expect(connection.reader).toBe('B');
  });

  it('reports another program holding the card, and exclusive connections', async () => {
    const port = new InProcessPcscPort({ readers: [{ name: 'A', card }] });
    port.holdExclusive('A', true);
    expect((await port.readers())[0]?.exclusive).toBe(true);
    await rejectsWith(port.connect('A'), 'SharingViolation');
    port.holdExclusive('A', false);
    const mine = await port.connect('A', { share: 'exclusive' });
    await rejectsWith(port.connect('A'), 'SharingViolation');
    await mine.disconnect();
    const shared = await port.connect('A');
    await rejectsWith(port.connect('A', { share: 'exclusive' }), 'SharingViolation');
    await shared.disconnect();
  });

  it('tells a removed card and a card reset by another program apart', async () => {
    const own = await fresh();
    const port = new InProcessPcscPort({ readers: [{ name: 'A', card: own }] });
    const first = await port.connect('A');
    const second = await port.connect('A');
    expect(await swOf(first, '00 20 00 01 08 24 12 34 FF FF FF FF FF')).toBe('9000');
    await second.disconnect('reset');
    await rejectsWith(first.transmit(bytes('00 20 00 01')), 'ResetCard');
    const third = await port.connect('A');
    expect(await swOf(third, '00 20 00 01')).toBe('63C3'); // the reset forgot the PIN
    port.remove('A');
    await rejectsWith(third.transmit(bytes('00 20 00 01')), 'RemovedCard');
    port.insert('A', own);
    await rejectsWith(third.transmit(bytes('00 20 00 01')), 'RemovedCard'); // a new insertion needs a new handle
    await rejectsWith(third.transmit(bytes('00 20 00 01')), 'RemovedCard');
    port.removeReader('A');
    await rejectsWith(third.transmit(bytes('00 20 00 01')), 'UnknownReader');
  });

  it('serialises transactions between connections', async () => {
    const port = new InProcessPcscPort({ readers: [{ name: 'A', card }] });
    const first = await port.connect('A');
    const second = await port.connect('A');
    await first.beginTransaction();
    const order: string[] = [];
    const blocked = second.transmit(bytes('80 E4 00 00 1C')).then(() => order.push('second'));
    await first.transmit(bytes('80 E4 00 00 1C'));
    order.push('first');
    await first.endTransaction();
    await blocked;
    expect(order).toEqual(['first', 'second']);
    await rejectsWith(second.endTransaction(), 'NotTransacted');
  });

  it('resets the card when a transaction ends with "reset"', async () => {
    const own = await fresh();
    const port = new InProcessPcscPort({ readers: [{ name: 'A', card: own }] });
    const connection = await port.connect('A');
    await connection.beginTransaction();
    expect(await swOf(connection, '00 20 00 01 08 24 12 34 FF FF FF FF FF')).toBe('9000');
    await connection.endTransaction('reset');
    expect(await swOf(connection, '00 20 00 01')).toBe('63C3');
  });

  it('loses its handles when the service restarts', async () => {
    const port = new InProcessPcscPort({ readers: [{ name: 'A', card }] });
    const connection = await port.connect('A');
    port.setServiceRunning(false);
    port.setServiceRunning(true);
    await rejectsWith(connection.transmit(bytes('80 E4 00 00 1C')), 'NoService');
  });
});

describe('fault knobs', () => {
  it('removes the card after N APDUs and tells waiters', async () => {
    const own = await fresh({ faults: { removeAfterApdus: 2 } });
    const port = new InProcessPcscPort({ readers: [{ name: 'A', card: own }] });
    const connection = await port.connect('A');
    const known = await port.readers();
    const change = port.waitForChange(known, { timeoutMs: 60_000 });
    expect(await swOf(connection, '80 E4 00 00 1C')).toBe('9000');
    expect(await swOf(connection, '80 E4 00 00 1C')).toBe('9000');
    expect((await change)[0]?.present).toBe(false);
    await rejectsWith(connection.transmit(bytes('80 E4 00 00 1C')), 'RemovedCard');
    await rejectsWith(port.connect('A'), 'NoSmartcard');
    expect(own.apduCount).toBe(2);
    port.insert('A', own); // put it back
    expect(await swOf(await port.connect('A'), '80 E4 00 00 1C')).toBe('9000');
  });

  it('goes mute and comes back', async () => {
    const own = await fresh();
    const port = new InProcessPcscPort({ readers: [{ name: 'A', card: own }] });
    const connection = await port.connect('A');
    const change = port.waitForChange(await port.readers(), { timeoutMs: 60_000 });
    own.faults.mute = true;
    expect((await change)[0]).toMatchObject({ present: true, mute: true, atr: null });
    await rejectsWith(connection.transmit(bytes('80 E4 00 00 1C')), 'UnresponsiveCard');
    await rejectsWith(port.connect('A'), 'UnresponsiveCard');
    own.faults.mute = false;
    expect(await swOf(await port.connect('A'), '80 E4 00 00 1C')).toBe('9000');
  });

  it('answers a chosen status word to a chosen command, and adds latency', async () => {
    const own = await fresh({ faults: { statusWordOn: { ins: 0xb0, sw: 0x6581 }, latencyMs: 5 } });
    const port = new InProcessPcscPort({ readers: [{ name: 'A', card: own }] });
    const connection = await port.connect('A');
    await connection.transmit(bytes('00 A4 08 0C 06 3F 00 DF 01 40 31'));
    expect(await swOf(connection, '00 B0 00 00 10')).toBe('6581');
    own.faults.statusWordOn = null;
    own.faults.latencyMs = 0;
    expect(await swOf(connection, '00 B0 00 00 10')).toBe('9000');
  });
});

describe('PIN-pad readers', () => {
  it('lists VERIFY_PIN_DIRECT and MODIFY_PIN_DIRECT with the platform control codes', async () => {
    const pinPad = scriptedPinPad([]);
    for (const platform of ['pcsclite', 'windows'] as const) {
      const port = new InProcessPcscPort({ platform, readers: [{ name: 'A', card, pinPad }, { name: 'B', card }] });
      const codes = CONTROL_CODES[platform];
      const features = await (await port.connect('A')).control(codes.getFeatureRequest, new Uint8Array());
      const hexCode = (code: number) => code.toString(16).padStart(8, '0').toUpperCase();
      expect(hexOf(features)).toBe(`0604${hexCode(codes.verifyPinDirect)}0704${hexCode(codes.modifyPinDirect)}`);
      const plain = await port.connect('B');
      expect((await plain.control(codes.getFeatureRequest, new Uint8Array())).length).toBe(0);
      await rejectsWith(plain.control(codes.verifyPinDirect, bytes(PIN_VERIFY_STRUCTURE)), 'Unknown');
    }
    expect(CONTROL_CODES.pcsclite.getFeatureRequest).toBe(0x42000d48);
    expect(CONTROL_CODES.windows.getFeatureRequest).toBe(0x00313520);
  });

  it('verifies the PIN typed on the pad, and passes the card and reader outcomes back', async () => {
    const own = await fresh();
    const pinPad = scriptedPinPad(['1234', '9999', 'cancel', 'timeout', '12', '1234']);
    const port = new InProcessPcscPort({ readers: [{ name: 'A', card: own, pinPad }] });
    const connection = await port.connect('A');
    const verify = async (): Promise<string> => hexOf(await connection.control(CONTROL_CODES.pcsclite.verifyPinDirect, bytes(PIN_VERIFY_STRUCTURE)));
    expect(await verify()).toBe('9000');
    expect(await verify()).toBe('63C2');
    expect(await verify()).toBe('6401');
    expect(await verify()).toBe('6400');
    expect(await verify()).toBe('6403'); // too short for the structure's minimum of 4
    expect(await verify()).toBe('9000');
    expect(pinPad.asked.every((purpose) => purpose === 'verify')).toBe(true);
    expect(hexOf(await connection.control(CONTROL_CODES.pcsclite.verifyPinDirect, bytes('1E 1E 89')))).toBe('6B80');
  });

  it('changes the PIN on the pad (current, new, confirmation)', async () => {
    const own = await fresh();
    const pinPad = scriptedPinPad(['1234', '5678', '5679', '1234', '5678', '5678']);
    const port = new InProcessPcscPort({ readers: [{ name: 'A', card: own, pinPad }] });
    const connection = await port.connect('A');
    const modify = async (): Promise<string> => hexOf(await connection.control(CONTROL_CODES.pcsclite.modifyPinDirect, bytes(PIN_MODIFY_STRUCTURE)));
    expect(await modify()).toBe('6402');
    expect(await modify()).toBe('9000');
    expect(pinPad.asked).toEqual(['current', 'new', 'confirm', 'current', 'new', 'confirm']);
    expect(await swOf(connection, '00 20 00 01 08 24 56 78 FF FF FF FF FF')).toBe('9000');
  });
});
