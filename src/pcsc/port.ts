// The one interface between the app and a PC/SC service. Implemented by native/pcsclite (real
// readers through pcscd / WinSCard / CryptoTokenKit) and by src/virtual-card (in-process, for unit
// tests and the demo). Everything above it (ReaderMonitor, the card library) depends only on this.

/** What the service says about one reader at one moment (SCARD_READERSTATE, simplified). */
export interface ReaderSnapshot {
  readonly name: string;
  /** A card is in the reader. */
  readonly present: boolean;
  /** ATR of the present card, null when empty or the card does not answer. */
  readonly atr: Uint8Array | null;
  /** SCARD_STATE_EXCLUSIVE: another program holds the card exclusively. */
  readonly exclusive: boolean;
  /** SCARD_STATE_MUTE: a card is present but did not answer to reset. */
  readonly mute: boolean;
  /**
   * How many times a card went in or out of this reader: the high 16 bits of dwEventState, which
   * pcsc-lite and WinSCard bump on every insertion and removal (wrapping at 16 bits; compare for
   * equality only). It tells two cards with the same ATR apart when one replaced the other between
   * two looks. null or absent where the service does not count; then only a removal seen by the
   * monitor tells that the card changed.
   */
  readonly cardEvents?: number | null;
}

export type ShareMode = 'shared' | 'exclusive';
export type Protocol = 'T0' | 'T1';
/** What happens to the card on disconnect (SCARD_LEAVE_CARD, SCARD_RESET_CARD, SCARD_UNPOWER_CARD). */
export type Disposition = 'leave' | 'reset' | 'unpower';

export interface ConnectOptions {
  readonly share?: ShareMode; // default 'shared'
  readonly protocols?: readonly Protocol[]; // default ['T0'] — Belgian eID cards are T=0 only
}

/** One SCardConnect handle. Every method rejects with a PcscError on failure. */
export interface CardConnection {
  readonly reader: string;
  readonly protocol: Protocol;
  readonly atr: Uint8Array;
  /** One raw APDU out, the raw response (data ‖ SW1 SW2) back. No 61xx/6Cxx handling here. */
  transmit(command: Uint8Array): Promise<Uint8Array>;
  /** SCardControl: PIN pad features (CCID part 10). */
  control(code: number, data: Uint8Array): Promise<Uint8Array>;
  beginTransaction(): Promise<void>;
  endTransaction(disposition?: Disposition): Promise<void>;
  disconnect(disposition?: Disposition): Promise<void>;
}

export interface WaitOptions {
  /** Give up after this long and return the current state (SCardGetStatusChange timeout). */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface PcscPort {
  /** Which operating system's control codes this port uses (PIN pad ioctls differ on Windows). */
  readonly platform: 'windows' | 'pcsclite';
  /**
   * Current readers and their state. Rejects with PcscError 'NoService' when the service is not
   * running; resolves with [] when the service runs without readers.
   */
  readers(): Promise<ReaderSnapshot[]>;
  /**
   * Blocks (no polling) until the reader list or any reader's state differs from `known`, or the
   * timeout/abort, then resolves with the current state. Rejects with 'NoService' if the service goes
   * away; callers retry after a back-off to survive a service restart.
   */
  waitForChange(known: readonly ReaderSnapshot[], options: WaitOptions): Promise<ReaderSnapshot[]>;
  connect(reader: string, options?: ConnectOptions): Promise<CardConnection>;
  /** Release the context; pending waits reject with 'Cancelled'. */
  close(): Promise<void>;
}
