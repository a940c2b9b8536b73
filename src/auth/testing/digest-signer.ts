// A software stand-in for the card's "sign this digest" operation, for tests and benchmarks: Node
// only signs messages (it hashes them itself), but the card and our TokenSigner receive a digest.
// RSA: PKCS#1 v1.5 over DigestInfo ‖ digest. ECDSA: s = k⁻¹(z + r·d) with BigInt, taking R = k·G from
// node:crypto's native EC code (ECDH public key of the scalar k); only test keys pass through it.
import { constants, createECDH, privateEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import type { CreatedTokenAlgorithm } from '../token-format.ts';
import type { TokenSigner } from '../create-token.ts';

const DIGEST_INFO_PREFIX: Record<number, string> = {
  32: '3031300d060960864801650304020105000420',
  48: '3041300d060960864801650304020205000430',
  64: '3051300d060960864801650304020305000440',
};

interface Curve { readonly ecdh: string; readonly n: bigint; readonly bytes: number }

// Group orders as `openssl ecparam -param_enc explicit` prints them.
const CURVES: Record<string, Curve> = {
  'P-256': { ecdh: 'prime256v1', bytes: 32, n: BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551') },
  'P-384': { ecdh: 'secp384r1', bytes: 48, n: BigInt('0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973') },
  'P-521': { ecdh: 'secp521r1', bytes: 66, n: BigInt('0x1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409') },
};

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

function ecdsaSign(c: Curve, d: bigint, digest: Uint8Array): Uint8Array {
  const nBits = c.n.toString(2).length;
  let z = BigInt(`0x${Buffer.from(digest).toString('hex') || '0'}`);
  if (digest.length * 8 > nBits) z >>= BigInt(digest.length * 8 - nBits);
  for (;;) {
    const k = (BigInt(`0x${randomBytes(c.bytes + 8).toString('hex')}`) % (c.n - 1n)) + 1n;
    const ecdh = createECDH(c.ecdh);
    ecdh.setPrivateKey(Buffer.from(k.toString(16).padStart(2 * c.bytes, '0'), 'hex'));
    const x = BigInt(`0x${ecdh.getPublicKey().subarray(1, 1 + c.bytes).toString('hex')}`);
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
