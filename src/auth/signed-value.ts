// What the card signs: H(H(origin) ‖ H(nonce)), the nonce hashed as its Base64 text (not decoded),
// exactly as Web eID defines it so that any Web eID validator accepts our tokens.
import { hash as digestOf } from 'node:crypto';
import type { TokenHash } from './token-format.ts';

const nodeHash: Record<TokenHash, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/** H(origin) ‖ H(nonce): the data a verifier hashes once more while checking the signature. */
export function signedValueData(origin: string, nonce: string, hash: TokenHash, originHash = originDigest(origin, hash)): Buffer {
  return Buffer.concat([originHash, digestOf(nodeHash[hash], nonce, 'buffer')]);
}

/** H(origin): a server binds its tokens to one origin, so a validator computes this once per origin. */
export function originDigest(origin: string, hash: TokenHash): Buffer {
  return digestOf(nodeHash[hash], origin, 'buffer');
}

/** The digest handed to the card: H(H(origin) ‖ H(nonce)). */
export function signedValueDigest(origin: string, nonce: string, hash: TokenHash): Uint8Array {
  return new Uint8Array(digestOf(nodeHash[hash], signedValueData(origin, nonce, hash), 'buffer'));
}

export function nodeHashName(hash: TokenHash): string {
  return nodeHash[hash];
}
