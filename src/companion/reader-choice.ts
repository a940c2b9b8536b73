// Which reader a card operation uses when the UI names none: the first Belgian eID, else explain
// precisely why there is none (no service, no reader, no card, not an eID).
import type { ReaderOverview } from '../contract/bridge.ts';
import { AppError } from '../contract/errors.ts';

export function chooseReader(overview: ReaderOverview, requested?: string): string {
  if (overview.service === 'unavailable') throw new AppError('PCSC_UNAVAILABLE', 'the PC/SC service is not running');
  if (overview.readers.length === 0) throw new AppError('READER_NONE', 'no card reader is connected');
  const candidates = requested === undefined ? overview.readers : overview.readers.filter((r) => r.name === requested);
  if (candidates.length === 0) throw new AppError('READER_NONE', 'the requested reader is not connected');
  const eid = candidates.find((r) => r.card?.type === 'belgian-eid' && r.state === 'card');
  if (eid) return eid.name;
  if (candidates.some((r) => r.state === 'in-use')) throw new AppError('CARD_IN_USE', 'another program holds the card');
  if (candidates.some((r) => r.state === 'unresponsive')) throw new AppError('CARD_UNRESPONSIVE', 'the card does not answer');
  if (candidates.some((r) => r.card !== null)) throw new AppError('CARD_UNKNOWN', 'the card is not a Belgian eID');
  throw new AppError('CARD_NONE', 'no card in the reader');
}
