// Cancelling a PIN pad wait ends the card process (the only way to stop SCardControl from our side):
// the call fails with CANCELLED, a new worker starts, and no "reconnecting" is shown.
import { describe, expect, it } from 'vitest';
import type { CardPortEvent } from '../../src/companion/index.ts';
import { isAppError } from '../../src/contract/index.ts';
import { startCardProcess } from './client.ts';
import type { ParentMessage, WorkerHandle } from './protocol.ts';

function fakeWorkers() {
  const spawned: Array<{ killed: boolean; sent: ParentMessage[] }> = [];
  const spawn = (): WorkerHandle => {
    const record = { killed: false, sent: [] as ParentMessage[] };
    spawned.push(record);
    let onMessage: (m: unknown) => void = () => undefined;
    let onExit: (code: number | null) => void = () => undefined;
    return {
      pid: 1000 + spawned.length,
      send: (message) => {
        record.sent.push(message);
        if (message.kind === 'init') queueMicrotask(() => onMessage({ kind: 'ready' }));
        // Any call but a PIN pad wait answers at once.
        if (message.kind === 'call' && message.op === 'pinStatus') queueMicrotask(() => onMessage({ kind: 'result', id: message.id, ok: true, value: { triesLeft: 3, blocked: false } }));
      },
      onMessage: (listener) => (onMessage = listener),
      onExit: (listener) => (onExit = listener),
      kill: () => {
        record.killed = true;
        queueMicrotask(() => onExit(null));
      },
    };
  };
  return { spawn, spawned };
}

describe('cancelling a PIN pad wait', () => {
  it('ends the worker, fails the call with CANCELLED and starts a fresh worker quietly', async () => {
    const { spawn, spawned } = fakeWorkers();
    const card = startCardProcess({ spawn, config: { pcsc: { kind: 'native' } } });
    const events: CardPortEvent[] = [];
    card.on((event) => events.push(event));
    const waiting = card.authenticate({ reader: 'r', pin: { kind: 'pin-pad', language: 'en' }, digest: new Uint8Array(48), hash: 'SHA-384' }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await card.cancel();
    const error = await waiting;
    expect(isAppError(error, 'CANCELLED')).toBe(true);
    expect(spawned[0]!.killed).toBe(true);
    expect(await card.pinStatus({ reader: 'r' })).toEqual({ triesLeft: 3, blocked: false });
    expect(spawned).toHaveLength(2);
    expect(events.filter((e) => e.type === 'process')).toEqual([]);
    await card.stop();
  });

  it('does not end the worker when no PIN pad waits', async () => {
    const { spawn, spawned } = fakeWorkers();
    const card = startCardProcess({ spawn, config: { pcsc: { kind: 'native' } } });
    await card.pinStatus({ reader: 'r' });
    await card.cancel();
    expect(spawned[0]!.killed).toBe(false);
    expect(spawned[0]!.sent.some((m) => m.kind === 'cancel')).toBe(true);
    await card.stop();
  });
});
