// EF(ID#Address) (DF01 4033): street and number, postal code, municipality; zero padded on the card.
import { decodeField } from './identity-file.ts';
import { parseFailure, parsed, type ParseResult } from './parse-result.ts';
import { parseSimpleTlv } from './simple-tlv.ts';

export interface Address {
  streetAndNumber?: string;
  zip?: string;
  municipality?: string;
}

const TAGS: ReadonlyMap<number, keyof Address> = new Map([
  [0x01, 'streetAndNumber'],
  [0x02, 'zip'],
  [0x03, 'municipality'],
]);

export function parseAddress(bytes: Uint8Array): ParseResult<Address> {
  const tlv = parseSimpleTlv(bytes);
  if (!tlv.ok) return tlv;
  const address: Address = {};
  for (const record of tlv.value) {
    const field = TAGS.get(record.tag);
    if (!field) continue;
    const decoded = decodeField(record, 'text');
    if (!decoded.ok) return decoded;
    if (typeof decoded.value === 'string') address[field] = decoded.value;
  }
  if (Object.keys(address).length === 0) return parseFailure({ kind: 'missing-field', message: 'address file holds no address' });
  return parsed(address);
}

/** The address bytes the National Register signed: the file without its trailing zero padding. */
export function trimZeroPadding(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return bytes.subarray(0, end);
}
