// Throw-away PKIs for the auth tests and benchmark: CAs, user authentication certificates shaped
// like Belgian ones (with knobs to break each property the validator checks), OCSP responder
// certificates, and tokens made through the real createAuthToken.
import 'reflect-metadata'; // @peculiar/x509 needs the Reflect metadata polyfill loaded first
import { KeyObject, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { createAuthToken } from '../create-token.ts';
import type { WebEidToken } from '../token-format.ts';
import { digestSigner } from './digest-signer.ts';

const crypto = webcrypto as unknown as Crypto;
const DAY = 86_400_000;

export const KeyUsageFlags = x509.KeyUsageFlags;

/** An extension with an arbitrary OID and DER value (here: an empty SEQUENCE), e.g. an unknown critical one. */
export function opaqueExtension(oid: string, critical: boolean): x509.Extension {
  return new x509.Extension(oid, critical, new Uint8Array([0x30, 0x00]));
}

export type TestKeyType = 'P-256' | 'P-384' | 'P-521' | 'RSA-2048';

export interface TestCredential {
  readonly certificate: x509.X509Certificate;
  readonly der: Uint8Array;
  readonly pem: string;
  readonly keys: CryptoKeyPair;
  readonly privateKey: KeyObject;
  readonly signingAlgorithm: Algorithm | EcdsaParams;
}

export const EKU = {
  clientAuth: '1.3.6.1.5.5.7.3.2',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
} as const;

export const TEST_ORIGIN = 'https://login.myvivium.test';
export const TEST_NONCE = 'q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c=';

async function keyPair(type: TestKeyType): Promise<{ keys: CryptoKeyPair; signingAlgorithm: Algorithm | EcdsaParams }> {
  if (type === 'RSA-2048') {
    const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
    return { keys: await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']), signingAlgorithm: algorithm };
  }
  const hash = { 'P-256': 'SHA-256', 'P-384': 'SHA-384', 'P-521': 'SHA-512' }[type];
  return {
    keys: await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: type }, true, ['sign', 'verify']),
    signingAlgorithm: { name: 'ECDSA', hash } as EcdsaParams,
  };
}

async function issue(
  params: { subject: x509.JsonName; issuer?: TestCredential; keyType: TestKeyType; notBefore: Date; notAfter: Date; extensions: x509.Extension[]; serialNumber?: string },
): Promise<TestCredential> {
  const { keys, signingAlgorithm } = await keyPair(params.keyType);
  const signer = params.issuer ?? { keys, signingAlgorithm, certificate: undefined };
  const extensions = [
    ...params.extensions,
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
    ...(params.issuer
      ? [await x509.AuthorityKeyIdentifierExtension.create(params.issuer.keys.publicKey, false, crypto)]
      : []),
  ];
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: params.serialNumber ?? `01${Buffer.from(crypto.getRandomValues(new Uint8Array(12))).toString('hex')}`,
    subject: params.subject,
    issuer: params.issuer ? params.issuer.certificate.subjectName : params.subject,
    notBefore: params.notBefore,
    notAfter: params.notAfter,
    publicKey: keys.publicKey,
    signingKey: signer.keys.privateKey,
    signingAlgorithm: signer.signingAlgorithm,
    extensions,
  }, crypto);
  return {
    certificate,
    der: new Uint8Array(certificate.rawData),
    pem: certificate.toString('pem'),
    keys,
    privateKey: KeyObject.from(keys.privateKey),
    signingAlgorithm,
  };
}

export interface CaRequest {
  readonly name: string;
  readonly issuer?: TestCredential;
  readonly keyType?: TestKeyType;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly pathLength?: number;
  readonly extraExtensions?: readonly x509.Extension[];
}

export function createTestCa(request: CaRequest): Promise<TestCredential> {
  return issue({
    subject: [{ '2.5.4.6': ['BE'] }, { '2.5.4.3': [request.name] }],
    ...(request.issuer ? { issuer: request.issuer } : {}),
    keyType: request.keyType ?? 'P-384',
    notBefore: request.notBefore ?? new Date(Date.now() - 365 * DAY),
    notAfter: request.notAfter ?? new Date(Date.now() + 10 * 365 * DAY),
    extensions: [
      new x509.BasicConstraintsExtension(true, request.pathLength, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      ...(request.extraExtensions ?? []),
    ],
  });
}

export interface UserRequest {
  readonly keyType?: TestKeyType;
  readonly surname?: string;
  readonly givenNames?: string;
  readonly nationalNumber?: string;
  /** Subject C; default BE. */
  readonly country?: string;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** Default digitalSignature only, like Belgian authentication certificates. */
  readonly keyUsage?: x509.KeyUsageFlags;
  /** Default clientAuth; null leaves the extension out. */
  readonly extendedKeyUsage?: readonly string[] | null;
  readonly policies?: readonly string[];
  readonly ocspUrl?: string;
  readonly extraExtensions?: readonly x509.Extension[];
}

export function createTestUser(ca: TestCredential, request: UserRequest = {}): Promise<TestCredential> {
  const surname = request.surname ?? 'Peeters';
  const givenNames = request.givenNames ?? 'Anna Maria';
  return issue({
    subject: [
      { '2.5.4.6': [request.country ?? 'BE'] },
      { '2.5.4.3': [`${givenNames.split(' ')[0]} ${surname} (Authentication)`] },
      { '2.5.4.4': [surname] },
      { '2.5.4.42': [givenNames] },
      { '2.5.4.5': [request.nationalNumber ?? '85073003328'] },
    ],
    issuer: ca,
    keyType: request.keyType ?? 'P-384',
    notBefore: request.notBefore ?? new Date(Date.now() - 30 * DAY),
    notAfter: request.notAfter ?? new Date(Date.now() + 365 * DAY),
    extensions: [
      new x509.KeyUsagesExtension(request.keyUsage ?? x509.KeyUsageFlags.digitalSignature, true),
      ...(request.extendedKeyUsage === null ? [] : [new x509.ExtendedKeyUsageExtension([...(request.extendedKeyUsage ?? [EKU.clientAuth])])]),
      new x509.CertificatePolicyExtension([...(request.policies ?? ['2.16.56.12.1.1.2.2'])]),
      ...(request.ocspUrl ? [new x509.AuthorityInfoAccessExtension({ ocsp: request.ocspUrl })] : []),
      ...(request.extraExtensions ?? []),
    ],
  });
}

/** A delegated OCSP responder certificate issued by `ca` (OCSPSigning purpose unless told otherwise). */
export function createOcspResponderCert(
  ca: TestCredential,
  options: { extendedKeyUsage?: readonly string[]; notAfter?: Date; name?: string } = {},
): Promise<TestCredential> {
  return issue({
    subject: [{ '2.5.4.6': ['BE'] }, { '2.5.4.3': [options.name ?? 'Test OCSP Responder'] }],
    issuer: ca,
    keyType: 'P-256',
    notBefore: new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 30 * DAY),
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([...(options.extendedKeyUsage ?? [EKU.ocspSigning])]),
    ],
  });
}

/** A token made by the real client code path, signed with the user's software key. */
export function tokenFor(user: TestCredential, origin = TEST_ORIGIN, nonce = TEST_NONCE): Promise<WebEidToken> {
  return createAuthToken({
    certificateDer: user.der,
    origin,
    nonce,
    sign: digestSigner(user.privateKey),
    appVersion: 'https://github.com/vivium/eid-companion/releases/test',
  });
}
