// One place where transport failures become the app's error codes, so every card operation fails
// with a code the UI can explain (CARD_REMOVED, CARD_IN_USE, …) and never with a raw PC/SC number.
import { AppError } from '../contract/errors.ts';
import { isPcscError, type PcscErrorKind } from '../pcsc/errors.ts';
import type { ErrorCode } from '../contract/errors.ts';

const BY_KIND: Readonly<Record<PcscErrorKind, ErrorCode>> = {
  NoService: 'PCSC_UNAVAILABLE',
  NoReaders: 'READER_NONE',
  UnknownReader: 'CARD_REMOVED', // the reader went away, and the card with it
  NoSmartcard: 'CARD_REMOVED',
  RemovedCard: 'CARD_REMOVED',
  SharingViolation: 'CARD_IN_USE',
  ResetCard: 'CARD_COMMUNICATION',
  UnresponsiveCard: 'CARD_UNRESPONSIVE',
  UnsupportedCard: 'CARD_UNKNOWN',
  Timeout: 'CARD_UNRESPONSIVE',
  Cancelled: 'CANCELLED',
  NotTransacted: 'CARD_COMMUNICATION',
  Unknown: 'CARD_COMMUNICATION',
};

export function toCardError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isPcscError(error)) {
    return new AppError(BY_KIND[error.kind], error.message, { pcsc: error.kind, ...(error.code !== undefined ? { pcscCode: error.code } : {}) });
  }
  return new AppError('INTERNAL', error instanceof Error ? error.message : String(error));
}

/** Runs a card operation and rethrows whatever fails as an AppError. */
export async function cardOperation<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toCardError(error);
  }
}
