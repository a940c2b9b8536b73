// Checks the token's signature over H(origin) ‖ H(nonce) with the certificate's key. The algorithm
// must match the key (an ES256 claim on a P-384 key is refused, not reinterpreted).
import { constants, verify, type KeyObject } from 'node:crypto';
import { nodeHashName, signedValueData } from './signed-value.ts';
import { ecdsaFieldBytes } from './token-algorithm.ts';
import { hashOf, type TokenAlgorithm } from './token-format.ts';

const CURVE_OF: Record<string, string> = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' };
const MIN_RSA_BITS = 2048;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function verifyTokenSignature(
  key: KeyObject,
  algorithm: TokenAlgorithm,
  signature: Uint8Array,
  origin: string,
  nonce: string,
  /** H(origin), when the caller keeps it (see signedValueData). */
  originHash?: Buffer,
): SignatureCheck {
  const hash = hashOf(algorithm);
  const data = signedValueData(origin, nonce, hash, originHash);
  const details = key.asymmetricKeyDetails;
  let valid: boolean;
  if (algorithm.startsWith('ES')) {
    if (key.asymmetricKeyType !== 'ec' || details?.namedCurve !== CURVE_OF[algorithm]) {
      return { ok: false, reason: `${algorithm} does not match the certificate key` };
    }
    if (signature.length !== 2 * ecdsaFieldBytes(algorithm)!) return { ok: false, reason: 'ECDSA signature has the wrong length' };
    valid = verify(nodeHashName(hash), data, { key, dsaEncoding: 'ieee-p1363' }, signature);
  } else {
    if (key.asymmetricKeyType !== 'rsa' || (details?.modulusLength ?? 0) < MIN_RSA_BITS) {
      return { ok: false, reason: `${algorithm} needs an RSA key of at least ${MIN_RSA_BITS} bits` };
    }
    if (signature.length !== Math.ceil((details?.modulusLength ?? 0) / 8)) return { ok: false, reason: 'RSA signature has the wrong length' };
    // PS*: MGF1 with the same hash and a salt as long as the hash, as Web eID specifies.
    const pss = algorithm.startsWith('PS')
      ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
      : {};
    valid = verify(nodeHashName(hash), data, { key, ...pss }, signature);
  }
  return valid ? { ok: true } : { ok: false, reason: 'signature does not verify' };
}
