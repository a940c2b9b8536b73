// A certificate must be DER, not merely decodable: ASN.1 libraries forgive wrong outer lengths,
// long-form lengths that could be short and trailing bytes, which would let one certificate travel
// under many byte strings (and a cache or a log see a different certificate than the verifier).
// This walks every constructed element and checks that lengths are definite, minimal and exact.

const MAX_DEPTH = 32;

/** True when `bytes` is exactly one DER element whose constructed children all fit exactly. */
export function isStrictDer(bytes: Uint8Array): boolean {
  return elementEnd(bytes, 0, bytes.length, 0) === bytes.length;
}

/** Returns the offset just after the element starting at `start`, or -1 when it is not strict DER. */
function elementEnd(bytes: Uint8Array, start: number, limit: number, depth: number): number {
  if (depth > MAX_DEPTH || start + 2 > limit) return -1;
  const tag = bytes[start]!;
  if ((tag & 0x1f) === 0x1f) return -1; // multi-byte tags never occur in X.509
  const header = readLength(bytes, start + 1, limit);
  if (!header) return -1;
  const contentStart = header.next;
  const end = contentStart + header.length;
  if (end > limit) return -1;
  if ((tag & 0x20) !== 0) {
    let child = contentStart;
    while (child < end) {
      child = elementEnd(bytes, child, end, depth + 1);
      if (child === -1) return -1;
    }
  }
  return end;
}

function readLength(bytes: Uint8Array, at: number, limit: number): { length: number; next: number } | null {
  if (at >= limit) return null;
  const first = bytes[at]!;
  if (first < 0x80) return { length: first, next: at + 1 };
  const count = first & 0x7f;
  if (count === 0 || count > 3 || at + 1 + count > limit) return null; // indefinite, or absurdly long
  let length = 0;
  for (let i = 1; i <= count; i++) length = length * 256 + bytes[at + i]!;
  if (bytes[at + 1] === 0 || length < 0x80) return null; // not minimal
  return { length, next: at + 1 + count };
}
