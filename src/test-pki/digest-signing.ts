// Signing a digest someone else computed, as a card does: the card never hashes, it signs the digest
// (or DigestInfo) the host sends, so the usual "hash then sign" APIs do not fit. The virtual card and
// the tests' software signers (software-token.ts) both sign here. RSA goes through raw private-key
// operations with the padding built here; ECDSA computes s = k⁻¹(e + r·d) with BigInt, taking R = k·G
// from node:crypto's native EC code. Only test keys pass through it.
import {
  constants,
  createECDH,
  createHash,
  privateEncrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { EC_CURVES, isEcCurveName } from './ec-curves.ts';

const toBigInt = (bytes: Uint8Array): bigint => (bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`));

function toBytes(value: bigint, length: number): Buffer {
  return Buffer.from(value.toString(16).padStart(length * 2, '0'), 'hex');
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

/** ECDSA (P-256, P-384 or P-521) over a digest the caller already computed; plain r‖s, as the card answers. */
export function ecdsaSignDigest(privateKey: KeyObject, digest: Uint8Array): Uint8Array {
  const jwk = privateKey.export({ format: 'jwk' });
  if (!isEcCurveName(jwk.crv) || typeof jwk.d !== 'string') throw new Error('not a P-256, P-384 or P-521 private key');
  const { ecdh: curveName, order: n, bytes } = EC_CURVES[jwk.crv];
  const d = toBigInt(Buffer.from(jwk.d, 'base64url'));
  // A digest longer than the order is cut to its leftmost bits (FIPS 186-4 §6.4).
  const orderBits = n.toString(2).length;
  let e = toBigInt(digest);
  if (digest.length * 8 > orderBits) e >>= BigInt(digest.length * 8 - orderBits);
  for (;;) {
    const k = toBigInt(randomBytes(bytes + 8)) % n;
    if (k === 0n) continue;
    const ecdh = createECDH(curveName);
    ecdh.setPrivateKey(toBytes(k, bytes));
    const r = toBigInt(ecdh.getPublicKey().subarray(1, 1 + bytes)) % n;
    if (r === 0n) continue;
    const s = (modPow(k, n - 2n, n) * ((e + r * d) % n)) % n;
    if (s === 0n) continue;
    return new Uint8Array(Buffer.concat([toBytes(r, bytes), toBytes(s, bytes)]));
  }
}

/** RSASSA-PKCS1-v1_5 over data the host prepared (DigestInfo ‖ hash, or anything ≤ k − 11 bytes). */
export function rsaPkcs1Sign(privateKey: KeyObject, data: Uint8Array): Uint8Array {
  return new Uint8Array(privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, data));
}

function mgf1(hash: 'sha1' | 'sha256', seed: Uint8Array, length: number): Buffer {
  const chunks: Buffer[] = [];
  for (let counter = 0; chunks.length * (hash === 'sha1' ? 20 : 32) < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    chunks.push(createHash(hash).update(seed).update(c).digest());
  }
  return Buffer.concat(chunks).subarray(0, length);
}

/** RSASSA-PSS (RFC 8017 §9.1) over a digest, salt length = digest length, MGF1 with the same hash. */
export function rsaPssSignDigest(privateKey: KeyObject, hash: 'sha1' | 'sha256', digest: Uint8Array): Uint8Array {
  const modulusBits = privateKey.asymmetricKeyDetails?.modulusLength ?? 2048;
  const emBits = modulusBits - 1;
  const emLength = Math.ceil(emBits / 8);
  const hLength = digest.length;
  const salt = randomBytes(hLength);
  const h = createHash(hash).update(Buffer.alloc(8)).update(digest).update(salt).digest();
  const db = Buffer.concat([Buffer.alloc(emLength - 2 * hLength - 2), Buffer.of(0x01), salt]);
  const mask = mgf1(hash, h, db.length);
  for (let i = 0; i < db.length; i++) db[i] = (db[i] ?? 0) ^ (mask[i] ?? 0);
  db[0] = (db[0] ?? 0) & (0xff >> (8 * emLength - emBits));
  const em = Buffer.concat([db, h, Buffer.of(0xbc)]);
  const block = Buffer.concat([Buffer.alloc(Math.ceil(modulusBits / 8) - em.length), em]);
  return new Uint8Array(privateEncrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, block));
}
