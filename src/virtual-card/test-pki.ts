// The virtual card's own PKI: a root, a citizen CA and the National Register (RRN) certificate, all
// made at start (or from a seed). Certificates are shaped like the real Belgian ones so the app, the
// reference server and OpenSC treat them the same way; only the root differs, and tests trust it.
// The CAs use EC P-384 whatever the card profile, so one root serves 1.7 (RSA) and 1.8 (EC) cards.
import 'reflect-metadata'; // @peculiar/x509 needs a Reflect metadata polyfill loaded first
import { webcrypto, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { keyFor, seededBytes, type KeyAlgorithm, type KeyMaterial } from './key-material.ts';
import type { Holder } from './holder.ts';

const crypto = webcrypto as unknown as Crypto;
const ECDSA_SHA384 = { name: 'ECDSA', hash: 'SHA-384' } as const;
const DAY = 24 * 60 * 60 * 1000;
const YEAR = 365 * DAY;

/** Certificate policies of Belgian citizen certificates (authentication / qualified signature). */
export const BELGIAN_POLICY = {
  authentication: '2.16.56.1.1.1.2.2',
  signature: '2.16.56.1.1.1.2.1',
} as const;

export const TEST_ROOT_NAME = 'Vivium eID Test Root CA';
export const TEST_CITIZEN_CA_NAME = 'Vivium eID Test Citizen CA';

export interface IssuedCertificate {
  readonly certificate: x509.X509Certificate;
  readonly der: Uint8Array;
  readonly pem: string;
}

/** A certificate with its private key (the PKI's own authorities). */
export interface Credential extends IssuedCertificate {
  readonly key: KeyMaterial;
}

export type CertificateValidity = 'valid' | 'expired' | 'not-yet-valid';

export interface CitizenCertificateRequest {
  readonly holder: Pick<Holder, 'surname' | 'firstNames' | 'nationalNumber'>;
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

function serialHex(seed: string | undefined, role: string): string {
  const bytes = seededBytes(seed, `serial:${role}`, 16);
  bytes[0] = 0x10; // positive, fixed width, like the real citizen certificates
  return bytes.toString('hex');
}

function credential(certificate: x509.X509Certificate, key: KeyMaterial): Credential {
  return { certificate, der: new Uint8Array(certificate.rawData), pem: certificate.toString('pem'), key };
}

async function caCertificate(args: {
  name: string;
  key: KeyMaterial;
  issuer?: Credential;
  serial: string;
  notBefore: Date;
  notAfter: Date;
  pathLength?: number;
  baseUrl: string;
}): Promise<x509.X509Certificate> {
  const signer = args.issuer?.key ?? args.key;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(true, args.pathLength, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(args.key.webPublicKey, false, crypto),
    await x509.AuthorityKeyIdentifierExtension.create(signer.webPublicKey, false, crypto),
  ];
  if (args.issuer) {
    extensions.push(new x509.CRLDistributionPointsExtension([`${args.baseUrl}/crl/root.crl`]));
    extensions.push(new x509.AuthorityInfoAccessExtension({ caIssuers: `${args.baseUrl}/certs/root.crt` }));
  }
  return x509.X509CertificateGenerator.create(
    {
      serialNumber: args.serial,
      subject: [{ '2.5.4.6': ['BE'] }, { '2.5.4.3': [args.name] }],
      issuer: args.issuer ? args.issuer.certificate.subject : [{ '2.5.4.6': ['BE'] }, { '2.5.4.3': [args.name] }],
      notBefore: args.notBefore,
      notAfter: args.notAfter,
      publicKey: args.key.webPublicKey,
      signingKey: signer.webPrivateKey,
      signingAlgorithm: ECDSA_SHA384,
      extensions,
    },
    crypto,
  );
}

async function leafCertificate(args: {
  issuer: Credential;
  subject: x509.JsonName;
  publicKey: KeyObject;
  serial: string;
  notBefore: Date;
  notAfter: Date;
  extensions: x509.Extension[];
}): Promise<x509.X509Certificate> {
  const publicKey = await x509.PublicKey.create(
    new Uint8Array(args.publicKey.export({ type: 'spki', format: 'der' })),
    crypto,
  );
  return x509.X509CertificateGenerator.create(
    {
      serialNumber: args.serial,
      subject: args.subject,
      issuer: args.issuer.certificate.subject,
      notBefore: args.notBefore,
      notAfter: args.notAfter,
      publicKey,
      signingKey: args.issuer.key.webPrivateKey,
      signingAlgorithm: ECDSA_SHA384,
      extensions: [
        ...args.extensions,
        await x509.SubjectKeyIdentifierExtension.create(publicKey, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(args.issuer.key.webPublicKey, false, crypto),
      ],
    },
    crypto,
  );
}

export async function createTestPki(options: TestPkiOptions = {}): Promise<TestPki> {
  const seed = options.seed;
  const baseUrl = (options.baseUrl ?? 'http://127.0.0.1:0').replace(/\/+$/, '');
  const now = options.now ?? new Date();
  const today = startOfDay(now).getTime();
  // CAs outlive every citizen certificate the PKI may issue, including expired and future ones.
  const caFrom = new Date(today - 20 * YEAR);
  const caUntil = new Date(today + 20 * YEAR);

  const rootKey = await keyFor('ec-p384', seed, 'pki:root');
  const root = credential(
    await caCertificate({ name: TEST_ROOT_NAME, key: rootKey, serial: serialHex(seed, 'root'), notBefore: caFrom, notAfter: caUntil, baseUrl }),
    rootKey,
  );
  const caKey = await keyFor('ec-p384', seed, 'pki:citizen-ca');
  const citizenCa = credential(
    await caCertificate({
      name: TEST_CITIZEN_CA_NAME,
      key: caKey,
      issuer: root,
      serial: serialHex(seed, 'citizen-ca'),
      notBefore: caFrom,
      notAfter: caUntil,
      pathLength: 0,
      baseUrl,
    }),
    caKey,
  );

  const rrnCertificate = async (algorithm: KeyAlgorithm): Promise<Credential> => {
    const key = await keyFor(algorithm, seed, `pki:rrn:${algorithm}`);
    const certificate = await leafCertificate({
      issuer: root,
      subject: [{ '2.5.4.6': ['BE'] }, { '2.5.4.10': ['Federal Government'] }, { '2.5.4.3': ['RRN'] }],
      publicKey: key.publicKey,
      serial: serialHex(seed, `rrn:${algorithm}`),
      notBefore: caFrom,
      notAfter: caUntil,
      extensions: [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
        new x509.AuthorityInfoAccessExtension({ caIssuers: `${baseUrl}/certs/root.crt` }),
      ],
    });
    return credential(certificate, key);
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
    async issueCitizenCertificate(request) {
      const { holder, purpose } = request;
      const [first = holder.firstNames] = holder.firstNames.trim().split(/\s+/);
      const label = purpose === 'authentication' ? 'Authentication' : 'Signature';
      const { notBefore, notAfter } = validityWindow(now, request.validity ?? 'valid');
      const usage =
        purpose === 'authentication' ? x509.KeyUsageFlags.digitalSignature : x509.KeyUsageFlags.nonRepudiation;
      const extensions: x509.Extension[] = [
        new x509.KeyUsagesExtension(usage, true),
        new x509.CertificatePolicyExtension([BELGIAN_POLICY[purpose]]),
        new x509.CRLDistributionPointsExtension([`${baseUrl}/crl/citizen-ca.crl`]),
        new x509.AuthorityInfoAccessExtension({ ocsp: `${baseUrl}/ocsp`, caIssuers: `${baseUrl}/certs/citizen-ca.crt` }),
      ];
      if (purpose === 'authentication') extensions.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]));
      const certificate = await leafCertificate({
        issuer: citizenCa,
        subject: [
          { '2.5.4.6': ['BE'] },
          { '2.5.4.3': [`${first} ${holder.surname} (${label})`] },
          { '2.5.4.4': [holder.surname] },
          { '2.5.4.42': [holder.firstNames] },
          { '2.5.4.5': [holder.nationalNumber] },
        ],
        publicKey: request.publicKey,
        serial: serialHex(request.serialSeed ?? seed, `${purpose}:${holder.nationalNumber}`),
        notBefore,
        notAfter,
        extensions,
      });
      return { certificate, der: new Uint8Array(certificate.rawData), pem: certificate.toString('pem') };
    },
  };
}
