// Keys for the test PKI and the emulated card. EC P-384 keys derive from a seed (HKDF → scalar), so
// a seeded run gets the same keys every time. RSA key generation cannot be seeded: a seeded RSA key is
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

export type KeyAlgorithm = 'ec-p384' | 'rsa-2048';

/** One key pair, in both forms: node:crypto for the card, WebCrypto for certificate generation. */
export interface KeyMaterial {
  readonly algorithm: KeyAlgorithm;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly webPrivateKey: webcrypto.CryptoKey;
  readonly webPublicKey: webcrypto.CryptoKey;
}

// Order of the P-384 group: a derived scalar must lie in [1, n-1].
const P384_ORDER = BigInt(
  '0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973',
);

const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

function deriveP384Scalar(seed: string, role: string): Buffer {
  for (let counter = 0; ; counter++) {
    const candidate = Buffer.from(hkdfSync('sha384', seed, 'eid-virtual-card', `${role}#${counter}`, 48));
    const value = BigInt(`0x${candidate.toString('hex')}`);
    if (value > 0n && value < P384_ORDER) return candidate;
  }
}

function p384FromScalar(scalar: Buffer): KeyObject {
  const ecdh = createECDH('secp384r1');
  ecdh.setPrivateKey(scalar);
  const point = ecdh.getPublicKey();
  return createPrivateKey({
    format: 'jwk',
    key: {
      kty: 'EC',
      crv: 'P-384',
      d: b64url(scalar),
      x: b64url(point.subarray(1, 49)),
      y: b64url(point.subarray(49, 97)),
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
    algorithm === 'ec-p384'
      ? { name: 'ECDSA', namedCurve: 'P-384' }
      : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
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
 * The key for `role` (e.g. "root", "card:auth"). With a seed the result is reproducible; without one
 * it is fresh randomness.
 */
export async function keyFor(algorithm: KeyAlgorithm, seed: string | undefined, role: string): Promise<KeyMaterial> {
  if (algorithm === 'ec-p384') {
    const scalar = seed === undefined ? deriveP384Scalar(randomBytes(32).toString('hex'), role) : deriveP384Scalar(seed, role);
    return withWebKeys(algorithm, p384FromScalar(scalar));
  }
  return withWebKeys(algorithm, await rsaKey(seed, role));
}

/** Reproducible bytes for identifiers (serial numbers, chip numbers) from a seed, random without one. */
export function seededBytes(seed: string | undefined, role: string, length: number): Buffer {
  if (seed === undefined) return randomBytes(length);
  return Buffer.from(hkdfSync('sha256', seed, 'eid-virtual-card', `bytes:${role}`, length));
}
