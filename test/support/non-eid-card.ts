// A card that is not a Belgian eID (a bank card, say), for the diagnosis's "wrong card" case: a T=0
// ATR no eID has, "file not found" (6A82) to SELECT and "instruction not supported" (6D00) to the
// rest, GET CARD DATA included. Attached to vpcd with the same transport as the virtual eID.
import { attachToVpcd, type VpcdAttachment } from '../../native/vpcd/index.ts';
import type { VirtualCard } from '../../src/virtual-card/index.ts';
import { VPCD_PORTS } from './pcscd.ts';

/** T0=0x65: TB1 and TC1, no TD1 (so T=0 only), five historical bytes. */
export const NON_EID_ATR = Uint8Array.of(0x3b, 0x65, 0x00, 0x00, 0x9c, 0x11, 0x01, 0x01, 0x03);

class NonEidCard {
  readonly atr = NON_EID_ATR;
  readonly removed = false;
  reset(): Uint8Array {
    return this.atr;
  }
  powerOff(): void {}
  onChange(): () => void {
    return () => undefined;
  }
  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    return apdu[1] === 0xa4 ? Uint8Array.of(0x6a, 0x82) : Uint8Array.of(0x6d, 0x00);
  }
}

/**
 * attachToVpcd is typed with the VirtualCard class but uses only the members above (atr, reset,
 * powerOff, onChange, removed, transmit); the class's private fields make a structural match
 * impossible, hence the cast.
 */
export function attachNonEidCard(slot: 0 | 1 = 0): Promise<VpcdAttachment> {
  return attachToVpcd(new NonEidCard() as unknown as VirtualCard, { port: VPCD_PORTS[slot] });
}
