// Checks that one certificate (or OCSP response) was signed by a given key. Only the algorithms
// Belgian and other eID PKIs use today; SHA-1 is refused.
import { verify, type KeyObject } from 'node:crypto';

const SIGNATURE_HASH: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'sha256', // ecdsa-with-SHA256
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.113549.1.1.11': 'sha256', // sha256WithRSAEncryption
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};

/** True when `signature` (X.509 encoding: DER for ECDSA) over `data` verifies with `key` under the algorithm OID. */
export function verifyX509Signature(algorithmOid: string, data: Uint8Array, signature: Uint8Array, key: KeyObject): boolean {
  const hash = SIGNATURE_HASH[algorithmOid];
  if (!hash) return false;
  const isEcdsa = algorithmOid.startsWith('1.2.840.10045.');
  if (isEcdsa !== (key.asymmetricKeyType === 'ec')) return false;
  try {
    return verify(hash, data, isEcdsa ? { key, dsaEncoding: 'der' } : key, signature);
  } catch {
    return false;
  }
}
