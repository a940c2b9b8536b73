// The identity (DF01 4031) and address (DF01 4033) files in the card's simplified TLV format:
// tag(1) length value, tags ascending, lengths ≥ 255 continued with FF bytes.
import { concat, utf8 } from './der.ts';
import type { Holder } from './holder.ts';

export function simpleTlv(tag: number, value: Uint8Array | string): Uint8Array {
  const bytes = typeof value === 'string' ? utf8(value) : value;
  const length: number[] = [];
  let rest = bytes.length;
  while (rest >= 255) {
    length.push(0xff);
    rest -= 255;
  }
  length.push(rest);
  return concat(Uint8Array.of(tag, ...length), bytes);
}

/** Every TLV record of a simplified-TLV file, stopping at the zero padding. Total: never throws. */
export function simpleTlvRecords(file: Uint8Array): { tag: number; bytes: Uint8Array }[] {
  const records: { tag: number; bytes: Uint8Array }[] = [];
  let offset = 0;
  while (offset < file.length) {
    const start = offset;
    const tag = file[offset++] ?? 0;
    if (tag === 0 && start > 0) break; // padding
    let length = 0;
    let byte = 0xff;
    while (byte === 0xff && offset < file.length) {
      byte = file[offset++] ?? 0;
      length += byte;
    }
    if (offset + length > file.length) break;
    offset += length;
    records.push({ tag, bytes: file.subarray(start, offset) });
  }
  return records;
}

/** DD.MM.YYYY in UTC, as the card writes validity dates. */
export function cardDate(date: Date): string {
  const dd = String(date.getUTCDate()).padStart(2, '0');
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}.${mm}.${date.getUTCFullYear()}`;
}

export interface IdentityFileInput {
  readonly holder: Holder;
  readonly chipNumber: Uint8Array;
  readonly validFrom: Date;
  readonly validUntil: Date;
  readonly photoHash: Uint8Array;
  /** SHA-384 of EF 4040 (tag 1A), 1.8 only. */
  readonly basicKeyHash?: Uint8Array;
}

export function identityFile(input: IdentityFileInput): Uint8Array {
  const { holder } = input;
  const records = [
    simpleTlv(0x01, holder.cardNumber),
    simpleTlv(0x02, input.chipNumber),
    simpleTlv(0x03, cardDate(input.validFrom)),
    simpleTlv(0x04, cardDate(input.validUntil)),
    simpleTlv(0x05, holder.issuingMunicipality),
    simpleTlv(0x06, holder.nationalNumber),
    simpleTlv(0x07, holder.surname),
    simpleTlv(0x08, holder.firstNames),
    simpleTlv(0x09, holder.thirdNameInitial),
    simpleTlv(0x0a, holder.nationality),
    simpleTlv(0x0b, holder.placeOfBirth),
    simpleTlv(0x0c, holder.dateOfBirth),
    simpleTlv(0x0d, holder.gender),
    simpleTlv(0x0e, ''),
    simpleTlv(0x0f, '01'),
    simpleTlv(0x10, '0'),
    simpleTlv(0x11, input.photoHash),
  ];
  if (input.basicKeyHash) records.push(simpleTlv(0x1a, input.basicKeyHash));
  return concat(...records); // the identity file is not padded
}

/** Address files are zero-padded to a fixed 117 bytes. */
export const ADDRESS_FILE_SIZE = 117;

export function addressFile(holder: Holder): Uint8Array {
  const { address } = holder;
  const records = concat(
    simpleTlv(0x01, address.streetAndNumber),
    simpleTlv(0x02, address.zip),
    simpleTlv(0x03, address.municipality),
  );
  const file = new Uint8Array(Math.max(ADDRESS_FILE_SIZE, records.length));
  file.set(records);
  return file;
}

/** The address as the RRN signs it: without its trailing zero padding. */
export function trimTrailingZeros(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return bytes.subarray(0, end);
}
