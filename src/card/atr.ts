// First recognition step: the ATRs of BELPIC cards (BELPIC-NOTES §1). The applet version is then
// confirmed by GET CARD DATA (card-data.ts); an ATR alone never makes a card a Belgian eID.
import { fromHex } from './hex.ts';

export type AtrFamily = 'belpic-1.7' | 'belpic-1.8';

const ATR_18 = fromHex('3B 7F 96 00 00 80 31 80 65 B0 85 04 01 20 12 0F FF 82 90 00')!;
// v1.0/1.1/1.7 cards, with the mask eid-mw and the Windows registration use.
const ATR_17 = fromHex('3B 98 00 40 00 A5 03 01 01 01 AD 13 00')!;
const MASK_17 = fromHex('FF FF 00 FF 00 FF FF FF FF FF FF FF 00')!;

export function matchAtr(atr: Uint8Array): AtrFamily | null {
  if (atr.length === ATR_18.length && atr.every((b, i) => b === ATR_18[i])) return 'belpic-1.8';
  if (atr.length === ATR_17.length && atr.every((b, i) => (b & MASK_17[i]!) === ATR_17[i])) return 'belpic-1.7';
  return null;
}
