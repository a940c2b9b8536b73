// Belgian eID ATRs (BELPIC 1.7 and 1.8), masked as the Windows minidriver registers them: the 1.7
// mask ignores TA1, TC2 and the last historical byte, which differ between card batches.
const EID_17 = { atr: [0x3b, 0x98, 0x13, 0x40, 0x0a, 0xa5, 0x03, 0x01, 0x01, 0x01, 0xad, 0x13, 0x11], mask: [0xff, 0xff, 0x00, 0xff, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00] };
const EID_18 = [0x3b, 0x7f, 0x96, 0x00, 0x00, 0x80, 0x31, 0x80, 0x65, 0xb0, 0x85, 0x04, 0x01, 0x20, 0x12, 0x0f, 0xff, 0x82, 0x90, 0x00];

export type EidAtrApplet = '1.7' | '1.8';

export function eidAppletFromAtr(atr: Uint8Array): EidAtrApplet | null {
  if (atr.length === EID_17.atr.length && EID_17.atr.every((b, i) => (atr[i]! & EID_17.mask[i]!) === (b & EID_17.mask[i]!))) return '1.7';
  if (atr.length === EID_18.length && EID_18.every((b, i) => atr[i] === b)) return '1.8';
  return null;
}

export function isBelgianEidAtr(atr: Uint8Array): boolean {
  return eidAppletFromAtr(atr) !== null;
}

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
}
