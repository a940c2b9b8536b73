// The token algorithm follows from the authentication key, never from configuration: the card can
// only sign with the key it has.
import { X509Certificate, type KeyObject } from 'node:crypto';
import { AppError } from '../contract/errors.ts';
import type { CreatedTokenAlgorithm } from './token-format.ts';

const curveAlgorithm: Record<string, CreatedTokenAlgorithm> = {
  prime256v1: 'ES256',
  secp384r1: 'ES384',
  secp521r1: 'ES512',
};

/** RS256 for RSA keys; ES256 / ES384 / ES512 for P-256 / P-384 / P-521. Throws `INVALID_ARGUMENT` otherwise. */
export function tokenAlgorithmFor(certificateDer: Uint8Array): CreatedTokenAlgorithm {
  let key: KeyObject;
  try {
    key = new X509Certificate(certificateDer).publicKey;
  } catch {
    throw new AppError('INVALID_ARGUMENT', 'not a DER X.509 certificate');
  }
  const algorithm = algorithmForKey(key);
  if (!algorithm) throw new AppError('INVALID_ARGUMENT', 'the certificate key is neither RSA nor ECDSA P-256/P-384/P-521');
  return algorithm;
}

export function algorithmForKey(key: KeyObject): CreatedTokenAlgorithm | undefined {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ec') return curveAlgorithm[key.asymmetricKeyDetails?.namedCurve ?? ''];
  return undefined;
}

/** Bytes of one ECDSA coordinate for the curve an ES algorithm names (P-521 rounds up to 66). */
export function ecdsaFieldBytes(algorithm: string): number | undefined {
  return { ES256: 32, ES384: 48, ES512: 66 }[algorithm];
}
