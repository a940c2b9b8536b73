// The "simplified TLV" of the identity and address files (card content §6.1): tag (1 byte), length
// (1 byte; 0xFF means "255 plus the next length byte", repeated), value. Files may start with tag 00
// (file structure version) and end with zero padding; everything else is a record.
import { parseFailure, parsed, type ParseResult } from './parse-result.ts';

export interface TlvRecord {
  readonly tag: number;
  readonly offset: number;
  readonly value: Uint8Array;
}

export function parseSimpleTlv(bytes: Uint8Array): ParseResult<TlvRecord[]> {
  const records: TlvRecord[] = [];
  let i = 0;
  while (i < bytes.length) {
    const tag = bytes[i]!;
    // Tag 00 is the version record only as the very first record; anywhere else it is padding.
    if (tag === 0 && (records.length > 0 || i > 0 || isZeroFrom(bytes, i))) break;
    let j = i + 1;
    let length = 0;
    for (;;) {
      if (j >= bytes.length) return parseFailure({ kind: 'truncated', message: `tag ${byteHex(tag)} has no length`, tag, offset: i });
      const b = bytes[j++]!;
      length += b;
      if (b !== 0xff) break;
    }
    if (j + length > bytes.length) {
      return parseFailure({ kind: 'truncated', message: `tag ${byteHex(tag)} runs past the end of the file`, tag, offset: i });
    }
    if (tag !== 0) records.push({ tag, offset: i, value: bytes.subarray(j, j + length) });
    i = j + length;
  }
  if (records.length === 0) return parseFailure({ kind: 'empty', message: 'the file holds no data' });
  return parsed(records);
}

function isZeroFrom(bytes: Uint8Array, from: number): boolean {
  for (let k = from; k < bytes.length; k++) if (bytes[k] !== 0) return false;
  return true;
}

export function byteHex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}
