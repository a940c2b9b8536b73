// PC/SC failures as typed errors. Adapters (native/pcsclite, the in-process virtual card) map their
// return codes to these kinds so nothing above src/pcsc ever sees a raw SCARD_* number.

export const PCSC_ERROR_KINDS = [
  'NoService', // SCARD_E_NO_SERVICE / SCARD_E_SERVICE_STOPPED: pcscd / Smart Card service not running
  'NoReaders', // SCARD_E_NO_READERS_AVAILABLE
  'UnknownReader', // SCARD_E_UNKNOWN_READER: the reader went away
  'NoSmartcard', // SCARD_E_NO_SMARTCARD: no card in the reader
  'SharingViolation', // SCARD_E_SHARING_VIOLATION: another program holds the card exclusively
  'RemovedCard', // SCARD_W_REMOVED_CARD
  'ResetCard', // SCARD_W_RESET_CARD: someone else reset the card; PIN state is lost
  'UnresponsiveCard', // SCARD_W_UNRESPONSIVE_CARD / UNPOWERED: mute or upside-down card
  'UnsupportedCard', // SCARD_E_PROTO_MISMATCH / SCARD_W_UNSUPPORTED_CARD
  'Timeout', // SCARD_E_TIMEOUT
  'Cancelled', // SCARD_E_CANCELLED
  'NotTransacted', // SCARD_E_NOT_TRANSACTED / COMM_DATA_LOST
  'Unknown',
] as const;

export type PcscErrorKind = (typeof PCSC_ERROR_KINDS)[number];

export class PcscError extends Error {
  override readonly name = 'PcscError';
  constructor(
    readonly kind: PcscErrorKind,
    message: string = kind,
    /** The raw PC/SC return code when one exists (diagnostics show it). */
    readonly code?: number,
  ) {
    super(message);
  }
}

export function isPcscError(error: unknown, kind?: PcscErrorKind): error is PcscError {
  return error instanceof PcscError && (kind === undefined || error.kind === kind);
}
