// A software stand-in for a card's authentication key, for backend tests and the load benchmark: a key
// pair made with Node's crypto, its certificate issued by the virtual card's test PKI, and Web eID
// tokens made by src/auth's createAuthToken exactly as the app makes them from a card.
import { generateKeyPairSync, sign } from 'node:crypto';
import { createAuthToken, signedValueData, type WebEidToken } from '../../src/auth/index.ts';
import type { CertificateValidity, TestPki } from '../../src/test-pki/test-pki.ts';

export type SoftwareKeyType = 'rsa' | 'p384';

export interface SoftwareEid {
  readonly certificateDer: Uint8Array;
  token(origin: string, nonce: string): Promise<WebEidToken>;
}

export async function createSoftwareEid(
  pki: TestPki,
  options: { keyType: SoftwareKeyType; nationalNumber?: string; surname?: string; firstNames?: string; validity?: CertificateValidity },
): Promise<SoftwareEid> {
  const { privateKey, publicKey } =
    options.keyType === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
  const issued = await pki.issueCitizenCertificate({
    holder: { surname: options.surname ?? 'Specimen', firstNames: options.firstNames ?? 'Eva Demo', nationalNumber: options.nationalNumber ?? '85051200203' },
    purpose: 'authentication',
    publicKey,
    validity: options.validity ?? 'valid',
  });
  return {
    certificateDer: issued.der,
    token: (origin, nonce) =>
      createAuthToken({
        certificateDer: issued.der,
        origin,
        nonce,
        appVersion: 'https://github.com/vivium/eid-companion/releases/0.1.0',
        // Node cannot sign a bare digest with ECDSA, so the software key signs H(origin) ‖ H(nonce) with
        // the algorithm's hash — the same signature a card makes over the digest it is given.
        sign: async (_digest, algorithm) => {
          const hash = algorithm === 'RS256' || algorithm === 'ES256' ? 'SHA-256' : algorithm === 'ES384' ? 'SHA-384' : 'SHA-512';
          return sign(hash.replace('-', '').toLowerCase(), signedValueData(origin, nonce, hash), { key: privateKey, dsaEncoding: 'ieee-p1363' });
        },
      }),
  };
}
