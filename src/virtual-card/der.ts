// Minimal DER writer for the PKCS#15 files the emulated card carries. The card writes these files; it
// never parses DER, so only encoding lives here.
import { fromHex } from '../card/hex.ts';

export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Hex text (spaces allowed) as bytes; throws on anything else: for the constants of the emulated card. */
export function hexBytes(text: string): Uint8Array {
  const bytes = fromHex(text);
  if (bytes === null) throw new Error(`bad hex: ${text}`);
  return bytes;
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function lengthBytes(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  if (length < 0x100) return Uint8Array.of(0x81, length);
  return Uint8Array.of(0x82, length >> 8, length & 0xff);
}

/** One TLV with a DER length. */
export function tlv(tag: number, ...content: readonly Uint8Array[]): Uint8Array {
  const value = concat(...content);
  return concat(Uint8Array.of(tag), lengthBytes(value.length), value);
}

export const seq = (...content: readonly Uint8Array[]): Uint8Array => tlv(0x30, ...content);
export const octets = (value: Uint8Array | string): Uint8Array => tlv(0x04, typeof value === 'string' ? hexBytes(value) : value);
export const utf8String = (text: string): Uint8Array => tlv(0x0c, utf8(text));
export const bitString = (bytes: string): Uint8Array => tlv(0x03, hexBytes(bytes));
export const boolTrue = (): Uint8Array => hexBytes('01 01 FF');

/** `02 02 hi lo`: the fixed two-byte INTEGER the real PKCS#15 files use for key references and sizes. */
export function integer16(value: number): Uint8Array {
  return Uint8Array.of(0x02, 0x02, (value >> 8) & 0xff, value & 0xff);
}
