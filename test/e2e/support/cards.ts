// Cards for the end-to-end tests, put into pcscd's vpcd reader the way a person inserts one.
import type { VirtualCard } from '../../../src/virtual-card/index.ts';

/**
 * A smart card that is not a Belgian eID (think of a bank card): its own ATR, and it knows none of the
 * eID applet's commands. Only the part of VirtualCard that vpcd drives is implemented.
 */
export function foreignCard(): VirtualCard {
  const listeners = new Set<() => void>();
  const card = {
    atr: Uint8Array.from([0x3b, 0x8f, 0x80, 0x01, 0x80, 0x4f, 0x0c, 0xa0, 0x00, 0x00, 0x03, 0x06, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x6a]),
    removed: false,
    powerOff: () => undefined,
    reset: () => undefined,
    // "Instruction not supported" to everything: the companion must say this is not an eID.
    transmit: async () => Uint8Array.from([0x6d, 0x00]),
    onChange: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return card as unknown as VirtualCard;
}
