// The pcsclite port's own logic with a stand-in for the native addon (the real addon against pcscd is
// exercised by test/integration/card*.pcscd.test.ts): enumeration, event-driven waits, service loss and
// return, error mapping. The stand-in behaves as the addon's C++ does (callbacks, error messages).
import { describe, expect, it } from 'vitest';
import { isPcscError } from '../../src/pcsc/errors.ts';
import type { Callback, NativeContext, NativeReader, PcscliteBinding } from './binding.ts';
import { createPcscLitePort, parseReaderNames } from './pcsclite-port.ts';
import { returnCode, toPcscError } from './pcsc-error-codes.ts';

const constants = {
  SCARD_SHARE_SHARED: 2, SCARD_SHARE_EXCLUSIVE: 1, SCARD_PROTOCOL_T0: 1, SCARD_PROTOCOL_T1: 2, SCARD_STATE_PRESENT: 0x20,
  SCARD_STATE_EXCLUSIVE: 0x80, SCARD_STATE_MUTE: 0x200, SCARD_STATE_UNKNOWN: 4, SCARD_STATE_UNAVAILABLE: 8,
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
    _connect(_s: number, _p: number, done: Callback<[number]>) {
      const r = service.readers.get(this.name);
      if (!r || !(r.state & 0x20)) failWith(done, 'SCardConnect error: No smart card inserted.(0x8010000c)');
      else done(null, 1);
    }
    _disconnect(_d: number, done: Callback<[]>) {
      done(null);
    }
    _transmit(data: Buffer, _l: number, _p: number, done: Callback<[Buffer]>) {
      service.transmitted.push(data.toString('hex'));
      if (service.hang) return; // the service never answers
      if (!service.readers.get(this.name)?.atr.length) failWith(done, 'SCardTransmit error: Card was removed.(0x80100069)');
      else done(null, Buffer.from([0x90, 0x00]));
    }
    _control(_d: Buffer, _c: number, _o: Buffer, done: Callback<[number]>) {
      failWith(done, 'SCardControl error: Transaction failed.(0x80100016)');
    }
    close() {
      return 0;
    }
    once() {
      return this;
    }
  }
  const binding = { PCSCLite: FakeContext, CardReader: FakeReader as unknown as new (name: string) => NativeReader } satisfies PcscliteBinding;
  return { service, binding };
}

describe('pcsclite port', () => {
  it('enumerates readers, waits for changes, connects and maps transmit errors', async () => {
    const { service, binding } = fakeService();
    service.readers.set('R', { state: 0x10, atr: Buffer.alloc(0) });
    const port = createPcscLitePort({ binding, platform: 'pcsclite' });
    const first = await port.readers();
    expect(first).toEqual([{ name: 'R', present: false, atr: null, exclusive: false, mute: false }]);
    const waiting = port.waitForChange(first, { timeoutMs: 5000 });
    service.readers.set('R', { state: 0x20, atr: Buffer.from([0x3b, 0x98]) });
    service.status('R');
    const next = await waiting;
    expect(next[0]).toMatchObject({ present: true, atr: Uint8Array.of(0x3b, 0x98) });
    const connection = await port.connect('R');
    expect([...(await connection.transmit(Uint8Array.of(0x80, 0xe4, 0, 0, 0x1c)))]).toEqual([0x90, 0]);
    service.readers.set('R', { state: 0x10, atr: Buffer.alloc(0) });
    await expect(connection.transmit(Uint8Array.of(0, 0xb0, 0, 0, 0))).rejects.toSatisfy((e) => isPcscError(e, 'RemovedCard'));
    await expect(connection.control(0x42000d48, new Uint8Array())).rejects.toSatisfy((e) => isPcscError(e, 'NotTransacted'));
    await expect(port.connect('R')).rejects.toSatisfy((e) => isPcscError(e, 'NoSmartcard'));
    await port.close();
  });

  it('service loss rejects waits with NoService; the next call reconnects once it is back', async () => {
    const { service, binding } = fakeService();
    service.readers.set('R', { state: 0x10, atr: Buffer.alloc(0) });
    const port = createPcscLitePort({ binding });
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
    const { service, binding } = fakeService();
    service.readers.set('R', { state: 0x20, atr: Buffer.from([0x3b]) });
    const port = createPcscLitePort({ binding });
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

  it('a wait ends on abort (Cancelled) and on timeout (current state)', async () => {
    const { binding } = fakeService();
    const port = createPcscLitePort({ binding });
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
