// The card in the chosen reader: present, answers, is a Belgian eID (ATR, then GET CARD DATA), and is
// not held by another program. Opens the shared connection the following probes use.
import type { Finding } from '../../contract/diagnosis.ts';
import { isAppError, type ErrorCode } from '../../contract/errors.ts';
import { isPcscError, type PcscErrorKind } from '../../pcsc/errors.ts';
import { finding, skipped, type Probe } from '../context.ts';
import { profileByAtr } from '../../card/card-profile.ts';
import { toHex } from '../../card/hex.ts';

const eidAppletFromAtr = (atr: Uint8Array) => profileByAtr(atr)?.applet ?? null;
import { pickReader } from './readers.ts';

export const cardProbe: Probe = {
  id: 'card',
  async run({ deps, options, state, redactor }) {
    const keys = ['readerPinPad', 'card', 'cardType', 'cardInUse'] as const;
    if (!state.pcsc?.ok) return skipped(keys, 'noService');
    const reader = pickReader(state.pcsc.readers, (atr) => eidAppletFromAtr(atr) !== null, options.reader);
    if (!reader) return skipped(keys, 'noReader');
    state.reader = reader;
    const rest = (from: readonly (typeof keys)[number][], reason: string) => skipped(from, reason);
    if (!reader.present) return [...rest(['readerPinPad'], 'noCard'), finding('card', 'fail', 'absent', null, { reader: reader.name }), ...rest(['cardType', 'cardInUse'], 'noCard')];
    if (reader.mute || !reader.atr) {
      return [...rest(['readerPinPad'], 'noCard'), finding('card', 'fail', 'unresponsive', null, { reader: reader.name }), ...rest(['cardType', 'cardInUse'], 'cardUnresponsive')];
    }
    const atr = toHex(reader.atr);
    const byAtr = eidAppletFromAtr(reader.atr);
    const present = finding('card', 'pass', 'present', atr, { reader: reader.name, atr });
    const typeByAtr = byAtr
      ? finding('cardType', 'pass', 'eidByAtr', `Belgian eID ${byAtr}`, { applet: byAtr })
      : finding('cardType', 'fail', 'notEid', atr, { atr });
    const inUse = finding('cardInUse', 'fail', 'sharingViolation', 'SCARD_E_SHARING_VIOLATION', { reader: reader.name });

    let connection;
    try {
      connection = await deps.pcsc.connect(reader.name, { share: 'shared' });
    } catch (error) {
      const why = failure(error);
      if (why === 'inUse') return [...rest(['readerPinPad'], 'cardInUse'), present, typeByAtr, inUse];
      if (why === 'unresponsive') {
        return [...rest(['readerPinPad'], 'cardUnresponsive'), finding('card', 'fail', 'unresponsive', atr, { reader: reader.name }), ...rest(['cardType', 'cardInUse'], 'cardUnresponsive')];
      }
      if (why === 'removed') {
        return [...rest(['readerPinPad'], 'noCard'), finding('card', 'fail', 'absent', null, { reader: reader.name }), ...rest(['cardType', 'cardInUse'], 'noCard')];
      }
      return [...rest(['readerPinPad'], 'cardError'), present, typeByAtr, finding('cardInUse', 'fail', 'connectFailed', errorName(error), { reader: reader.name })];
    }
    state.connection = connection;

    const findings: Finding[] = [present];
    try {
      const id = await deps.card.identify(connection);
      state.identification = id;
      // The chip number identifies this one card (and so its holder) as surely as a name.
      if (id.kind === 'belgian-eid') redactor.add(id.chipNumber);
      findings.push(
        id.kind === 'belgian-eid'
          ? finding('cardType', 'pass', 'eid', `Belgian eID, applet ${id.applet}, chip ${id.chipNumber ?? '?'}`, { applet: id.applet, chip: id.chipNumber })
          : finding('cardType', 'fail', 'notEid', atr, { atr }),
      );
      findings.push(finding('cardInUse', 'pass', 'free', 'shared'));
      // The card library asks the reader for its features over the card's connection.
      findings.push(
        id.kind === 'belgian-eid'
          ? await deps.card.pinPad(connection).then(
              (pad) => finding('readerPinPad', 'pass', pad ? 'pinPad' : 'noPinPad', pad),
              () => finding('readerPinPad', 'skip', 'unknown'),
            )
          : rest(['readerPinPad'], 'noEid')[0]!,
      );
    } catch (error) {
      const why = failure(error);
      findings.push(...rest(['readerPinPad'], 'cardError'));
      if (why === 'inUse') findings.push(typeByAtr, inUse);
      else if (why === 'unresponsive' || why === 'removed') {
        findings[0] = finding('card', 'fail', why === 'removed' ? 'absent' : 'unresponsive', atr, { reader: reader.name });
        findings.push(...rest(['cardType', 'cardInUse'], why === 'removed' ? 'noCard' : 'cardUnresponsive'));
      } else {
        findings.push(byAtr ? finding('cardType', 'fail', 'eidNotAnswering', atr, { atr, error: errorName(error) }) : finding('cardType', 'fail', 'notEid', atr, { atr }));
        findings.push(finding('cardInUse', 'pass', 'free', 'shared'));
      }
    }
    return findings;
  },
};

const FAILURES: Readonly<Partial<Record<PcscErrorKind | ErrorCode, 'inUse' | 'unresponsive' | 'removed'>>> = {
  SharingViolation: 'inUse',
  CARD_IN_USE: 'inUse',
  UnresponsiveCard: 'unresponsive',
  UnsupportedCard: 'unresponsive',
  CARD_UNRESPONSIVE: 'unresponsive',
  NoSmartcard: 'removed',
  RemovedCard: 'removed',
  CARD_REMOVED: 'removed',
};

/** PC/SC errors (from the port) and card errors (from src/card) that say the same thing. */
function failure(error: unknown): 'inUse' | 'unresponsive' | 'removed' | 'other' {
  if (isPcscError(error)) return FAILURES[error.kind] ?? 'other';
  if (isAppError(error)) return FAILURES[error.code] ?? 'other';
  return 'other';
}

export function errorName(error: unknown): string {
  if (isPcscError(error)) return error.kind;
  if (isAppError(error)) return error.code;
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.name : 'Unknown';
}
