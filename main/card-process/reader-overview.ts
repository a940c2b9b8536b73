// PC/SC reader snapshots as the contract's reader overview: what the UI shows about each reader.
import type { Reader, ReaderOverview } from '../../src/contract/index.ts';
import { matchAtr } from '../../src/card/atr.ts';
import type { ReaderSnapshot } from '../../src/pcsc/port.ts';

const MAX_READERS = 32;

export function toReader(snapshot: ReaderSnapshot, pinPad: boolean): Reader {
  const atr = snapshot.atr ? Buffer.from(snapshot.atr).toString('hex').toUpperCase().slice(0, 80) : '';
  const family = snapshot.atr ? matchAtr(snapshot.atr) : null;
  const card = snapshot.present
    ? { type: family ? ('belgian-eid' as const) : ('unknown' as const), applet: family === 'belpic-1.8' ? ('1.8' as const) : family === 'belpic-1.7' ? ('1.7' as const) : null, atr }
    : null;
  const state: Reader['state'] = !snapshot.present ? 'empty' : snapshot.mute ? 'unresponsive' : snapshot.exclusive ? 'in-use' : 'card';
  return { name: snapshot.name.slice(0, 200), pinPad, state, card };
}

export function toOverview(snapshots: readonly ReaderSnapshot[], pinPads: ReadonlySet<string>): ReaderOverview {
  return { service: 'ok', readers: snapshots.slice(0, MAX_READERS).map((s) => toReader(s, pinPads.has(s.name))) };
}

export const NO_SERVICE: ReaderOverview = { service: 'unavailable', readers: [] };
