// Values the backend must find again but never keep in clear (national numbers, codes, session and
// handoff tokens) are stored as HMAC-SHA-256 under the operator's HASH_KEY: a leaked database alone
// does not reveal them, and a 6-digit code cannot be brute-forced offline from its hash.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface KeyedHash {
  (purpose: string, value: string): string;
}

export function createKeyedHash(key: Uint8Array): KeyedHash {
  if (key.length < 32) throw new Error('HASH_KEY must hold at least 32 bytes');
  const copy = Buffer.from(key);
  // The purpose is part of the input so the same value hashes differently as a code and as a token.
  return (purpose, value) => createHmac('sha256', copy).update(purpose).update('\0').update(value).digest('base64url');
}

export function timingSafeEqualText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
