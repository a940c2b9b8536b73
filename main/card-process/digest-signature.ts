// Does a signature the card made over a bare digest verify with a certificate's public key? The card
// process only sees the digest (the data was hashed by the caller), and Node's crypto.verify always
// hashes its input, so the check is done on the digest itself: RSA by opening the PKCS#1 v1.5 block,
// ECDSA (P-256/P-384) with a small BigInt verifier. Used to bind a cached authentication certificate
// to the card it was cached for. Never throws: anything malformed is "does not verify".
import { X509Certificate, createECDH, constants, publicDecrypt, timingSafeEqual } from 'node:crypto';
import { DIGEST_INFO_PREFIX } from '../../src/card/digest-info.ts';
import { ecdsaDerToRaw } from '../../src/auth/ecdsa-signature.ts';
import type { HashName } from '../../src/companion/card-port.ts';

export function verifiesDigest(certificateDer: Uint8Array, hash: HashName, digest: Uint8Array, signature: Uint8Array): boolean {
  try {
    const key = new X509Certificate(certificateDer).publicKey;
    if (key.asymmetricKeyType === 'rsa') {
      const block = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, signature);
      const expected = Buffer.concat([DIGEST_INFO_PREFIX[hash], digest]);
      return block.length === expected.length && timingSafeEqual(block, expected);
    }
    if (key.asymmetricKeyType !== 'ec') return false;
    const jwk = key.export({ format: 'jwk' });
    const curve = jwk.crv === 'P-384' ? P384 : jwk.crv === 'P-256' ? P256 : null;
    if (!curve || !jwk.x || !jwk.y) return false;
    const raw = signature.length === 2 * curve.bytes ? signature : ecdsaDerToRaw(signature, curve.bytes);
    if (!raw) return false;
    const q = { x: toBig(Buffer.from(jwk.x, 'base64url')), y: toBig(Buffer.from(jwk.y, 'base64url')) };
    return ecdsaVerify(curve, q, digest, toBig(raw.subarray(0, curve.bytes)), toBig(raw.subarray(curve.bytes)));
  } catch {
    return false;
  }
}

interface Curve {
  readonly p: bigint;
  readonly n: bigint;
  readonly g: Affine;
  readonly bytes: number;
}
interface Affine {
  readonly x: bigint;
  readonly y: bigint;
}
type Jacobian = readonly [bigint, bigint, bigint];

/** Prime, order and base point (the base point from OpenSSL: the public key of private key 1). */
function curve(name: string, p: bigint, n: bigint, bytes: number): Curve {
  const ecdh = createECDH(name);
  ecdh.setPrivateKey(Buffer.from([1]));
  const g = ecdh.getPublicKey();
  return { p, n, bytes, g: { x: toBig(g.subarray(1, 1 + bytes)), y: toBig(g.subarray(1 + bytes)) } };
}
const P256 = curve('prime256v1', 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n, 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n, 32);
const P384 = curve(
  'secp384r1',
  2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
  0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  48,
);

function ecdsaVerify(c: Curve, q: Affine, digest: Uint8Array, r: bigint, s: bigint): boolean {
  if (r <= 0n || r >= c.n || s <= 0n || s >= c.n) return false;
  // The digest's leftmost bits, as many as the order has (FIPS 186-4 §6.4).
  let e = toBig(digest);
  const extra = digest.length * 8 - c.n.toString(2).length;
  if (extra > 0) e >>= BigInt(extra);
  const w = inverse(s, c.n);
  const sum = add(c, multiply(c, c.g, (e * w) % c.n), multiply(c, q, (r * w) % c.n));
  if (sum[2] === 0n) return false;
  const zInv = inverse(sum[2], c.p);
  const x = (sum[0] * zInv * zInv) % c.p;
  return x % c.n === r;
}

const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;

function inverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const quotient = oldR / r;
    [oldR, r] = [r, oldR - quotient * r];
    [oldS, s] = [s, oldS - quotient * s];
  }
  return mod(oldS, m);
}

/** Jacobian doubling for a = −3 (both NIST curves). */
function double(c: Curve, [x, y, z]: Jacobian): Jacobian {
  if (y === 0n || z === 0n) return [0n, 1n, 0n];
  const p = c.p;
  const zz = (z * z) % p;
  const m = mod(3n * (x - zz) * (x + zz), p);
  const yy = (y * y) % p;
  const s = (4n * x * yy) % p;
  const x3 = mod(m * m - 2n * s, p);
  const y3 = mod(m * (s - x3) - 8n * yy * yy, p);
  return [x3, y3, (2n * y * z) % p];
}

function add(c: Curve, a: Jacobian, b: Jacobian): Jacobian {
  if (a[2] === 0n) return b;
  if (b[2] === 0n) return a;
  const p = c.p;
  const [x1, y1, z1] = a;
  const [x2, y2, z2] = b;
  const z1z1 = (z1 * z1) % p;
  const z2z2 = (z2 * z2) % p;
  const u1 = (x1 * z2z2) % p;
  const u2 = (x2 * z1z1) % p;
  const s1 = (y1 * z2 * z2z2) % p;
  const s2 = (y2 * z1 * z1z1) % p;
  if (u1 === u2) return s1 === s2 ? double(c, a) : [0n, 1n, 0n];
  const h = mod(u2 - u1, p);
  const r = mod(s2 - s1, p);
  const hh = (h * h) % p;
  const hhh = (h * hh) % p;
  const v = (u1 * hh) % p;
  const x3 = mod(r * r - hhh - 2n * v, p);
  const y3 = mod(r * (v - x3) - s1 * hhh, p);
  return [x3, y3, (z1 * z2 * h) % p];
}

function multiply(c: Curve, point: Affine, k: bigint): Jacobian {
  let result: Jacobian = [0n, 1n, 0n];
  const base: Jacobian = [point.x, point.y, 1n];
  for (const bit of k.toString(2)) {
    result = double(c, result);
    if (bit === '1') result = add(c, result, base);
  }
  return result;
}

function toBig(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}
