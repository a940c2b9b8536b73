// Each reader state of ReaderMonitor as the UI's reader: the card's family from its ATR, PIN pad flags,
// no card data for an empty reader, and the service down as the NO_SERVICE overview.
import { describe, expect, it } from 'vitest';
import { NO_SERVICE, toOverview, toReader } from './reader-overview.ts';

const UNKNOWN_ATR = Uint8Array.from([0x3b, 0x00]);

describe('reader overview', () => {
  it('maps every monitor state to a reader state', () => {
    expect(toReader({ kind: 'empty', reader: 'R' }, false)).toEqual({ name: 'R', pinPad: false, state: 'empty', card: null });
    expect(toReader({ kind: 'card-present', reader: 'R', atr: UNKNOWN_ATR }, true)).toEqual({
      name: 'R',
      pinPad: true,
      state: 'card',
      card: { type: 'unknown', applet: null, atr: '3B00' },
    });
    // Another program holding the card exclusively may hide its ATR.
    expect(toReader({ kind: 'card-in-use', reader: 'R', atr: null }, false)).toEqual({
      name: 'R',
      pinPad: false,
      state: 'in-use',
      card: { type: 'unknown', applet: null, atr: '' },
    });
    expect(toReader({ kind: 'card-unresponsive', reader: 'R' }, false).state).toBe('unresponsive');
  });

  it('says unavailable while the service is down, and keeps the PIN pad flags of the readers shown', () => {
    expect(toOverview({ service: 'unavailable', readers: [] }, new Set(['R']))).toBe(NO_SERVICE);
    expect(toOverview({ service: 'running', readers: [{ kind: 'empty', reader: 'R' }] }, new Set(['R'])).readers[0]?.pinPad).toBe(true);
    expect(toOverview({ service: 'running', readers: [] }, new Set())).toEqual({ service: 'ok', readers: [] });
  });
});
