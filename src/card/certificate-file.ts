// Certificate files are DER followed by zero padding (1.7: +50 bytes, 1.8: +1100; an absent
// certificate is all zeros). The real length comes from the outer SEQUENCE header.
import { parseFailure, parsed, type ParseResult } from './parse-result.ts';

/** Total DER length announced by the first bytes of a certificate file; null if the file is empty (zeros). */
export function certificateLength(head: Uint8Array): ParseResult<number | null> {
  if (head.length === 0 || head.every((b) => b === 0)) return parsed(null);
  if (head[0] !== 0x30 || head.length < 2) return parseFailure({ kind: 'invalid-field', message: 'not a DER SEQUENCE', offset: 0 });
  const first = head[1]!;
  if (first < 0x80) return parsed(2 + first);
  const count = first & 0x7f;
  if (count === 0 || count > 3) return parseFailure({ kind: 'invalid-field', message: 'unsupported DER length', offset: 1 });
  if (head.length < 2 + count) return parseFailure({ kind: 'truncated', message: 'DER length cut off', offset: 1 });
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + head[2 + i]!;
  return parsed(2 + count + length);
}
