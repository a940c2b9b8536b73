// The card process for real: a forked worker with the in-process virtual card, killed with SIGKILL.
import { afterEach, describe, expect, it } from 'vitest';
import type { CardPortEvent } from '../../src/companion/index.ts';
import { isAppError } from '../../src/contract/index.ts';
import { startCardProcess, type CardProcess } from './client.ts';
import { forkCardWorker } from './fork.ts';
import { DEMO_READER } from './pcsc-port.ts';
import type { WorkerHandle } from './protocol.ts';

let running: CardProcess | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

function start(): { card: CardProcess; events: CardPortEvent[] } {
  const card = startCardProcess({ spawn: forkCardWorker, config: { pcsc: { kind: 'virtual', profile: '1.8', seed: 'card-process-test' } } });
  running = card;
  const events: CardPortEvent[] = [];
  card.on((event) => events.push(event));
  return { card, events };
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('card process', () => {
  it('reads the card summary, refuses a wrong PIN with tries left, signs with the right one', async () => {
    const { card } = start();
    const overview = await card.overview({});
    expect(overview.readers[0]).toMatchObject({ name: DEMO_READER, state: 'card', card: { type: 'belgian-eid', applet: '1.8' } });
    const summary = await card.summary({ reader: DEMO_READER });
    expect(summary).toMatchObject({ applet: '1.8', authCertificate: { status: 'valid' }, pin: { triesLeft: 3, blocked: false } });
    const wrong = Buffer.from('9999');
    const failure = await card.authenticate({ reader: DEMO_READER, pin: { kind: 'digits', pin: wrong }, digest: new Uint8Array(48), hash: 'SHA-384' }).catch((e: unknown) => e);
    expect(isAppError(failure, 'PIN_WRONG') && failure.details).toEqual({ triesLeft: 2 });
    expect([...wrong]).toEqual([0, 0, 0, 0]);
    const signature = await card.authenticate({ reader: DEMO_READER, pin: { kind: 'digits', pin: Buffer.from('1234') }, digest: new Uint8Array(48), hash: 'SHA-384' });
    expect(signature.length).toBe(96);
  });

  it('runs the diagnosis next to the card, with progress events', async () => {
    const { card, events } = start();
    const report = await card.diagnose({ language: 'en', includePersonalData: false, backendUrl: null });
    expect(report).toHaveProperty('summary');
    expect(events.some((e) => e.type === 'diagnosis-progress')).toBe(true);
  });

  it('restarts after SIGKILL, reports down/up, and the next read succeeds', async () => {
    const { card, events } = start();
    await card.overview({});
    const pid = card.pid!;
    const inFlight = card.summary({ reader: DEMO_READER }).catch((e: unknown) => e);
    process.kill(pid, 'SIGKILL');
    const lost = await inFlight;
    // The read either finished before the kill or failed with the restart code.
    if (isAppError(lost)) expect(lost.code).toBe('CARD_PROCESS_RESTARTING');
    await until(() => events.some((e) => e.type === 'process' && e.status === 'up'));
    expect(events.filter((e) => e.type === 'process').map((e) => (e as { status: string }).status)).toEqual(['down', 'up']);
    expect(card.pid).not.toBe(pid);
    expect((await card.summary({ reader: DEMO_READER })).applet).toBe('1.8');
  });

  it('gives up on a call that never answers: CARD_UNRESPONSIVE, and a fresh process', async () => {
    // A worker stuck inside the native binding: it starts, then never answers a call.
    const spawned: Array<{ killed: boolean }> = [];
    const stuckWorker = (): WorkerHandle => {
      const state = { killed: false };
      spawned.push(state);
      let onMessage: (message: unknown) => void = () => undefined;
      let onExit: (code: number | null) => void = () => undefined;
      return {
        pid: undefined,
        send: (message) => {
          if (message.kind === 'init') setTimeout(() => onMessage({ kind: 'ready' }), 0);
        },
        onMessage: (listener) => void (onMessage = listener),
        onExit: (listener) => void (onExit = listener),
        kill: () => {
          state.killed = true;
          setTimeout(() => onExit(null), 0);
        },
      };
    };
    const card = startCardProcess({ spawn: stuckWorker, config: { pcsc: { kind: 'virtual', profile: '1.8', seed: 'stuck' } }, callTimeoutMs: 200 });
    running = card;
    const failure = await card.summary({ reader: DEMO_READER }).catch((e: unknown) => e);
    expect(isAppError(failure, 'CARD_UNRESPONSIVE')).toBe(true);
    expect(spawned[0]!.killed).toBe(true);
    await until(() => spawned.length === 2);
  });
});
