// The one test PKI: CAs, citizen certificates shaped like Belgian ones, OCSP responder certificates.
// The virtual card's hierarchy (createTestPki: a root, a citizen CA and the National Register (RRN)
// certificate, made at start or from a seed) and the auth tests' throw-away CAs and users (with knobs to
// break each property the validator checks) are issued the same way, by `issue` below. Only the root
// differs from the real Belgian one, and tests trust it. A development and test tool: release bundles
// leave it out (ARCHITECTURE.md, "The virtual card").
import 'reflect-metadata'; // @peculiar/x509 needs a Reflect metadata polyfill loaded first
import type { KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { keyFor, seededBytes, type KeyAlgorithm, type KeyMaterial } from './keys.ts';

const DAY = 24 * 60 * 60 * 1000;
const YEAR = 365 * DAY;

export const KeyUsageFlags = x509.KeyUsageFlags;

/** Certificate policies of Belgian citizen certificates (authentication / qualified signature). */
export const BELGIAN_POLICY = {
  authentication: '2.16.56.1.1.1.2.2',
  signature: '2.16.56.1.1.1.2.1',
} as const;

export const EKU = {
  clientAuth: '1.3.6.1.5.5.7.3.2',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
} as const;

export const TEST_ROOT_NAME = 'Vivium eID Test Root CA';
export const TEST_CITIZEN_CA_NAME = 'Vivium eID Test Citizen CA';

export interface IssuedCertificate {
  readonly certificate: x509.X509Certificate;
  readonly der: Uint8Array;
  readonly pem: string;
}

/** A certificate with its private key (an authority, or a user whose key the test holds). */
export interface Credential extends IssuedCertificate {
  readonly key: KeyMaterial;
}

/** Each key signs with the hash of its size; RSA keys with SHA-256, as the Belgian CAs do. */
const SIGNING_ALGORITHM: Record<KeyAlgorithm, { readonly name: string; readonly hash: string }> = {
  'ec-p256': { name: 'ECDSA', hash: 'SHA-256' },
  'ec-p384': { name: 'ECDSA', hash: 'SHA-384' },
  'ec-p521': { name: 'ECDSA', hash: 'SHA-512' },
  'rsa-2048': { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
};

/** A positive serial of fixed width, like the real citizen certificates; reproducible from a seed. */
function serialHex(seed: string | undefined, role: string): string {
  const bytes = seededBytes(seed, `serial:${role}`, 16);
  bytes[0] = 0x10;
  return bytes.toString('hex');
}

function issued(certificate: x509.X509Certificate): IssuedCertificate {
  return { certificate, der: new Uint8Array(certificate.rawData), pem: certificate.toString('pem') };
}

/**
 * Every certificate of the PKI: `issuer` signs (itself when absent), key identifiers are added.
 * @peculiar/x509 uses the runtime's WebCrypto (Node's globalThis.crypto).
 */
async function issue(args: {
  subject: x509.JsonName;
  /** The certificate's own public key. */
  publicKey: KeyObject;
  /** The signer; absent for a self-signed certificate, which `selfKey` then signs. */
  issuer?: Credential;
  selfKey?: KeyMaterial;
  serial: string;
  notBefore: Date;
  notAfter: Date;
  extensions: readonly x509.Extension[];
}): Promise<IssuedCertificate> {
  const signer = args.issuer?.key ?? args.selfKey;
  if (!signer) throw new Error('a certificate needs an issuer or its own key');
  const publicKey = await x509.PublicKey.create(new Uint8Array(args.publicKey.export({ type: 'spki', format: 'der' })));
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: args.serial,
      subject: args.subject,
      issuer: args.issuer ? args.issuer.certificate.subject : args.subject,
      notBefore: args.notBefore,
      notAfter: args.notAfter,
      publicKey,
      signingKey: signer.webPrivateKey,
      signingAlgorithm: SIGNING_ALGORITHM[signer.algorithm],
      extensions: [
        ...args.extensions,
        await x509.SubjectKeyIdentifierExtension.create(publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(signer.webPublicKey),
      ],
    },
  );
  return issued(certificate);
}

export interface CaRequest {
  readonly name: string;
  /** Absent: a self-signed root. */
  readonly issuer?: Credential;
  /** Default: a fresh EC P-384 key. */
  readonly key?: KeyMaterial;
  readonly keyType?: KeyAlgorithm;
  readonly serial?: string;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly pathLength?: number;
  readonly extraExtensions?: readonly x509.Extension[];
}

export async function createTestCa(request: CaRequest): Promise<Credential> {
  const key = request.key ?? (await keyFor(request.keyType ?? 'ec-p384', undefined, `ca:${request.name}`));
  const certificate = await issue({
    subject: [{ '2.5.4.6': ['BE'] }, { '2.5.4.3': [request.name] }],
    publicKey: key.publicKey,
    ...(request.issuer ? { issuer: request.issuer } : { selfKey: key }),
    serial: request.serial ?? serialHex(undefined, 'ca'),
    notBefore: request.notBefore ?? new Date(Date.now() - YEAR),
    notAfter: request.notAfter ?? new Date(Date.now() + 10 * YEAR),
    extensions: [
      new x509.BasicConstraintsExtension(true, request.pathLength, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      ...(request.extraExtensions ?? []),
    ],
  });
  return { ...certificate, key };
}

/** Subject of a Belgian citizen certificate: "Anna Peeters (Authentication)", surname, given names, national number. */
function citizenSubject(args: { surname: string; givenNames: string; nationalNumber: string; country: string; label: string }): x509.JsonName {
  const [first = args.givenNames] = args.givenNames.trim().split(/\s+/);
  return [
    { '2.5.4.6': [args.country] },
    { '2.5.4.3': [`${first} ${args.surname} (${args.label})`] },
    { '2.5.4.4': [args.surname] },
    { '2.5.4.42': [args.givenNames] },
    { '2.5.4.5': [args.nationalNumber] },
  ];
}

/** An authentication certificate of a test user whose key the test holds, with a knob per property the validator checks. */
export interface UserRequest {
  readonly keyType?: KeyAlgorithm;
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

export async function createTestUser(ca: Credential, request: UserRequest = {}): Promise<Credential> {
  const key = await keyFor(request.keyType ?? 'ec-p384', undefined, 'user');
  const certificate = await issue({
    subject: citizenSubject({
      surname: request.surname ?? 'Peeters',
      givenNames: request.givenNames ?? 'Anna Maria',
      nationalNumber: request.nationalNumber ?? '85073003328',
      country: request.country ?? 'BE',
      label: 'Authentication',
    }),
    publicKey: key.publicKey,
    issuer: ca,
    serial: serialHex(undefined, 'user'),
    notBefore: request.notBefore ?? new Date(Date.now() - 30 * DAY),
    notAfter: request.notAfter ?? new Date(Date.now() + YEAR),
    extensions: [
      new x509.KeyUsagesExtension(request.keyUsage ?? x509.KeyUsageFlags.digitalSignature, true),
      ...(request.extendedKeyUsage === null ? [] : [new x509.ExtendedKeyUsageExtension([...(request.extendedKeyUsage ?? [EKU.clientAuth])])]),
      new x509.CertificatePolicyExtension([...(request.policies ?? ['2.16.56.12.1.1.2.2'])]),
      ...(request.ocspUrl ? [new x509.AuthorityInfoAccessExtension({ ocsp: request.ocspUrl })] : []),
      ...(request.extraExtensions ?? []),
    ],
  });
  return { ...certificate, key };
}

/** A delegated OCSP responder certificate issued by `ca` (OCSPSigning purpose unless told otherwise). */
export async function createOcspResponderCert(
  ca: Credential,
  options: { extendedKeyUsage?: readonly string[]; notAfter?: Date; name?: string } = {},
): Promise<Credential> {
  const key = await keyFor('ec-p256', undefined, 'ocsp-responder');
  const certificate = await issue({
    subject: [{ '2.5.4.6': ['BE'] }, { '2.5.4.3': [options.name ?? 'Test OCSP Responder'] }],
    publicKey: key.publicKey,
    issuer: ca,
    serial: serialHex(undefined, 'ocsp-responder'),
    notBefore: new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 30 * DAY),
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([...(options.extendedKeyUsage ?? [EKU.ocspSigning])]),
    ],
  });
  return { ...certificate, key };
}

/** An extension with an arbitrary OID and DER value (here: an empty SEQUENCE), e.g. an unknown critical one. */
export function opaqueExtension(oid: string, critical: boolean): x509.Extension {
  return new x509.Extension(oid, critical, new Uint8Array([0x30, 0x00]));
}

// --- The virtual card's hierarchy ---

export type CertificateValidity = 'valid' | 'expired' | 'not-yet-valid';

/** What a card holder's certificate names; the card's key is the card's own. */
export interface CitizenCertificateRequest {
  readonly holder: { readonly surname: string; readonly firstNames: string; readonly nationalNumber: string };
  readonly purpose: 'authentication' | 'signature';
  readonly publicKey: KeyObject;
  readonly validity?: CertificateValidity;
  /** Makes serial numbers reproducible. */
  readonly serialSeed?: string;
}

export interface TestPki {
  readonly seed: string | undefined;
  readonly baseUrl: string;
  readonly root: Credential;
  readonly citizenCa: Credential;
  /** The EC P-384 National Register certificate (1.8 cards sign identity and address with it). */
  readonly rrn: Credential;
  /** The RSA-2048 National Register certificate of 1.7 cards, made on first use. */
  rrnRsa(): Promise<Credential>;
  /** An authentication or signature certificate for a card holder, issued by the citizen CA. */
  issueCitizenCertificate(request: CitizenCertificateRequest): Promise<IssuedCertificate>;
  /** Root and citizen CA as PEM, for trust stores. */
  readonly trustPem: { readonly root: string; readonly citizenCa: string };
}

export interface TestPkiOptions {
  /** Same seed, same keys and serial numbers. */
  readonly seed?: string;
  /** Base of the OCSP, CA issuer and CRL URLs written into certificates. */
  readonly baseUrl?: string;
  /** "Now" for validity periods (tests of expiry pin it). */
  readonly now?: Date;
}

/** Validity windows are whole UTC days so a seeded PKI made twice the same day is identical in content. */
function startOfDay(date: Date): Date {
  return new Date(Math.floor(date.getTime() / DAY) * DAY);
}

function validityWindow(now: Date, validity: CertificateValidity): { notBefore: Date; notAfter: Date } {
  const today = startOfDay(now).getTime();
  switch (validity) {
    case 'valid':
      return { notBefore: new Date(today - YEAR), notAfter: new Date(today + 9 * YEAR) };
    case 'expired':
      return { notBefore: new Date(today - 11 * YEAR), notAfter: new Date(today - YEAR) };
    case 'not-yet-valid':
      return { notBefore: new Date(today + YEAR), notAfter: new Date(today + 11 * YEAR) };
  }
}

/**
 * The virtual card's PKI: a root, a citizen CA and the RRN certificates, Belgian-shaped (CRL, OCSP and
 * CA issuer URLs under `baseUrl`). The CAs use EC P-384 whatever the card profile, so one root serves
 * 1.7 (RSA) and 1.8 (EC) cards.
 */
export async function createTestPki(options: TestPkiOptions = {}): Promise<TestPki> {
  const seed = options.seed;
  const baseUrl = (options.baseUrl ?? 'http://127.0.0.1:0').replace(/\/+$/, '');
  const now = options.now ?? new Date();
  const today = startOfDay(now).getTime();
  // CAs outlive every citizen certificate the PKI may issue, including expired and future ones.
  const caFrom = new Date(today - 20 * YEAR);
  const caUntil = new Date(today + 20 * YEAR);

  const root = await createTestCa({
    name: TEST_ROOT_NAME,
    key: await keyFor('ec-p384', seed, 'pki:root'),
    serial: serialHex(seed, 'root'),
    notBefore: caFrom,
    notAfter: caUntil,
  });
  const citizenCa = await createTestCa({
    name: TEST_CITIZEN_CA_NAME,
    issuer: root,
    key: await keyFor('ec-p384', seed, 'pki:citizen-ca'),
    serial: serialHex(seed, 'citizen-ca'),
    notBefore: caFrom,
    notAfter: caUntil,
    pathLength: 0,
    extraExtensions: [
      new x509.CRLDistributionPointsExtension([`${baseUrl}/crl/root.crl`]),
      new x509.AuthorityInfoAccessExtension({ caIssuers: `${baseUrl}/certs/root.crt` }),
    ],
  });

  const rrnCertificate = async (algorithm: KeyAlgorithm): Promise<Credential> => {
    const key = await keyFor(algorithm, seed, `pki:rrn:${algorithm}`);
    const certificate = await issue({
      subject: [{ '2.5.4.6': ['BE'] }, { '2.5.4.10': ['Federal Government'] }, { '2.5.4.3': ['RRN'] }],
      publicKey: key.publicKey,
      issuer: root,
      serial: serialHex(seed, `rrn:${algorithm}`),
      notBefore: caFrom,
      notAfter: caUntil,
      extensions: [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
        new x509.AuthorityInfoAccessExtension({ caIssuers: `${baseUrl}/certs/root.crt` }),
      ],
    });
    return { ...certificate, key };
  };
  const rrn = await rrnCertificate('ec-p384');
  let rsa: Promise<Credential> | undefined;

  return {
    seed,
    baseUrl,
    root,
    citizenCa,
    rrn,
    rrnRsa: () => (rsa ??= rrnCertificate('rsa-2048')),
    trustPem: { root: root.pem, citizenCa: citizenCa.pem },
    issueCitizenCertificate(request) {
      const { holder, purpose } = request;
      const { notBefore, notAfter } = validityWindow(now, request.validity ?? 'valid');
      const usage =
        purpose === 'authentication' ? x509.KeyUsageFlags.digitalSignature : x509.KeyUsageFlags.nonRepudiation;
      return issue({
        subject: citizenSubject({
          surname: holder.surname,
          givenNames: holder.firstNames,
          nationalNumber: holder.nationalNumber,
          country: 'BE',
          label: purpose === 'authentication' ? 'Authentication' : 'Signature',
        }),
        publicKey: request.publicKey,
        issuer: citizenCa,
        serial: serialHex(request.serialSeed ?? seed, `${purpose}:${holder.nationalNumber}`),
        notBefore,
        notAfter,
        extensions: [
          new x509.KeyUsagesExtension(usage, true),
          new x509.CertificatePolicyExtension([BELGIAN_POLICY[purpose]]),
          new x509.CRLDistributionPointsExtension([`${baseUrl}/crl/citizen-ca.crl`]),
          new x509.AuthorityInfoAccessExtension({ ocsp: `${baseUrl}/ocsp`, caIssuers: `${baseUrl}/certs/citizen-ca.crt` }),
          ...(purpose === 'authentication' ? [new x509.ExtendedKeyUsageExtension([EKU.clientAuth])] : []),
        ],
      });
    },
  };
}
