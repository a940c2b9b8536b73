// The VERIFY / CHANGE REFERENCE DATA PIN block (Global Platform format, BELPIC-NOTES §5.1):
// 0x2L, the digits in BCD left-justified, padded with F to 8 bytes. "1234" → 24 12 34 FF FF FF FF FF.
// PINs arrive as bytes of ASCII digits so they can be wiped; nothing here keeps or logs them.

export const PIN_MIN_LENGTH = 4;
export const PIN_MAX_LENGTH = 12;

export function isValidPin(pin: Uint8Array): boolean {
  if (pin.length < PIN_MIN_LENGTH || pin.length > PIN_MAX_LENGTH) return false;
  for (const b of pin) if (b < 0x30 || b > 0x39) return false;
  return true;
}

/** The 8-byte block; the caller wipes it after sending. Call only with a PIN that isValidPin. */
export function pinBlock(pin: Uint8Array): Uint8Array {
  const block = new Uint8Array(8).fill(0xff);
  block[0] = 0x20 | pin.length;
  for (let i = 0; i < pin.length; i++) {
    const digit = pin[i]! - 0x30;
    const index = 1 + (i >> 1);
    block[index] = i % 2 === 0 ? (digit << 4) | 0x0f : (block[index]! & 0xf0) | digit;
  }
  return block;
}

export function wipe(...buffers: Uint8Array[]): void {
  for (const buffer of buffers) buffer.fill(0);
}
