// ReaderMonitor's per-reader states as the contract's reader overview: what the UI shows about each reader.
import type { Reader, ReaderOverview } from '../contract/index.ts';
import { profileByAtr } from '../card/card-profile.ts';
import { toHex } from '../card/hex.ts';
import type { MonitorSnapshot, ReaderCardState } from '../pcsc/reader-monitor.ts';

const MAX_READERS = 32;

export function toReader(state: ReaderCardState, pinPad: boolean): Reader {
  const name = state.reader.slice(0, 200);
  if (state.kind === 'empty') return { name, pinPad, state: 'empty', card: null };
  const atr = state.kind === 'card-unresponsive' ? null : state.atr;
  const profile = atr ? profileByAtr(atr) : null;
  const card = {
    type: profile ? ('belgian-eid' as const) : ('unknown' as const),
    applet: profile?.applet ?? null,
    atr: atr ? toHex(atr).slice(0, 80) : '',
  };
  const shown: Reader['state'] = state.kind === 'card-unresponsive' ? 'unresponsive' : state.kind === 'card-in-use' ? 'in-use' : 'card';
  return { name, pinPad, state: shown, card };
}

/** The service as the UI sees it; `pinPads` names the readers known to have a PIN pad. */
export function toOverview(snapshot: MonitorSnapshot, pinPads: ReadonlySet<string>): ReaderOverview {
  if (snapshot.service === 'unavailable') return NO_SERVICE;
  return { service: 'ok', readers: snapshot.readers.slice(0, MAX_READERS).map((s) => toReader(s, pinPads.has(s.reader))) };
}

export const NO_SERVICE: ReaderOverview = { service: 'unavailable', readers: [] };
