// A PC/SC service in the same process: readers that hold virtual cards, with the behaviours the app must
// survive (no service, no reader, card pulled out, another program holding the card, resets by others,
// PIN-pad readers). Unit tests and the demo use it where no pcscd runs. Waiting is event-driven.
import type {
  CardConnection,
  ConnectOptions,
  Disposition,
  PcscPort,
  ReaderSnapshot,
  WaitOptions,
} from '../pcsc/port.ts';
import { sameSnapshots } from '../pcsc/reader-snapshot.ts';
import { PcscError, type PcscErrorKind } from '../pcsc/errors.ts';
import { CONTROL_CODES, featureList, modifyPinDirect, verifyPinDirect, type ControlPlatform, type PinPad } from './pin-pad.ts';
import { VirtualCardFault, type VirtualCard } from './virtual-card.ts';

export interface InProcessReaderSpec {
  readonly name: string;
  readonly card?: VirtualCard;
  readonly pinPad?: PinPad;
}

export interface InProcessPcscPortOptions {
  readonly readers?: readonly InProcessReaderSpec[];
  readonly platform?: ControlPlatform;
  /** Start with the service stopped (default: running). */
  readonly serviceRunning?: boolean;
  /** Report ReaderSnapshot.cardEvents (default), or null as a service that does not count them. */
  readonly countCardEvents?: boolean;
}

interface Reader {
  readonly name: string;
  readonly pinPad: PinPad | undefined;
  card: VirtualCard | null;
  unsubscribe: () => void;
  heldByOther: boolean;
  /** Bumped on every insertion and removal: connections made before see RemovedCard. */
  insertion: number;
  /** Bumped on reset: connections made before see ResetCard. */
  generation: number;
  /** ReaderSnapshot.cardEvents: bumped whenever a card appears or disappears, as pcsc-lite counts. */
  cardEvents: number;
  /** Whether cardEvents last counted a card in the reader. */
  counted: boolean;
  readonly connections: Set<Connection>;
  exclusiveOwner: Connection | null;
  transactionOwner: Connection | null;
  transactionDepth: number;
  readonly transactionQueue: (() => void)[];
}

const fail = (kind: PcscErrorKind, message?: string): never => {
  throw new PcscError(kind, message ?? kind);
};

export class InProcessPcscPort implements PcscPort {
  readonly platform: ControlPlatform;
  private readonly readerMap = new Map<string, Reader>();
  private running: boolean;
  private readonly countsCardEvents: boolean;
  private closed = false;
  /** Bumped when the service stops: every handle from before becomes invalid. */
  private serviceEpoch = 0;
  private readonly watchers = new Set<() => void>();

  constructor(options: InProcessPcscPortOptions = {}) {
    this.platform = options.platform ?? 'pcsclite';
    this.running = options.serviceRunning ?? true;
    this.countsCardEvents = options.countCardEvents ?? true;
    for (const spec of options.readers ?? []) {
      this.addReader(spec.name, spec.pinPad ? { pinPad: spec.pinPad } : {});
      if (spec.card) this.insert(spec.name, spec.card);
    }
  }

  // --- the test and demo controls ------------------------------------------------------------------

  addReader(name: string, options: { pinPad?: PinPad } = {}): void {
    if (this.readerMap.has(name)) throw new Error(`reader "${name}" exists already`);
    this.readerMap.set(name, {
      name,
      pinPad: options.pinPad,
      card: null,
      unsubscribe: () => undefined,
      heldByOther: false,
      insertion: 0,
      generation: 0,
      cardEvents: 0,
      counted: false,
      connections: new Set(),
      exclusiveOwner: null,
      transactionOwner: null,
      transactionDepth: 0,
      transactionQueue: [],
    });
    this.changed();
  }

  removeReader(name: string): void {
    const reader = this.readerMap.get(name);
    if (!reader) return;
    this.eject(reader);
    this.readerMap.delete(name);
    this.changed();
  }

  /** Puts a card in the reader (replacing any other): it is powered up, so its PIN state is fresh. */
  insert(readerName: string, card: VirtualCard): void {
    const reader = this.reader(readerName);
    this.eject(reader);
    card.reset();
    reader.card = card;
    reader.insertion++;
    this.countCardEvent(reader);
    reader.unsubscribe = card.onChange(() => {
      // A removal fault takes the card out as a hand would.
      this.countCardEvent(reader);
      this.changed();
    });
    this.changed();
  }

  remove(readerName: string): void {
    this.eject(this.reader(readerName));
    this.changed();
  }

  setServiceRunning(running: boolean): void {
    if (running === this.running) return;
    this.running = running;
    if (!running) {
      this.serviceEpoch++;
      for (const reader of this.readerMap.values()) this.releaseAll(reader);
    }
    this.changed();
  }

  /** Another program holds the card exclusively: connecting fails with SharingViolation. */
  holdExclusive(readerName: string, held: boolean): void {
    this.reader(readerName).heldByOther = held;
    this.changed();
  }

  private reader(name: string): Reader {
    const reader = this.readerMap.get(name);
    if (!reader) throw new Error(`no reader "${name}"`);
    return reader;
  }

  private eject(reader: Reader): void {
    reader.unsubscribe();
    reader.unsubscribe = () => undefined;
    reader.card = null;
    reader.insertion++;
    this.countCardEvent(reader);
    this.releaseAll(reader);
  }

  private countCardEvent(reader: Reader): void {
    const present = reader.card !== null && !reader.card.removed;
    if (present === reader.counted) return;
    reader.counted = present;
    reader.cardEvents = (reader.cardEvents + 1) & 0xffff;
  }

  private releaseAll(reader: Reader): void {
    reader.connections.clear();
    reader.exclusiveOwner = null;
    reader.transactionOwner = null;
    reader.transactionDepth = 0;
    for (const wake of reader.transactionQueue.splice(0)) wake();
  }

  private changed(): void {
    for (const watcher of [...this.watchers]) watcher();
  }

  // --- PcscPort ------------------------------------------------------------------------------------

  private snapshots(): ReaderSnapshot[] {
    return [...this.readerMap.values()].map((reader) => {
      const card = reader.card && !reader.card.removed ? reader.card : null;
      const mute = card !== null && card.faults.mute;
      return {
        name: reader.name,
        present: card !== null,
        atr: card && !mute ? card.atr : null,
        exclusive: card !== null && (reader.heldByOther || reader.exclusiveOwner !== null),
        mute,
        cardEvents: this.countsCardEvents ? reader.cardEvents : null,
      };
    });
  }

  private checkService(): void {
    if (this.closed) fail('Cancelled', 'the PC/SC context was released');
    if (!this.running) fail('NoService', 'the PC/SC service is not running');
  }

  async readers(): Promise<ReaderSnapshot[]> {
    this.checkService();
    return this.snapshots();
  }

  waitForChange(known: readonly ReaderSnapshot[], options: WaitOptions): Promise<ReaderSnapshot[]> {
    return new Promise((resolve, reject) => {
      const settle = (outcome: () => void): void => {
        this.watchers.delete(check);
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        outcome();
      };
      const check = (): void => {
        if (this.closed) return settle(() => reject(new PcscError('Cancelled', 'the PC/SC context was released')));
        if (!this.running) return settle(() => reject(new PcscError('NoService', 'the PC/SC service is not running')));
        const current = this.snapshots();
        if (!sameSnapshots(known, current)) settle(() => resolve(current));
      };
      const onAbort = (): void => settle(() => reject(new PcscError('Cancelled', 'the wait was aborted')));
      const timer = setTimeout(() => {
        check();
        settle(() => resolve(this.snapshots())); // no-op when check() settled already
      }, options.timeoutMs);
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort);
      this.watchers.add(check);
      check();
    });
  }

  async connect(readerName: string, options: ConnectOptions = {}): Promise<CardConnection> {
    this.checkService();
    const reader = this.readerMap.get(readerName) ?? fail('UnknownReader', `no reader "${readerName}"`);
    const card = reader.card && !reader.card.removed ? reader.card : fail('NoSmartcard', 'no card in the reader');
    if (card.faults.mute) fail('UnresponsiveCard', 'the card does not answer to reset');
    if (!(options.protocols ?? ['T0']).includes('T0')) fail('UnsupportedCard', 'the card speaks T=0 only');
    if (reader.heldByOther || reader.exclusiveOwner) fail('SharingViolation', 'another program holds the card');
    const share = options.share ?? 'shared';
    if (share === 'exclusive' && reader.connections.size > 0) fail('SharingViolation', 'the card is in use');
    const connection = new Connection(this, reader, card, this.serviceEpoch);
    reader.connections.add(connection);
    if (share === 'exclusive') reader.exclusiveOwner = connection;
    if (share === 'exclusive') this.changed();
    return connection;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.changed();
  }

  // --- what connections ask of the port ------------------------------------------------------------

  /** Throws the error a stale handle gets. */
  validate(connection: Connection): void {
    this.checkService();
    const reader = connection.slot;
    if (connection.epoch !== this.serviceEpoch) fail('NoService', 'the PC/SC service was restarted');
    if (!connection.open) fail('Unknown', 'the connection was closed');
    if (this.readerMap.get(reader.name) !== reader) fail('UnknownReader', 'the reader went away');
    if (reader.insertion !== connection.insertion || connection.card.removed) fail('RemovedCard', 'the card was removed');
    if (reader.generation !== connection.generation) fail('ResetCard', 'the card was reset by another program');
    if (connection.card.faults.mute) fail('UnresponsiveCard', 'the card does not answer');
  }

  /** Waits while another connection holds the transaction. */
  async awaitTurn(connection: Connection): Promise<void> {
    const reader = connection.slot;
    while (reader.transactionOwner && reader.transactionOwner !== connection) {
      await new Promise<void>((wake) => reader.transactionQueue.push(wake));
      this.validate(connection);
    }
  }

  beginTransaction(connection: Connection): void {
    const reader = connection.slot;
    reader.transactionOwner = connection;
    reader.transactionDepth++;
  }

  endTransaction(connection: Connection, disposition: Disposition): void {
    const reader = connection.slot;
    if (reader.transactionOwner !== connection) fail('NotTransacted', 'no transaction to end');
    if (--reader.transactionDepth > 0) return;
    reader.transactionOwner = null;
    this.dispose(connection, disposition);
    reader.transactionQueue.shift()?.();
  }

  disconnect(connection: Connection, disposition: Disposition): void {
    const reader = connection.slot;
    reader.connections.delete(connection);
    if (reader.exclusiveOwner === connection) {
      reader.exclusiveOwner = null;
      this.changed();
    }
    if (reader.transactionOwner === connection) {
      reader.transactionOwner = null;
      reader.transactionDepth = 0;
      reader.transactionQueue.shift()?.();
    }
    if (reader.insertion === connection.insertion && !connection.card.removed) this.dispose(connection, disposition);
  }

  /** Reset or unpower: every other handle sees ResetCard, this one stays usable. */
  private dispose(connection: Connection, disposition: Disposition): void {
    if (disposition === 'leave') return;
    if (disposition === 'unpower') connection.card.powerOff();
    connection.card.reset();
    connection.slot.generation++;
    connection.generation = connection.slot.generation;
  }

  featureRequest(connection: Connection): Uint8Array {
    return connection.slot.pinPad ? featureList(this.platform) : new Uint8Array();
  }

  controlCodes(): (typeof CONTROL_CODES)[ControlPlatform] {
    return CONTROL_CODES[this.platform];
  }
}

class Connection implements CardConnection {
  readonly protocol = 'T0' as const;
  readonly atr: Uint8Array;
  readonly reader: string;
  readonly insertion: number;
  generation: number;
  open = true;

  constructor(
    private readonly port: InProcessPcscPort,
    readonly slot: Reader,
    readonly card: VirtualCard,
    readonly epoch: number,
  ) {
    this.atr = card.atr;
    this.reader = slot.name;
    this.insertion = slot.insertion;
    this.generation = slot.generation;
  }

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    this.port.validate(this);
    await this.port.awaitTurn(this);
    return this.send(command);
  }

  private async send(command: Uint8Array): Promise<Uint8Array> {
    try {
      return await this.card.transmit(command);
    } catch (error) {
      if (error instanceof VirtualCardFault) {
        throw new PcscError(error.kind === 'removed' ? 'RemovedCard' : 'UnresponsiveCard', error.message);
      }
      throw error;
    }
  }

  async control(code: number, data: Uint8Array): Promise<Uint8Array> {
    this.port.validate(this);
    const codes = this.port.controlCodes();
    const pinPad = this.slot.pinPad;
    if (code === codes.getFeatureRequest) return this.port.featureRequest(this);
    if (pinPad && code === codes.verifyPinDirect) {
      await this.port.awaitTurn(this);
      return verifyPinDirect(data, pinPad, (apdu) => this.send(apdu));
    }
    if (pinPad && code === codes.modifyPinDirect) {
      await this.port.awaitTurn(this);
      return modifyPinDirect(data, pinPad, (apdu) => this.send(apdu));
    }
    throw new PcscError('Unknown', `control code 0x${code.toString(16)} is not supported by this reader`);
  }

  async beginTransaction(): Promise<void> {
    this.port.validate(this);
    await this.port.awaitTurn(this);
    this.port.beginTransaction(this);
  }

  async endTransaction(disposition: Disposition = 'leave'): Promise<void> {
    this.port.validate(this);
    this.port.endTransaction(this, disposition);
  }

  async disconnect(disposition: Disposition = 'leave'): Promise<void> {
    if (!this.open) return;
    this.open = false;
    this.port.disconnect(this, disposition);
  }
}
