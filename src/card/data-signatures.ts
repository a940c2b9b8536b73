// The National Register (RRN) signs the identity and address files; the identity file holds the photo
// hash and, on 1.8, the basic key hash. Checked with node:crypto (main process only). Per
// BELPIC-NOTES §4.5: 1.7 cards sign with RSA PKCS#1 v1.5 over SHA-1 (re-signed cards: SHA-256);
// 1.8 and re-keyed 1.7 cards with ECDSA P-384 / SHA-384, the DER signature zero-padded in its file.
// The address signature covers the address without trailing zeros followed by the whole SGN#ID file.
import { X509Certificate, createHash, verify, type KeyObject } from 'node:crypto';
import { trimZeroPadding } from './address-file.ts';

export type SignatureCheck = { valid: true; algorithm: string } | { valid: false; reason: string };

export interface DataFiles {
  readonly identity: Uint8Array;
  readonly identitySignature: Uint8Array;
  readonly address: Uint8Array;
  readonly addressSignature: Uint8Array;
  readonly rrnCertificate: Uint8Array;
}

export function verifyIdentitySignature(files: Pick<DataFiles, 'identity' | 'identitySignature' | 'rrnCertificate'>): SignatureCheck {
  return verifyRrn(files.identity, files.identitySignature, files.rrnCertificate);
}

export function verifyAddressSignature(files: DataFiles): SignatureCheck {
  const signed = Buffer.concat([trimZeroPadding(files.address), files.identitySignature]);
  return verifyRrn(signed, files.addressSignature, files.rrnCertificate);
}

/** Photo hash (tag 11): the algorithm follows from its length (SHA-1, SHA-256, SHA-384). */
export function verifyPhotoHash(photo: Uint8Array, expectedHex: string): SignatureCheck {
  return verifyHash(photo, expectedHex);
}

/** 1.8: tag 1A is SHA-384 of the basic public key file (DF01 4040). */
export function verifyBasicKeyHash(basicKeyFile: Uint8Array, expectedHex: string): SignatureCheck {
  return verifyHash(basicKeyFile, expectedHex);
}

const HASH_BY_LENGTH: Readonly<Record<number, string>> = { 20: 'sha1', 32: 'sha256', 48: 'sha384', 64: 'sha512' };

function verifyHash(data: Uint8Array, expectedHex: string): SignatureCheck {
  const algorithm = HASH_BY_LENGTH[expectedHex.length / 2];
  if (!algorithm) return { valid: false, reason: `unexpected hash length ${expectedHex.length / 2}` };
  const actual = createHash(algorithm).update(data).digest('hex');
  return actual.toUpperCase() === expectedHex.toUpperCase() ? { valid: true, algorithm } : { valid: false, reason: 'hash differs' };
}

function verifyRrn(data: Uint8Array, signatureFile: Uint8Array, certificate: Uint8Array): SignatureCheck {
  let key: KeyObject;
  try {
    key = new X509Certificate(Buffer.from(certificate)).publicKey;
  } catch {
    return { valid: false, reason: 'RRN certificate unreadable' };
  }
  try {
    if (key.asymmetricKeyType === 'rsa') {
      const size = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
      const signature = signatureFile.subarray(0, size || signatureFile.length);
      for (const hash of ['sha1', 'sha256']) {
        if (verify(hash, data, key, signature)) return { valid: true, algorithm: `RSA/${hash.toUpperCase()}` };
      }
      return { valid: false, reason: 'RSA signature does not verify' };
    }
    if (key.asymmetricKeyType === 'ec') {
      const length = derSignatureLength(signatureFile);
      if (length === null) return { valid: false, reason: 'ECDSA signature is not DER' };
      const signature = signatureFile.subarray(0, length);
      if (verify('sha384', data, { key, dsaEncoding: 'der' }, signature)) return { valid: true, algorithm: 'ECDSA/SHA-384' };
      return { valid: false, reason: 'ECDSA signature does not verify' };
    }
    return { valid: false, reason: `unsupported RRN key type ${key.asymmetricKeyType}` };
  } catch (error) {
    return { valid: false, reason: `signature check failed: ${(error as Error).message}` };
  }
}

/** Length of the zero-padded DER ECDSA-Sig-Value (`byte[1] + 2`, card content §6.2.5). */
function derSignatureLength(file: Uint8Array): number | null {
  if (file.length < 2 || file[0] !== 0x30) return null;
  const first = file[1]!;
  if (first < 0x80) return 2 + first <= file.length ? 2 + first : null;
  if (first === 0x81 && file.length >= 3) return 3 + file[2]! <= file.length ? 3 + file[2]! : null;
  return null;
}
