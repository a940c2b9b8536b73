// pcsclite reports failures as Error messages ending in "(0x8010xxxx)"; the code decides the kind.
import { PcscError, type PcscErrorKind } from '../../src/pcsc/errors.ts';

const KINDS: ReadonlyMap<number, PcscErrorKind> = new Map([
  [0x8010001d, 'NoService'], // SCARD_E_NO_SERVICE
  [0x8010001e, 'NoService'], // SCARD_E_SERVICE_STOPPED
  [0x80100006, 'NoService'], // SCARD_E_NO_MEMORY while the daemon dies
  [0x8010002e, 'NoReaders'], // SCARD_E_NO_READERS_AVAILABLE
  [0x80100009, 'UnknownReader'], // SCARD_E_UNKNOWN_READER
  [0x80100017, 'UnknownReader'], // SCARD_E_READER_UNAVAILABLE
  [0x8010000c, 'NoSmartcard'], // SCARD_E_NO_SMARTCARD
  [0x8010000b, 'SharingViolation'], // SCARD_E_SHARING_VIOLATION
  [0x80100069, 'RemovedCard'], // SCARD_W_REMOVED_CARD
  [0x80100068, 'ResetCard'], // SCARD_W_RESET_CARD
  [0x80100066, 'UnresponsiveCard'], // SCARD_W_UNRESPONSIVE_CARD
  [0x80100067, 'UnresponsiveCard'], // SCARD_W_UNPOWERED_CARD
  [0x8010000f, 'UnsupportedCard'], // SCARD_E_PROTO_MISMATCH
  [0x80100065, 'UnsupportedCard'], // SCARD_W_UNSUPPORTED_CARD
  [0x8010000a, 'Timeout'], // SCARD_E_TIMEOUT
  [0x80100002, 'Cancelled'], // SCARD_E_CANCELLED
  [0x80100016, 'NotTransacted'], // SCARD_E_NOT_TRANSACTED
  [0x8010002f, 'NotTransacted'], // SCARD_E_COMM_DATA_LOST
  [0x80100003, 'NoService'], // SCARD_E_INVALID_HANDLE: the context died with the daemon
]);

export function returnCode(error: unknown): number | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const match = /\(0x([0-9a-f]{1,8})\)/i.exec(message);
  return match ? parseInt(match[1]!, 16) : undefined;
}

export function toPcscError(error: unknown): PcscError {
  if (error instanceof PcscError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = returnCode(error);
  const kind = code === undefined ? 'Unknown' : (KINDS.get(code) ?? 'Unknown');
  return new PcscError(kind, message, code);
}
