// The companion's side of the card process: a CardPort whose calls run in another process. When
// that process dies (a crash in the native PC/SC binding, SIGKILL), pending calls fail with
// CARD_PROCESS_RESTARTING, the companion shows "reconnecting", and a new worker is started at once.
// A watchdog bounds every call: a card or binding that stops answering (a mute card can leave a
// PC/SC call blocked inside the native module) ends in CARD_UNRESPONSIVE and a fresh process, never
// in a hang.
import { AppError, type ReaderOverview } from '../../src/contract/index.ts';
import type { CardPort, CardPortEvent } from '../../src/companion/index.ts';
import { cardOperations, CARD_OPERATIONS, isLongOperation, secretsOf } from '../../src/card-service/index.ts';
import type { CardOperation, CardOperationArgs, CardOperationResult, CardOperations } from '../../src/card-service/index.ts';
import { workerMessageSchema, type SpawnWorker, type WorkerConfig, type WorkerHandle } from './protocol.ts';

export interface CardProcessOptions {
  readonly spawn: SpawnWorker;
  readonly config: WorkerConfig;
  readonly log?: { warn(message: string, fields?: Record<string, unknown>): void };
  /** Delays between restarts after repeated crashes; the first restart is immediate. */
  readonly restartDelaysMs?: readonly number[];
  /** How long one card operation may take before the process is restarted (default 15 s). */
  readonly callTimeoutMs?: number;
  /** The same for a PIN-pad wait or a whole diagnosis, which wait on the user or many probes. */
  readonly longCallTimeoutMs?: number;
}

export interface CardProcess extends CardPort {
  /** The worker's process id (tests kill it to prove recovery). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

interface Pending {
  readonly op: CardOperation;
  /** A PIN pad wait: only ending the process (and its PC/SC context) stops it from the app's side. */
  readonly pinPad: boolean;
  resolve(value: unknown): void;
  reject(error: AppError): void;
}

const DEFAULT_DELAYS = [0, 250, 1000, 2000];
// Reading everything on a slow reader takes a few seconds; a card silent for 15 s is not coming back.
const DEFAULT_CALL_TIMEOUT_MS = 15_000;
// A PIN pad gives the user 90 s (see the engine); a diagnosis runs a dozen probes with their own limits.
const DEFAULT_LONG_CALL_TIMEOUT_MS = 150_000;

export function startCardProcess(options: CardProcessOptions): CardProcess {
  const delays = options.restartDelaysMs ?? DEFAULT_DELAYS;
  const callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const longCallTimeoutMs = options.longCallTimeoutMs ?? DEFAULT_LONG_CALL_TIMEOUT_MS;
  const listeners = new Set<(event: CardPortEvent) => void>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let worker: WorkerHandle | null = null;
  let ready: Promise<void> = Promise.resolve();
  let stopped = false;
  let crashes = 0;
  let cancelling = false;
  /** The call the watchdog gave up on: it fails with CARD_UNRESPONSIVE when the process is gone. */
  let timedOut: number | null = null;
  let lastOverview: ReaderOverview = { service: 'ok', readers: [] };

  const emit = (event: CardPortEvent) => listeners.forEach((listener) => listener(event));

  const launch = () => {
    const handle = options.spawn();
    worker = handle;
    let markReady: () => void = () => undefined;
    ready = new Promise((resolve) => (markReady = resolve));
    handle.onMessage((raw) => {
      const parsed = workerMessageSchema.safeParse(raw);
      if (!parsed.success) {
        options.log?.warn('card process sent an invalid message');
        return;
      }
      const message = parsed.data;
      if (message.kind === 'ready') {
        markReady();
        if (crashes > 0) emit({ type: 'process', status: 'up' });
        crashes = 0;
      } else if (message.kind === 'readers') {
        lastOverview = message.overview;
        emit({ type: 'readers', overview: message.overview });
      } else if (message.kind === 'diagnosis-progress') {
        emit({ type: 'diagnosis-progress', step: message.step, total: message.total, probe: message.probe });
      } else if (message.kind === 'pin-pad') {
        emit({ type: 'pin-pad', reader: message.reader, timeoutSeconds: message.timeoutSeconds });
      } else {
        const call = pending.get(message.id);
        if (!call) return;
        pending.delete(message.id);
        if (!message.ok) {
          call.reject(new AppError(message.error.code, message.error.message, message.error.details));
          return;
        }
        const result = cardOperations[call.op].result.safeParse(message.value);
        if (result.success) call.resolve(result.data);
        else call.reject(new AppError('INTERNAL', `card process answered ${call.op} with an invalid result`));
      }
    });
    handle.onExit((code) => {
      if (worker !== handle) return;
      worker = null;
      const wasCancel = cancelling;
      const unresponsive = timedOut;
      cancelling = false;
      timedOut = null;
      for (const [id, call] of pending) {
        call.reject(
          id === unresponsive
            ? new AppError('CARD_UNRESPONSIVE', `the card did not answer ${call.op} in time`)
            : wasCancel
              ? new AppError('CANCELLED', 'cancelled')
              : new AppError('CARD_PROCESS_RESTARTING', 'the card process stopped; it is being restarted'),
        );
      }
      pending.clear();
      markReady();
      if (stopped) return;
      if (wasCancel || unresponsive !== null) {
        launch();
        return;
      }
      options.log?.warn('card process exited; restarting', { code });
      emit({ type: 'process', status: 'down' });
      const delay = delays[Math.min(crashes, delays.length - 1)] ?? 0;
      crashes += 1;
      setTimeout(() => {
        if (!stopped) launch();
      }, delay);
    });
    handle.send({ kind: 'init', config: options.config });
  };

  async function call<O extends CardOperation>(op: O, args: CardOperationArgs<O>): Promise<CardOperationResult<O>> {
    try {
      return await send(op, args);
    } finally {
      // The structured clone is on its way (or the call failed): this side's copy of a PIN is not needed any more.
      for (const secret of secretsOf(op, args)) secret.fill(0);
    }
  }

  async function send<O extends CardOperation>(op: O, args: CardOperationArgs<O>): Promise<CardOperationResult<O>> {
    await ready;
    const handle = worker;
    if (!handle || stopped) throw new AppError('CARD_PROCESS_RESTARTING', 'the card process is restarting');
    const id = nextId++;
    const long = isLongOperation(op, args);
    // Only a PIN pad wait is stopped by ending the process: nothing else in it listens for a cancel.
    const pinPad = long && op === 'authenticate';
    const limit = long ? longCallTimeoutMs : callTimeoutMs;
    const watchdog = setTimeout(() => {
      if (!pending.has(id) || worker !== handle) return;
      options.log?.warn('card operation timed out; restarting the card process', { op });
      timedOut = id;
      handle.kill();
    }, limit);
    try {
      return await new Promise<CardOperationResult<O>>((resolve, reject) => {
        pending.set(id, { op, pinPad, resolve: resolve as (value: unknown) => void, reject });
        handle.send({ kind: 'call', id, op, args });
      });
    } finally {
      clearTimeout(watchdog);
    }
  }

  launch();

  const operationsOverRpc = Object.fromEntries(
    CARD_OPERATIONS.map((op) => [op, (args: never) => call(op, args)]),
  ) as unknown as CardOperations;

  return {
    ...operationsOverRpc,
    get pid() {
      return worker?.pid;
    },
    async overview(args) {
      try {
        return await call('overview', args);
      } catch {
        // While the worker restarts, the last known readers are the best answer.
        return lastOverview;
      }
    },
    async cancel() {
      worker?.send({ kind: 'cancel' });
      if (worker && [...pending.values()].some((call) => call.pinPad)) {
        cancelling = true;
        worker.kill();
      }
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      stopped = true;
      const handle = worker;
      worker = null;
      for (const p of pending.values()) p.reject(new AppError('CANCELLED', 'the card process was stopped'));
      pending.clear();
      handle?.kill();
    },
  };
}
