// What the card signs: H(H(origin) ‖ H(nonce)), the nonce hashed as its Base64 text (not decoded),
// exactly as Web eID defines it so that any Web eID validator accepts our tokens.
import { createHash } from 'node:crypto';
import type { HashName } from './token-format.ts';

const nodeHash: Record<HashName, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/** H(origin) ‖ H(nonce): the data a verifier hashes once more while checking the signature. */
export function signedValueData(origin: string, nonce: string, hash: HashName): Buffer {
  const name = nodeHash[hash];
  return Buffer.concat([
    createHash(name).update(origin, 'utf8').digest(),
    createHash(name).update(nonce, 'utf8').digest(),
  ]);
}

/** The digest handed to the card: H(H(origin) ‖ H(nonce)). */
export function signedValueDigest(origin: string, nonce: string, hash: HashName): Uint8Array {
  return new Uint8Array(createHash(nodeHash[hash]).update(signedValueData(origin, nonce, hash)).digest());
}

export function nodeHashName(hash: HashName): string {
  return nodeHash[hash];
}
