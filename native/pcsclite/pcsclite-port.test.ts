// The pcsclite port's own logic with stand-ins for the two native addons (the real ones against pcscd
// are exercised by test/integration/card*.pcscd.test.ts and pcsc-transactions.pcscd.test.ts):
// enumeration, event-driven waits, service loss and return, transactions, error mapping. The
// stand-ins behave as the native code does (callbacks or promises, error messages).
import { describe, expect, it, vi } from 'vitest';
import { isPcscError } from '../../src/pcsc/errors.ts';
import type { Callback, NativeContext, NativeReader, PcscliteBinding } from './binding.ts';
import type { CardHandleBinding, NativeCardHandle } from './card-handle-binding.ts';
import { createPcscLitePort, parseReaderNames } from './pcsclite-port.ts';
import { returnCode, toPcscError } from './pcsc-error-codes.ts';

const constants = { SCARD_STATE_PRESENT: 0x20, SCARD_STATE_EXCLUSIVE: 0x80, SCARD_STATE_MUTE: 0x200 };
const handleConstants = {
  SCARD_SHARE_SHARED: 2, SCARD_SHARE_EXCLUSIVE: 1, SCARD_PROTOCOL_T0: 1, SCARD_PROTOCOL_T1: 2,
  SCARD_LEAVE_CARD: 0, SCARD_RESET_CARD: 1, SCARD_UNPOWER_CARD: 2,
};

/** The addon calls back with only an error when a call fails. */
function failWith(callback: unknown, message: string): void {
  (callback as (error: Error) => void)(new Error(message));
}

function fakeService() {
  const service = {
    running: true,
    readers: new Map<string, { state: number; atr: Buffer }>(),
    listCallbacks: [] as Callback<[Buffer]>[],
    statusCallbacks: new Map<string, Callback<[number, Buffer]>[]>(),
    transmitted: [] as string[],
    hang: false,
    /** Another program's transaction: beginTransaction waits until it is released. */
    heldElsewhere: null as null | { release: () => void; released: Promise<void> },
    calls: [] as string[],
    list() {
      const names = [...service.readers.keys()];
      for (const cb of service.listCallbacks) cb(undefined, Buffer.from(names.map((n) => `${n}\0`).join('') + '\0'));
    },
    status(name: string) {
      const r = service.readers.get(name)!;
      for (const cb of service.statusCallbacks.get(name) ?? []) cb(undefined, r.state, r.atr);
    },
    stop() {
      service.running = false;
      for (const cb of service.listCallbacks.splice(0)) failWith(cb, 'SCardGetStatusChange error: Service not available.(0x8010001d)');
    },
  };
  class FakeContext implements NativeContext {
    constructor() {
      if (!service.running) throw new Error('SCardEstablishContext error: Service not available.(0x8010001d)');
    }
    start(done: Callback<[Buffer]>) {
      service.listCallbacks.push(done);
      queueMicrotask(() => service.list());
    }
    close() {
      return 0;
    }
  }
  class FakeReader {
    constructor(readonly name: string) {
      Object.assign(this, constants);
    }
    get_status(done: Callback<[number, Buffer]>) {
      service.statusCallbacks.set(this.name, [...(service.statusCallbacks.get(this.name) ?? []), done]);
      queueMicrotask(() => {
        const r = service.readers.get(this.name);
        if (r) done(undefined, r.state, r.atr);
      });
    }
    close() {
      return 0;
    }
    once() {
      return this;
    }
  }
  const binding = { PCSCLite: FakeContext, CardReader: FakeReader as unknown as new (name: string) => NativeReader } satisfies PcscliteBinding;
  const fail = (message: string) => Promise.reject(new Error(message));
  const readerOf = (handle: NativeCardHandle) => service.readers.get((handle as unknown as { reader: string }).reader);
  const cardHandles: CardHandleBinding = {
    ...handleConstants,
    async connect(reader) {
      service.calls.push('connect');
      await service.heldElsewhere?.released; // pcscd holds SCardConnect back during another's transaction
      const r = service.readers.get(reader);
      if (!r || !(r.state & 0x20)) return fail('SCardConnect error: No smart card inserted. (0x8010000c)');
      return { handle: { reader } as unknown as NativeCardHandle, protocol: 1, atr: r.atr };
    },
    transmit(handle, data) {
      service.transmitted.push(data.toString('hex'));
      if (service.hang) return new Promise<Buffer>(() => undefined); // the service never answers
      if (!readerOf(handle)?.atr.length) return fail('SCardTransmit error: Card was removed. (0x80100069)');
      return Promise.resolve(Buffer.from([0x90, 0x00]));
    },
    control: () => fail('SCardControl error: Transaction failed. (0x80100016)'),
    async beginTransaction() {
      service.calls.push('begin');
      await service.heldElsewhere?.released;
      service.calls.push('granted');
    },
    async endTransaction(_handle, disposition) {
      service.calls.push(`end ${disposition}`);
    },
    async disconnect(_handle, disposition) {
      service.calls.push(`disconnect ${disposition}`);
    },
  };
  return { service, binding, cardHandles };
}

/** A port whose reader 'R' holds a card, ready to use under vitest's fake timers. */
async function portWithCardOnFakeTimers() {
  const { service, binding, cardHandles } = fakeService();
  service.readers.set('R', { state: 0x20, atr: Buffer.from([0x3b]) });
  const port = createPcscLitePort({ binding, cardHandles });
  const ready = port.readers();
  await vi.advanceTimersByTimeAsync(0);
  await ready;
  return { service, port };
}

function holdElsewhere() {
  let release = () => undefined as void;
  const released = new Promise<void>((resolve) => (release = resolve));
  return { release, released };
}

describe('pcsclite port', () => {
  it('enumerates readers, waits for changes, connects and maps transmit errors', async () => {
    const { service, binding, cardHandles } = fakeService();
    service.readers.set('R', { state: 0x10, atr: Buffer.alloc(0) });
    const port = createPcscLitePort({ binding, cardHandles, platform: 'pcsclite' });
    const first = await port.readers();
    expect(first).toEqual([{ name: 'R', present: false, atr: null, exclusive: false, mute: false, cardEvents: 0 }]);
    const waiting = port.waitForChange(first, { timeoutMs: 5000 });
    // The service counts insertions and removals in the high word of the state.
    service.readers.set('R', { state: 0x00030020, atr: Buffer.from([0x3b, 0x98]) });
    service.status('R');
    const next = await waiting;
    expect(next[0]).toMatchObject({ present: true, atr: Uint8Array.of(0x3b, 0x98), cardEvents: 3 });
    const connection = await port.connect('R');
    expect([...(await connection.transmit(Uint8Array.of(0x80, 0xe4, 0, 0, 0x1c)))]).toEqual([0x90, 0]);
    service.readers.set('R', { state: 0x10, atr: Buffer.alloc(0) });
    await expect(connection.transmit(Uint8Array.of(0, 0xb0, 0, 0, 0))).rejects.toSatisfy((e) => isPcscError(e, 'RemovedCard'));
    await expect(connection.control(0x42000d48, new Uint8Array())).rejects.toSatisfy((e) => isPcscError(e, 'NotTransacted'));
    await expect(port.connect('R')).rejects.toSatisfy((e) => isPcscError(e, 'NoSmartcard'));
    await port.close();
  });

  it('service loss rejects waits with NoService; the next call reconnects once it is back', async () => {
    const { service, binding, cardHandles } = fakeService();
    service.readers.set('R', { state: 0x10, atr: Buffer.alloc(0) });
    const port = createPcscLitePort({ binding, cardHandles });
    const known = await port.readers();
    const waiting = port.waitForChange(known, { timeoutMs: 5000 });
    service.stop();
    await expect(waiting).rejects.toSatisfy((e) => isPcscError(e, 'NoService'));
    await expect(port.readers()).rejects.toSatisfy((e) => isPcscError(e, 'NoService'));
    service.running = true;
    expect(await port.readers()).toHaveLength(1);
    service.readers.clear();
    service.list();
    expect(await port.waitForChange(known, { timeoutMs: 5000 })).toEqual([]);
    await port.close();
  });

  it('a transmit the service never answers fails with RemovedCard as soon as the card leaves', async () => {
    const { service, binding, cardHandles } = fakeService();
    service.readers.set('R', { state: 0x20, atr: Buffer.from([0x3b]) });
    const port = createPcscLitePort({ binding, cardHandles });
    await port.readers();
    const connection = await port.connect('R');
    service.hang = true;
    const pending = connection.transmit(Uint8Array.of(0, 0xb0, 0, 0, 0));
    service.readers.set('R', { state: 0x10, atr: Buffer.alloc(0) });
    service.status('R');
    await expect(pending).rejects.toSatisfy((e) => isPcscError(e, 'RemovedCard'));
    await connection.disconnect();
    await port.close();
  });

  it('runs a transaction on the handle: begin, end with its disposition; a disconnect releases an open one', async () => {
    const { service, binding, cardHandles } = fakeService();
    service.readers.set('R', { state: 0x20, atr: Buffer.from([0x3b]) });
    const port = createPcscLitePort({ binding, cardHandles });
    await port.readers();
    const connection = await port.connect('R');
    await expect(connection.endTransaction()).rejects.toSatisfy((e) => isPcscError(e, 'NotTransacted'));
    await connection.beginTransaction();
    await expect(connection.beginTransaction()).rejects.toSatisfy((e) => isPcscError(e, 'NotTransacted'));
    await connection.endTransaction('reset');
    await connection.beginTransaction();
    await connection.disconnect('leave');
    expect(service.calls).toEqual(['connect', 'begin', 'granted', 'end 1', 'begin', 'granted', 'disconnect 0']);
    await port.close();
  });

  it('a transaction another program never lets go of: SharingViolation, and a late grant is handed back', async () => {
    vi.useFakeTimers();
    try {
      const { service, port } = await portWithCardOnFakeTimers();
      const connection = await port.connect('R');
      service.calls.length = 0;
      service.heldElsewhere = holdElsewhere();
      const begun = connection.beginTransaction();
      const outcome = expect(begun).rejects.toSatisfy((e) => isPcscError(e, 'SharingViolation'));
      await vi.advanceTimersByTimeAsync(60_000);
      await outcome;
      service.heldElsewhere.release();
      await vi.advanceTimersByTimeAsync(0);
      expect(service.calls).toEqual(['begin', 'granted', 'end 0']);
      await port.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a connect pcscd holds back for another program\'s transaction: SharingViolation, and a late handle is closed', async () => {
    vi.useFakeTimers();
    try {
      const { service, port } = await portWithCardOnFakeTimers();
      service.heldElsewhere = holdElsewhere();
      const outcome = expect(port.connect('R')).rejects.toSatisfy((e) => isPcscError(e, 'SharingViolation'));
      await vi.advanceTimersByTimeAsync(60_000);
      await outcome;
      service.heldElsewhere.release();
      await vi.advanceTimersByTimeAsync(0);
      expect(service.calls).toEqual(['connect', 'disconnect 0']);
      await port.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a wait ends on abort (Cancelled) and on timeout (current state)', async () => {
    const { binding, cardHandles } = fakeService();
    const port = createPcscLitePort({ binding, cardHandles });
    const known = await port.readers();
    expect(await port.waitForChange(known, { timeoutMs: 10 })).toEqual([]);
    const abort = new AbortController();
    const waiting = port.waitForChange(known, { timeoutMs: 5000, signal: abort.signal });
    abort.abort();
    await expect(waiting).rejects.toSatisfy((e) => isPcscError(e, 'Cancelled'));
    await port.close();
  });

  it('maps return codes and reader multi-strings', () => {
    expect(returnCode(new Error('SCardConnect error: Sharing violation.(0x8010000b)'))).toBe(0x8010000b);
    expect(toPcscError(new Error('x (0x8010000b)')).kind).toBe('SharingViolation');
    expect(toPcscError(new Error('x (0x80100066)')).kind).toBe('UnresponsiveCard');
    expect(toPcscError(new Error('Card Reader not connected')).kind).toBe('Unknown');
    expect(parseReaderNames(Buffer.from('A\0B 01\0\0'))).toEqual(['A', 'B 01']);
    expect(parseReaderNames(Buffer.alloc(0))).toEqual([]);
  });
});
