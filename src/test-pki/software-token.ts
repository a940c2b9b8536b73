// The card's "sign this digest" with a software key, for the auth tests and benchmarks: Node only
// signs messages (it hashes them itself), but the card and our TokenSigner receive a digest. RSA signs
// PKCS#1 v1.5 over DigestInfo ‖ digest, as the card library asks an RSA card to; ECDSA the bare digest.
import type { KeyObject } from 'node:crypto';
import { createAuthToken, type TokenSigner } from '../auth/create-token.ts';
import type { WebEidToken } from '../auth/token-format.ts';
import { DIGEST_INFO_PREFIX, DIGEST_LENGTH, type HashAlgorithm } from '../card/digest-info.ts';
import { ecdsaSignDigest, rsaPkcs1Sign } from './digest-signing.ts';
import type { Credential } from './test-pki.ts';

export const TEST_ORIGIN = 'https://login.myvivium.test';
export const TEST_NONCE = 'q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c=';

/** A TokenSigner backed by a software private key, behaving like the card library's `sign(key, digest, hash)`. */
export function digestSigner(privateKey: KeyObject): TokenSigner {
  return async (digest: Uint8Array) => {
    if (privateKey.asymmetricKeyType !== 'rsa') return ecdsaSignDigest(privateKey, digest);
    const hash = (Object.keys(DIGEST_LENGTH) as HashAlgorithm[]).find((h) => DIGEST_LENGTH[h] === digest.length);
    if (!hash) throw new Error(`no hash makes a ${digest.length}-byte digest`);
    return rsaPkcs1Sign(privateKey, new Uint8Array([...DIGEST_INFO_PREFIX[hash], ...digest]));
  };
}

/** A token made by the real client code path, signed with the user's software key. */
export function tokenFor(user: Credential, origin = TEST_ORIGIN, nonce = TEST_NONCE): Promise<WebEidToken> {
  return createAuthToken({
    certificateDer: user.der,
    origin,
    nonce,
    sign: digestSigner(user.key.privateKey),
    appVersion: 'https://github.com/vivium/eid-companion/releases/test',
  });
}
