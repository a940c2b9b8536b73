// The card side of the Global Platform PIN block: `2L` then L BCD digits, F-padded to 8 bytes.
// Total: any 8 bytes either give the digits or null.

export function pinFromBlock(block: Uint8Array): string | null {
  if (block.length !== 8) return null;
  const control = block[0] ?? 0;
  const length = control & 0x0f;
  if (control >> 4 !== 0x2 || length < 4 || length > 12) return null;
  let digits = '';
  for (let i = 0; i < 14; i++) {
    const byte = block[1 + (i >> 1)] ?? 0;
    const nibble = i % 2 === 0 ? byte >> 4 : byte & 0x0f;
    if (i < length) {
      if (nibble > 9) return null;
      digits += String(nibble);
    } else if (nibble !== 0x0f) {
      return null;
    }
  }
  return digits;
}

/** Constant-time comparison of two digit strings of possibly different length. */
export function samePin(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}
