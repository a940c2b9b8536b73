// The card's private-key operations. The card never hashes: it signs the digest (or DigestInfo) the
// host sends, so the usual "hash then sign" APIs do not fit. RSA goes through raw private-key
// operations with the padding built here; ECDSA computes s = k⁻¹(e + r·d) with BigInt, taking R = k·G
// from node:crypto's native EC code.
import {
  constants,
  createECDH,
  createHash,
  privateEncrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

const P384_ORDER = BigInt(
  '0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973',
);

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

/** ECDSA P-384 over a digest the caller already computed; plain r‖s (96 bytes), as the card answers. */
export function ecdsaSignDigest(privateKey: KeyObject, digest: Uint8Array): Uint8Array {
  const jwk = privateKey.export({ format: 'jwk' });
  if (jwk.crv !== 'P-384' || typeof jwk.d !== 'string') throw new Error('not a P-384 private key');
  const d = toBigInt(Buffer.from(jwk.d, 'base64url'));
  // A digest longer than the order is cut to its leftmost 384 bits (FIPS 186-4 §6.4).
  const e = toBigInt(digest.subarray(0, 48));
  for (;;) {
    const k = toBigInt(randomBytes(48)) % P384_ORDER;
    if (k === 0n) continue;
    const ecdh = createECDH('secp384r1');
    ecdh.setPrivateKey(toBytes(k, 48));
    const r = toBigInt(ecdh.getPublicKey().subarray(1, 49)) % P384_ORDER;
    if (r === 0n) continue;
    const s = (modPow(k, P384_ORDER - 2n, P384_ORDER) * ((e + r * d) % P384_ORDER)) % P384_ORDER;
    if (s === 0n) continue;
    return new Uint8Array(Buffer.concat([toBytes(r, 48), toBytes(s, 48)]));
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
