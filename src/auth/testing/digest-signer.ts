// A software stand-in for the card's "sign this digest" operation, for tests and benchmarks: Node
// only signs messages (it hashes them itself), but the card and our TokenSigner receive a digest.
// RSA: PKCS#1 v1.5 over DigestInfo ‖ digest. ECDSA: textbook ECDSA over the digest with BigInt
// arithmetic, slow but exact; only test keys pass through it.
import { constants, privateEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import type { CreatedTokenAlgorithm } from '../token-format.ts';
import type { TokenSigner } from '../create-token.ts';

const DIGEST_INFO_PREFIX: Record<number, string> = {
  32: '3031300d060960864801650304020105000420',
  48: '3041300d060960864801650304020205000430',
  64: '3051300d060960864801650304020305000440',
};

interface Curve { p: bigint; n: bigint; gx: bigint; gy: bigint; bytes: number }

// Domain parameters (a = -3 for all three) as `openssl ecparam -param_enc explicit` prints them.
const CURVES: Record<string, Curve> = {
  'P-256': curve(
    'ffffffff00000001000000000000000000000000ffffffffffffffffffffffff',
    'ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551',
    '6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296',
    '4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5', 32),
  'P-384': curve(
    'fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff',
    'ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973',
    'aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7',
    '3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f', 48),
  'P-521': curve(
    '1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
    '1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409',
    'c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66',
    '11839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650', 66),
};

function curve(p: string, n: string, gx: string, gy: string, bytes: number): Curve {
  return { p: BigInt(`0x${p}`), n: BigInt(`0x${n}`), gx: BigInt(`0x${gx}`), gy: BigInt(`0x${gy}`), bytes };
}

/** A TokenSigner backed by a software private key, behaving like the card library's `sign(key, digest, hash)`. */
export function digestSigner(privateKey: KeyObject): TokenSigner {
  return async (digest: Uint8Array, _algorithm: CreatedTokenAlgorithm) => {
    if (privateKey.asymmetricKeyType === 'rsa') {
      const prefix = DIGEST_INFO_PREFIX[digest.length];
      if (!prefix) throw new Error('unsupported digest length');
      const block = Buffer.concat([Buffer.from(prefix, 'hex'), digest]);
      return new Uint8Array(privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, block));
    }
    const jwk = privateKey.export({ format: 'jwk' });
    const c = CURVES[jwk.crv ?? ''];
    if (!c || !jwk.d) throw new Error('unsupported key');
    return ecdsaSign(c, BigInt(`0x${Buffer.from(jwk.d, 'base64url').toString('hex')}`), digest);
  };
}

type Jacobian = readonly [bigint, bigint, bigint];

function ecdsaSign(c: Curve, d: bigint, digest: Uint8Array): Uint8Array {
  const nBits = c.n.toString(2).length;
  let z = BigInt(`0x${Buffer.from(digest).toString('hex') || '0'}`);
  if (digest.length * 8 > nBits) z >>= BigInt(digest.length * 8 - nBits);
  for (;;) {
    const k = (BigInt(`0x${randomBytes(c.bytes + 8).toString('hex')}`) % (c.n - 1n)) + 1n;
    const [x] = toAffine(c, multiply(c, k, [c.gx, c.gy, 1n]));
    const r = x % c.n;
    const s = mod(inverse(k, c.n) * (z + r * d), c.n);
    if (r === 0n || s === 0n) continue;
    return new Uint8Array(Buffer.from(r.toString(16).padStart(2 * c.bytes, '0') + s.toString(16).padStart(2 * c.bytes, '0'), 'hex'));
  }
}

const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;

function inverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return mod(oldS, m);
}

function double(c: Curve, [x, y, z]: Jacobian): Jacobian {
  if (z === 0n || y === 0n) return [0n, 1n, 0n];
  const { p } = c;
  const delta = mod(z * z, p);
  const gamma = mod(y * y, p);
  const beta = mod(x * gamma, p);
  const alpha = mod(3n * (x - delta) * (x + delta), p);
  const x3 = mod(alpha * alpha - 8n * beta, p);
  const z3 = mod((y + z) * (y + z) - gamma - delta, p);
  const y3 = mod(alpha * (4n * beta - x3) - 8n * gamma * gamma, p);
  return [x3, y3, z3];
}

function add(c: Curve, a: Jacobian, b: Jacobian): Jacobian {
  if (a[2] === 0n) return b;
  if (b[2] === 0n) return a;
  const { p } = c;
  const [x1, y1, z1] = a;
  const [x2, y2, z2] = b;
  const z1z1 = mod(z1 * z1, p);
  const z2z2 = mod(z2 * z2, p);
  const u1 = mod(x1 * z2z2, p);
  const u2 = mod(x2 * z1z1, p);
  const s1 = mod(y1 * z2 * z2z2, p);
  const s2 = mod(y2 * z1 * z1z1, p);
  if (u1 === u2) return s1 === s2 ? double(c, a) : [0n, 1n, 0n];
  const h = mod(u2 - u1, p);
  const r = mod(s2 - s1, p);
  const h2 = mod(h * h, p);
  const h3 = mod(h * h2, p);
  const u1h2 = mod(u1 * h2, p);
  const x3 = mod(r * r - h3 - 2n * u1h2, p);
  const y3 = mod(r * (u1h2 - x3) - s1 * h3, p);
  const z3 = mod(h * z1 * z2, p);
  return [x3, y3, z3];
}

function multiply(c: Curve, k: bigint, point: Jacobian): Jacobian {
  let result: Jacobian = [0n, 1n, 0n];
  for (const bit of k.toString(2)) {
    result = double(c, result);
    if (bit === '1') result = add(c, result, point);
  }
  return result;
}

function toAffine(c: Curve, [x, y, z]: Jacobian): [bigint, bigint] {
  const zi = inverse(z, c.p);
  const zi2 = mod(zi * zi, c.p);
  return [mod(x * zi2, c.p), mod(y * zi2 * zi, c.p)];
}
