// Keys for the test PKI and the emulated card. EC keys derive from a seed (HKDF → scalar), so a seeded
// run gets the same keys every time. RSA key generation cannot be seeded: a seeded RSA key is
// generated once and cached under the OS temp directory, keyed by a hash of seed and role.
import {
  createECDH,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  hkdfSync,
  randomBytes,
  webcrypto,
  type KeyObject,
} from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EC_CURVES, type EcCurveName } from './ec-curves.ts';

export type KeyAlgorithm = 'ec-p256' | 'ec-p384' | 'ec-p521' | 'rsa-2048';

/** One key pair, in both forms: node:crypto for the card, WebCrypto for certificate generation. */
export interface KeyMaterial {
  readonly algorithm: KeyAlgorithm;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly webPrivateKey: webcrypto.CryptoKey;
  readonly webPublicKey: webcrypto.CryptoKey;
}

const CURVE_OF: Record<Exclude<KeyAlgorithm, 'rsa-2048'>, EcCurveName> = { 'ec-p256': 'P-256', 'ec-p384': 'P-384', 'ec-p521': 'P-521' };

const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

/** A scalar in [1, n-1]: HKDF output cut to the order's bit length, retried until below the order. */
function deriveScalar(curve: EcCurveName, seed: string, role: string): Buffer {
  const { order, bytes } = EC_CURVES[curve];
  const spareBits = bytes * 8 - order.toString(2).length;
  for (let counter = 0; ; counter++) {
    const candidate = Buffer.from(hkdfSync('sha384', seed, 'eid-virtual-card', `${role}#${counter}`, bytes));
    candidate[0] = (candidate[0] ?? 0) & (0xff >> spareBits);
    const value = BigInt(`0x${candidate.toString('hex')}`);
    if (value > 0n && value < order) return candidate;
  }
}

function ecKeyFromScalar(curve: EcCurveName, scalar: Buffer): KeyObject {
  const { ecdh: name, bytes } = EC_CURVES[curve];
  const ecdh = createECDH(name);
  ecdh.setPrivateKey(scalar);
  const point = ecdh.getPublicKey();
  return createPrivateKey({
    format: 'jwk',
    key: {
      kty: 'EC',
      crv: curve,
      d: b64url(scalar),
      x: b64url(point.subarray(1, 1 + bytes)),
      y: b64url(point.subarray(1 + bytes, 1 + 2 * bytes)),
    },
  });
}

const generateRsa = promisify(generateKeyPair);

async function rsaKey(seed: string | undefined, role: string): Promise<KeyObject> {
  const fresh = async (): Promise<KeyObject> =>
    (await generateRsa('rsa', { modulusLength: 2048, publicExponent: 0x10001 })).privateKey;
  if (seed === undefined) return fresh();
  const dir = join(tmpdir(), 'eid-virtual-card-keys');
  const file = join(dir, `${createHash('sha256').update(`${seed}\0${role}`).digest('hex').slice(0, 32)}.pem`);
  try {
    return createPrivateKey(readFileSync(file, 'utf8'));
  } catch {
    const key = await fresh();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Write then rename: parallel test workers may race for the same seed; either file is whole.
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(temp, key.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    renameSync(temp, file);
    return createPrivateKey(readFileSync(file, 'utf8'));
  }
}

async function withWebKeys(algorithm: KeyAlgorithm, privateKey: KeyObject): Promise<KeyMaterial> {
  const publicKey = createPublicKey(privateKey);
  const params =
    algorithm === 'rsa-2048'
      ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
      : { name: 'ECDSA', namedCurve: CURVE_OF[algorithm] };
  const webPrivateKey = await webcrypto.subtle.importKey(
    'pkcs8',
    privateKey.export({ type: 'pkcs8', format: 'der' }),
    params,
    true,
    ['sign'],
  );
  const webPublicKey = await webcrypto.subtle.importKey(
    'spki',
    publicKey.export({ type: 'spki', format: 'der' }),
    params,
    true,
    ['verify'],
  );
  return { algorithm, privateKey, publicKey, webPrivateKey, webPublicKey };
}

/**
 * The key for `role` (e.g. "pki:root", "card:authentication"). With a seed the result is reproducible;
 * without one it is fresh randomness.
 */
export async function keyFor(algorithm: KeyAlgorithm, seed: string | undefined, role: string): Promise<KeyMaterial> {
  if (algorithm === 'rsa-2048') return withWebKeys(algorithm, await rsaKey(seed, role));
  const curve = CURVE_OF[algorithm];
  const scalar = deriveScalar(curve, seed ?? randomBytes(32).toString('hex'), role);
  return withWebKeys(algorithm, ecKeyFromScalar(curve, scalar));
}

/** Reproducible bytes for identifiers (serial numbers, chip numbers) from a seed, random without one. */
export function seededBytes(seed: string | undefined, role: string, length: number): Buffer {
  if (seed === undefined) return randomBytes(length);
  return Buffer.from(hkdfSync('sha256', seed, 'eid-virtual-card', `bytes:${role}`, length));
}
