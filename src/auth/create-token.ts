// Client side: bind the card's signature to the configured origin and the backend's nonce, and wrap
// it as a Web eID token that any Web eID validator accepts.
import { verify, X509Certificate } from 'node:crypto';
import { AppError } from '../contract/errors.ts';
import { ecdsaDerToRaw } from './ecdsa-signature.ts';
import { validateLoginInputs } from './login-inputs.ts';
import { signedValueData, signedValueDigest, nodeHashName } from './signed-value.ts';
import { ecdsaFieldBytes, tokenAlgorithmFor } from './token-algorithm.ts';
import { hashOf, TOKEN_FORMAT, type CreatedTokenAlgorithm, type WebEidToken } from './token-format.ts';

/**
 * Signs the digest with the card's authentication key.
 * - `digest` is the bare hash H(H(origin) ‖ H(nonce)) (32/48/64 bytes), NOT a DigestInfo. For RS256
 *   the signer (the card library's `sign(key, digest, 'SHA-256')`) adds the SHA-256 DigestInfo and
 *   makes a PKCS#1 v1.5 signature; for ES* it signs the hash as is.
 * - Returns the PKCS#1 v1.5 signature for RSA, raw r‖s (or DER, converted here) for ECDSA.
 */
export type TokenSigner = (digest: Uint8Array, algorithm: CreatedTokenAlgorithm) => Promise<Uint8Array>;

export interface CreateAuthTokenInput {
  readonly certificateDer: Uint8Array;
  readonly origin: string;
  readonly nonce: string;
  readonly sign: TokenSigner;
  /** URL naming this app and its version, e.g. https://github.com/vivium/eid-companion/releases/0.1.0. */
  readonly appVersion: string;
}

/**
 * Validates origin and nonce before the card is touched (`INVALID_ARGUMENT`), signs, and checks the
 * signature against the certificate before returning it: a card whose key does not match its
 * certificate fails here (`SIGNATURE_INVALID`) instead of at the backend.
 */
export async function createAuthToken(input: CreateAuthTokenInput): Promise<WebEidToken> {
  validateLoginInputs(input.origin, input.nonce);
  if (!/^https:\/\/[\x21-\x7e]{1,250}$/.test(input.appVersion)) {
    throw new AppError('INVALID_ARGUMENT', 'appVersion must be an https URL naming this app and its version');
  }
  const algorithm = tokenAlgorithmFor(input.certificateDer);
  const hash = hashOf(algorithm);
  const signed = await input.sign(signedValueDigest(input.origin, input.nonce, hash), algorithm);
  const signature = normaliseSignature(signed, algorithm);
  const key = new X509Certificate(input.certificateDer).publicKey;
  const data = signedValueData(input.origin, input.nonce, hash);
  const valid = verify(nodeHashName(hash), data, { key, dsaEncoding: 'ieee-p1363' }, signature);
  if (!valid) throw new AppError('SIGNATURE_INVALID', 'the card signature does not verify with its certificate');
  return {
    unverifiedCertificate: Buffer.from(input.certificateDer).toString('base64'),
    algorithm,
    signature: Buffer.from(signature).toString('base64'),
    format: TOKEN_FORMAT,
    appVersion: input.appVersion,
  };
}

function normaliseSignature(signature: Uint8Array, algorithm: CreatedTokenAlgorithm): Uint8Array {
  const fieldBytes = ecdsaFieldBytes(algorithm);
  if (fieldBytes === undefined || signature.length === 2 * fieldBytes) return signature;
  const raw = ecdsaDerToRaw(signature, fieldBytes);
  if (!raw) throw new AppError('SIGNATURE_INVALID', 'the card returned an ECDSA signature of unexpected form');
  return raw;
}
