// PcscPort over PC/SC (pcscd on Linux, WinSCard on Windows, CryptoTokenKit's PC/SC on macOS). Reader
// and card states come from the `pcsclite` package's own SCardGetStatusChange threads, so
// waitForChange blocks on events, never polls. When the service goes away the session is dropped and
// the next call tries to establish a new context (the ReaderMonitor retries with a back-off). Card
// connections go through our card-handle addon, which has the PC/SC transactions the package lacks.
import type { CardConnection, ConnectOptions, Disposition, PcscPort, Protocol, ReaderSnapshot, WaitOptions } from '../../src/pcsc/port.ts';
import { PcscError } from '../../src/pcsc/errors.ts';
import { loadBinding, type NativeContext, type NativeReader, type PcscliteBinding } from './binding.ts';
import { toPcscError } from './pcsc-error-codes.ts';
import { loadCardHandleBinding, type CardHandleBinding, type NativeCardHandle } from './card-handle-binding.ts';
import { sameSnapshots } from '../../src/pcsc/reader-snapshot.ts';

/** How long the first enumeration (list + each reader's first status) may take before we answer anyway. */
const FIRST_STATUS_MS = 3000;
/**
 * A transmit the service never answers (seen with vpcd when the card leaves between two commands)
 * would block forever; the card's own replies take milliseconds, RSA signatures well under a second.
 */
const TRANSMIT_TIMEOUT_MS = 30_000;
/** SCardControl may wait for the holder on a PIN pad (bTimerOut 30 s) before it answers. */
const CONTROL_TIMEOUT_MS = 90_000;
/** Disconnecting from a card that is gone must not hold up the caller. */
const DISCONNECT_TIMEOUT_MS = 3000;
/**
 * How long we wait for another program's transaction to end, to connect or to begin our own (other
 * middleware reading a card takes a second or two). Past this the card is "in use by another program" (SharingViolation), well
 * before the card process's 15 s watchdog would take the wait for a stuck card.
 */
const TRANSACTION_WAIT_MS = 10_000;

interface Session {
  readonly context: NativeContext;
  readonly monitors: Map<string, { reader: NativeReader; snapshot: ReaderSnapshot | null }>;
  listed: boolean;
  failure: PcscError | null;
}

export interface PcscLitePortOptions {
  /** Injected for tests; default to the compiled addons. */
  readonly binding?: PcscliteBinding;
  readonly cardHandles?: CardHandleBinding;
  readonly platform?: 'windows' | 'pcsclite';
}

export function createPcscLitePort(options: PcscLitePortOptions = {}): PcscPort {
  return new PcscLitePort(
    options.binding ?? loadBinding(),
    options.cardHandles ?? loadCardHandleBinding(),
    options.platform ?? (process.platform === 'win32' ? 'windows' : 'pcsclite'),
  );
}

class PcscLitePort implements PcscPort {
  private session: Session | null = null;
  private readonly waiters = new Set<() => void>();
  /** Open connections, disconnected by close(). */
  private readonly connections = new Set<CardHandleConnection>();
  private closed = false;

  constructor(
    private readonly binding: PcscliteBinding,
    private readonly cardHandles: CardHandleBinding,
    readonly platform: 'windows' | 'pcsclite',
  ) {}

  async readers(): Promise<ReaderSnapshot[]> {
    const session = await this.ready();
    return this.snapshots(session);
  }

  async waitForChange(known: readonly ReaderSnapshot[], options: WaitOptions): Promise<ReaderSnapshot[]> {
    const session = await this.ready();
    return new Promise<ReaderSnapshot[]>((resolve, reject) => {
      const check = (): boolean => {
        if (this.closed || options.signal?.aborted) return finish(() => reject(new PcscError('Cancelled')));
        if (session.failure || this.session !== session) return finish(() => reject(session.failure ?? new PcscError('NoService')));
        const current = this.snapshots(session);
        if (!sameSnapshots(current, known)) return finish(() => resolve(current));
        return false;
      };
      const timer = setTimeout(() => finish(() => resolve(this.snapshots(session))), options.timeoutMs);
      const onAbort = () => check();
      const finish = (settle: () => void): true => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        options.signal?.removeEventListener('abort', onAbort);
        settle();
        return true;
      };
      const waiter = () => void check();
      options.signal?.addEventListener('abort', onAbort);
      this.waiters.add(waiter);
      check();
    });
  }

  async connect(readerName: string, options: ConnectOptions = {}): Promise<CardConnection> {
    // The session's status threads tell a connection at once when its card leaves.
    const session = await this.ready();
    const handles = this.cardHandles;
    const share = options.share === 'exclusive' ? handles.SCARD_SHARE_EXCLUSIVE : handles.SCARD_SHARE_SHARED;
    const wanted = options.protocols ?? ['T0'];
    const mask = wanted.reduce((m, p) => m | (p === 'T0' ? handles.SCARD_PROTOCOL_T0 : handles.SCARD_PROTOCOL_T1), 0);
    const connected = await connectWithin(handles, readerName, share, mask);
    const protocol: Protocol = connected.protocol === handles.SCARD_PROTOCOL_T1 ? 'T1' : 'T0';
    // The handle's own ATR; the watcher's only if the service would not say.
    const atr = connected.atr.length > 0 ? new Uint8Array(connected.atr) : (session.monitors.get(readerName)?.snapshot?.atr ?? new Uint8Array(0));
    const connection: CardHandleConnection = new CardHandleConnection(handles, connected.handle, readerName, protocol, atr, {
      onClosed: () => this.connections.delete(connection),
      cardGone: () => this.cardGone(readerName),
    });
    this.connections.add(connection);
    return connection;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.connections].map((c) => c.disconnect('leave').catch(() => undefined)));
    this.drop();
    this.notify();
  }

  /** The current session, after its first enumeration; creates one if there is none. */
  private async ready(): Promise<Session> {
    if (this.closed) throw new PcscError('Cancelled', 'port closed');
    const session = this.session && !this.session.failure ? this.session : this.open();
    const deadline = Date.now() + FIRST_STATUS_MS;
    while (!this.complete(session) && !session.failure && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        const waiter = () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        };
        this.waiters.add(waiter);
      });
    }
    if (session.failure) throw session.failure;
    return session;
  }

  private complete(session: Session): boolean {
    return session.listed && [...session.monitors.values()].every((m) => m.snapshot !== null);
  }

  private open(): Session {
    this.drop();
    let context: NativeContext;
    try {
      context = new this.binding.PCSCLite(); // SCardEstablishContext: throws when the service is absent
    } catch (error) {
      const failure = toPcscError(error);
      throw failure.kind === 'Unknown' ? new PcscError('NoService', failure.message, failure.code) : failure;
    }
    const session: Session = { context, monitors: new Map(), listed: false, failure: null };
    this.session = session;
    const release = retainUntilLastCallback(context);
    context.start((error, names) => {
      if (error) release(); // the list thread's last call is always an error (cancelled or lost)
      if (this.session !== session) return;
      if (error) {
        const failure = toPcscError(error);
        // The list thread stops on any error: treat the session as lost so the next call reconnects.
        session.failure = failure.kind === 'Unknown' || failure.kind === 'Cancelled' ? new PcscError('NoService', failure.message, failure.code) : failure;
        this.drop();
      } else {
        this.updateList(session, parseReaderNames(names));
      }
      this.notify();
    });
    return session;
  }

  private updateList(session: Session, names: string[]): void {
    for (const [name, monitor] of session.monitors) {
      if (!names.includes(name)) {
        session.monitors.delete(name);
        closeQuietly(monitor.reader);
      }
    }
    for (const name of names) {
      if (session.monitors.has(name)) continue;
      const reader = new this.binding.CardReader(name);
      const monitor = { reader, snapshot: null as ReaderSnapshot | null };
      session.monitors.set(name, monitor);
      reader.get_status((error, state, atr) => {
        if (session.monitors.get(name) !== monitor) return;
        if (error) {
          // Reader gone or service gone: the list thread reports which; forget this reader for now.
          session.monitors.delete(name);
        } else {
          monitor.snapshot = toSnapshot(reader, name, state, atr);
        }
        this.notify();
      });
    }
    session.listed = true;
  }

  /** Resolves when `reader` no longer shows a card (or the service goes away); for racing stuck calls. */
  private cardGone(reader: string): { promise: Promise<void>; cancel: () => void } {
    let cancel = () => undefined as void;
    const promise = new Promise<void>((resolve) => {
      const check = () => {
        const session = this.session;
        const snapshot = session?.monitors.get(reader)?.snapshot;
        if (!session || session.failure || this.closed || (snapshot !== undefined && snapshot !== null && !snapshot.present) || (session.listed && !session.monitors.has(reader))) {
          this.waiters.delete(check);
          resolve();
        }
      };
      cancel = () => void this.waiters.delete(check);
      this.waiters.add(check);
      check();
    });
    return { promise, cancel };
  }

  private snapshots(session: Session): ReaderSnapshot[] {
    return [...session.monitors.values()].flatMap((m) => (m.snapshot ? [m.snapshot] : []));
  }

  private drop(): void {
    const session = this.session;
    if (!session) return;
    this.session = null;
    for (const monitor of session.monitors.values()) closeQuietly(monitor.reader);
    session.monitors.clear();
    try {
      session.context.close();
    } catch {
      // Already stopped by the service going away.
    }
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/**
 * One card connection through the card-handle addon. Multi-command operations run inside a real
 * PC/SC transaction: while it lasts, no other program (nor another connection of ours) can send the
 * card anything, so nobody can slip a command between our VERIFY and its signature.
 */
class CardHandleConnection implements CardConnection {
  private transacted = false;
  private disconnected = false;

  constructor(
    private readonly binding: CardHandleBinding,
    private readonly handle: NativeCardHandle,
    readonly reader: string,
    readonly protocol: Protocol,
    readonly atr: Uint8Array,
    private readonly hooks: { onClosed: () => void; cardGone: () => { promise: Promise<void>; cancel: () => void } },
  ) {}

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    const response = await this.guarded(native(() => this.binding.transmit(this.handle, Buffer.from(command))), TRANSMIT_TIMEOUT_MS);
    return new Uint8Array(response);
  }

  async control(code: number, data: Uint8Array): Promise<Uint8Array> {
    const output = await this.guarded(native(() => this.binding.control(this.handle, code, Buffer.from(data))), CONTROL_TIMEOUT_MS);
    return new Uint8Array(output);
  }

  async beginTransaction(): Promise<void> {
    if (this.transacted) throw new PcscError('NotTransacted', 'a transaction is already open on this connection');
    const begun = native(() => this.binding.beginTransaction(this.handle));
    try {
      await this.guarded(begun, TRANSACTION_WAIT_MS, () => new PcscError('SharingViolation', `another program kept the card busy for ${TRANSACTION_WAIT_MS / 1000} s`));
    } catch (error) {
      // Given up on: should the service still grant it, hand it straight back.
      begun.then(() => this.binding.endTransaction(this.handle, this.binding.SCARD_LEAVE_CARD), () => undefined).catch(() => undefined);
      throw error;
    }
    this.transacted = true;
  }

  async endTransaction(disposition: Disposition = 'leave'): Promise<void> {
    if (!this.transacted) throw new PcscError('NotTransacted', 'no transaction to end');
    this.transacted = false;
    await this.guarded(native(() => this.binding.endTransaction(this.handle, this.dispositionCode(disposition))), DISCONNECT_TIMEOUT_MS);
  }

  /** Also ends an open transaction (SCardDisconnect releases it). */
  async disconnect(disposition: Disposition = 'leave'): Promise<void> {
    if (this.disconnected) return;
    this.disconnected = true;
    this.transacted = false;
    const disconnected = native(() => this.binding.disconnect(this.handle, this.dispositionCode(disposition)));
    disconnected.catch(() => undefined); // a card already gone fails here; the handle is released either way
    try {
      // A call still stuck on this card holds the handle; the caller does not wait for it.
      await Promise.race([disconnected.catch(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, DISCONNECT_TIMEOUT_MS).unref())]);
    } finally {
      this.hooks.onClosed();
    }
  }

  private dispositionCode(disposition: Disposition): number {
    if (disposition === 'reset') return this.binding.SCARD_RESET_CARD;
    if (disposition === 'unpower') return this.binding.SCARD_UNPOWER_CARD;
    return this.binding.SCARD_LEAVE_CARD;
  }

  /** A native call, unless the card leaves first (RemovedCard) or the service never answers (Timeout). */
  private async guarded<T>(operation: Promise<T>, timeoutMs: number, onTimeout = () => new PcscError('Timeout', `no answer within ${timeoutMs} ms`)): Promise<T> {
    const gone = this.hooks.cardGone();
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        operation,
        gone.promise.then(() => {
          throw new PcscError('RemovedCard', 'the card left the reader during the command');
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(onTimeout()), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
      gone.cancel();
      operation.catch(() => undefined); // a late failure of the abandoned call is expected
    }
  }
}

/**
 * pcscd holds SCardConnect back while another program's transaction lasts; give up as "in use" after
 * TRANSACTION_WAIT_MS, and close the handle should it still arrive.
 */
async function connectWithin(handles: CardHandleBinding, reader: string, share: number, protocols: number) {
  const connecting = native(() => handles.connect(reader, share, protocols));
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      connecting,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new PcscError('SharingViolation', `another program kept the card busy for ${TRANSACTION_WAIT_MS / 1000} s`)), TRANSACTION_WAIT_MS);
      }),
    ]);
  } catch (error) {
    connecting.then(({ handle }) => handles.disconnect(handle, handles.SCARD_LEAVE_CARD), () => undefined).catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Calls the addon; its failure (thrown at once or rejected later) becomes a PcscError. */
async function native<T>(invoke: () => Promise<T>): Promise<T> {
  try {
    return await invoke();
  } catch (error) {
    throw toPcscError(error);
  }
}

function toSnapshot(reader: NativeReader, name: string, state: number, atr: Buffer | undefined): ReaderSnapshot {
  const present = (state & reader.SCARD_STATE_PRESENT) !== 0;
  const mute = (state & reader.SCARD_STATE_MUTE) !== 0;
  return {
    name,
    present,
    atr: present && !mute && atr && atr.length > 0 ? new Uint8Array(atr) : null,
    exclusive: (state & reader.SCARD_STATE_EXCLUSIVE) !== 0,
    mute: present && mute,
    // pcsc-lite and WinSCard count insertions and removals in the high word of dwEventState.
    cardEvents: (state >>> 16) & 0xffff,
  };
}

/** "A\0B\0\0" → ["A", "B"]. */
export function parseReaderNames(buffer: Buffer | undefined): string[] {
  if (!buffer || buffer.length === 0) return [];
  return buffer.toString('utf8').split('\0').filter((name) => name.length > 0);
}

/**
 * The addon calls back into a reader (and a context) once more after close(); if the JS object were
 * garbage-collected before that, the native callback would touch freed memory. Keep them reachable
 * until their last callback has run.
 */
const closing = new Set<object>();

function closeQuietly(reader: NativeReader): void {
  closing.add(reader);
  try {
    reader.once('_end', () => closing.delete(reader));
    reader.close();
  } catch {
    // The status thread already ended.
    closing.delete(reader);
  }
}

function retainUntilLastCallback(context: NativeContext): () => void {
  closing.add(context);
  return () => closing.delete(context);
}
