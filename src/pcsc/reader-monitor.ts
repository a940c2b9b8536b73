// Readers and cards as a stream of states, driven by PcscPort.waitForChange (SCardGetStatusChange:
// the service wakes us, we never poll). Survives the PC/SC service stopping and starting again
// (back-off retry) and readers being plugged in and out. On Windows the Smart Card service stops when
// the last reader is unplugged, so "no service" there reads as "no reader" — the normal state.
import type { PcscPort, ReaderSnapshot } from './port.ts';
import { isPcscError } from './errors.ts';

export type ReaderState =
  | { readonly kind: 'service-unavailable' }
  | { readonly kind: 'no-reader' }
  | { readonly kind: 'empty'; readonly reader: string }
  | { readonly kind: 'card-present'; readonly reader: string; readonly atr: Uint8Array }
  | { readonly kind: 'card-in-use'; readonly reader: string; readonly atr: Uint8Array | null }
  | { readonly kind: 'card-unresponsive'; readonly reader: string }
  /** The card was taken out (followed by 'empty', or by the card that took its place). */
  | { readonly kind: 'card-removed'; readonly reader: string }
  | { readonly kind: 'reader-unplugged'; readonly reader: string };

export type ReaderCardState = Extract<ReaderState, { kind: 'empty' | 'card-present' | 'card-in-use' | 'card-unresponsive' }>;

export interface MonitorSnapshot {
  readonly service: 'starting' | 'running' | 'unavailable';
  readonly readers: readonly ReaderCardState[];
}

export interface ReaderMonitorOptions {
  /** First retry delay after the service went away; doubles up to maxBackoffMs. */
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Upper bound of one SCardGetStatusChange wait (a heartbeat, not a poll: changes wake us at once). */
  readonly waitTimeoutMs?: number;
}

export type ReaderListener = (state: ReaderState) => void;

export class ReaderMonitor {
  private readonly listeners = new Set<ReaderListener>();
  private readonly readers = new Map<string, ReaderCardState>();
  /** Each reader's card event counter as last seen (ReaderSnapshot.cardEvents). */
  private readonly cardEvents = new Map<string, number | null>();
  private service: MonitorSnapshot['service'] = 'starting';
  /** The last list had readers (so an empty list now is news). */
  private readersWereKnown = false;
  private abort: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly waitTimeoutMs: number;

  constructor(
    private readonly port: PcscPort,
    options: ReaderMonitorOptions = {},
  ) {
    this.initialBackoffMs = options.initialBackoffMs ?? 250;
    this.maxBackoffMs = options.maxBackoffMs ?? 5000;
    this.waitTimeoutMs = options.waitTimeoutMs ?? 60_000;
  }

  /** Starts watching (idempotent). */
  start(): void {
    if (this.loop) return;
    this.abort = new AbortController();
    this.loop = this.run(this.abort.signal);
  }

  /** Stops watching and waits until no call to the port is pending. */
  async stop(): Promise<void> {
    this.abort?.abort();
    await this.loop;
    this.loop = null;
    this.abort = null;
  }

  current(): MonitorSnapshot {
    return { service: this.service, readers: [...this.readers.values()] };
  }

  /** Listens to every state from now on; the current states are replayed first. Returns unsubscribe. */
  subscribe(listener: ReaderListener): () => void {
    for (const state of this.replay()) listener(state);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The same stream as an async iterator; ends when `signal` aborts or the monitor stops. */
  async *states(signal?: AbortSignal): AsyncGenerator<ReaderState> {
    const queue: ReaderState[] = [];
    let wake: (() => void) | null = null;
    const unsubscribe = this.subscribe((state) => {
      queue.push(state);
      wake?.();
    });
    const stop = () => wake?.();
    signal?.addEventListener('abort', stop);
    this.abort?.signal.addEventListener('abort', stop);
    try {
      for (;;) {
        while (queue.length > 0) yield queue.shift()!;
        if (signal?.aborted || !this.abort || this.abort.signal.aborted) return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
    } finally {
      unsubscribe();
      signal?.removeEventListener('abort', stop);
    }
  }

  private replay(): ReaderState[] {
    if (this.service === 'unavailable') return [{ kind: 'service-unavailable' }];
    if (this.service === 'running' && this.readers.size === 0) return [{ kind: 'no-reader' }];
    return [...this.readers.values()];
  }

  private async run(signal: AbortSignal): Promise<void> {
    let known: ReaderSnapshot[] | null = null;
    let backoff = this.initialBackoffMs;
    while (!signal.aborted) {
      try {
        if (known === null) {
          known = await this.port.readers();
          this.apply(known);
          backoff = this.initialBackoffMs;
        }
        const next: ReaderSnapshot[] = await this.port.waitForChange(known, { timeoutMs: this.waitTimeoutMs, signal });
        if (signal.aborted) break;
        this.apply(next);
        known = next;
      } catch (error) {
        if (signal.aborted) break;
        known = null;
        if (isPcscError(error, 'NoReaders')) this.apply([]);
        else this.serviceLost();
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, this.maxBackoffMs);
      }
    }
  }

  private apply(snapshots: readonly ReaderSnapshot[]): void {
    const wasRunning = this.service === 'running';
    this.service = 'running';
    for (const name of [...this.readers.keys()]) {
      if (!snapshots.some((s) => s.name === name)) {
        this.readers.delete(name);
        this.cardEvents.delete(name);
        this.emit({ kind: 'reader-unplugged', reader: name });
      }
    }
    for (const snapshot of snapshots) {
      const next = cardState(snapshot);
      const previous = this.readers.get(snapshot.name);
      const events = snapshot.cardEvents ?? null;
      // A moved counter means cards came and went since the last look, even if the reader looks the
      // same now (another card with the same ATR): reported as the removal it implies.
      const moved = previous !== undefined && this.cardEvents.get(snapshot.name) !== events;
      this.cardEvents.set(snapshot.name, events);
      if (previous && !moved && sameState(previous, next)) continue;
      this.readers.set(snapshot.name, next);
      if (previous && previous.kind !== 'empty' && (next.kind === 'empty' || moved)) this.emit({ kind: 'card-removed', reader: snapshot.name });
      this.emit(next);
    }
    if (snapshots.length === 0 && (!wasRunning || this.readersWereKnown)) this.emit({ kind: 'no-reader' });
    this.readersWereKnown = snapshots.length > 0;
  }

  private serviceLost(): void {
    for (const name of [...this.readers.keys()]) {
      this.readers.delete(name);
      this.emit({ kind: 'reader-unplugged', reader: name });
    }
    this.cardEvents.clear();
    this.readersWereKnown = false;
    if (this.port.platform === 'windows') {
      // The Smart Card service only runs while a reader is plugged in.
      if (this.service !== 'running') {
        this.service = 'running';
        this.emit({ kind: 'no-reader' });
      }
      return;
    }
    if (this.service === 'unavailable') return;
    this.service = 'unavailable';
    this.emit({ kind: 'service-unavailable' });
  }

  private emit(state: ReaderState): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(state);
      } catch {
        // A failing listener must not stop the monitor or the other listeners.
      }
    }
  }
}

function cardState(snapshot: ReaderSnapshot): ReaderCardState {
  const reader = snapshot.name;
  if (!snapshot.present) return { kind: 'empty', reader };
  if (snapshot.mute) return { kind: 'card-unresponsive', reader };
  if (snapshot.exclusive) return { kind: 'card-in-use', reader, atr: snapshot.atr };
  if (!snapshot.atr) return { kind: 'card-unresponsive', reader };
  return { kind: 'card-present', reader, atr: snapshot.atr };
}

function sameState(a: ReaderCardState, b: ReaderCardState): boolean {
  if (a.kind !== b.kind) return false;
  const atrA = 'atr' in a ? a.atr : null;
  const atrB = 'atr' in b ? b.atr : null;
  if (atrA === null || atrB === null) return atrA === atrB;
  return atrA.length === atrB.length && atrA.every((x, i) => x === atrB[i]);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
