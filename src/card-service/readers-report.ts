// What `eid-companion readers` shows: the PC/SC service, its readers, and the card in each, identified
// the way the app identifies it (CardIdentities: ATR, then GET CARD DATA).
import { isAppError } from '../contract/errors.ts';
import { isPcscError } from '../pcsc/errors.ts';
import type { PcscPort, ReaderSnapshot } from '../pcsc/port.ts';
import { profileByAtr } from '../card/card-profile.ts';
import { toHex } from '../card/hex.ts';
import { CardIdentities } from './card-identities.ts';

export interface ReaderCard {
  atr: string | null;
  type: 'belgian-eid' | 'unknown';
  applet?: string;
}
export interface ReadersReport {
  service: 'ok' | 'unavailable';
  readers: Array<{ name: string; card: ReaderCard | null }>;
}

export async function readersReport(port: PcscPort): Promise<ReadersReport> {
  let snapshots: ReaderSnapshot[];
  try {
    snapshots = await port.readers();
  } catch (error) {
    if (isPcscError(error, 'NoService')) return { service: 'unavailable', readers: [] };
    if (isPcscError(error, 'NoReaders')) return { service: 'ok', readers: [] };
    throw error;
  }
  const identities = new CardIdentities(port);
  const readers: ReadersReport['readers'] = [];
  for (const snapshot of snapshots) readers.push({ name: snapshot.name, card: await describeCard(identities, snapshot) });
  return { service: 'ok', readers };
}

async function describeCard(identities: CardIdentities, snapshot: ReaderSnapshot): Promise<ReaderCard | null> {
  if (!snapshot.present) return null;
  if (!snapshot.atr) return { atr: null, type: 'unknown' };
  const atr = toHex(snapshot.atr);
  const profile = profileByAtr(snapshot.atr);
  if (!profile) return { atr, type: 'unknown' };
  try {
    const eid = await identities.open(snapshot.name);
    await eid.close().catch(() => undefined);
    return { atr, type: 'belgian-eid', applet: eid.info().applet };
  } catch (error) {
    if (isAppError(error, 'CARD_UNKNOWN')) return { atr, type: 'unknown' };
    // Held by another program, or pulled out meanwhile: the ATR is all we can tell.
    return { atr, type: 'belgian-eid', applet: profile.applet };
  }
}
