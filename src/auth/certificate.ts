// One X.509 certificate, decoded once into the facts the validator checks. Decoding is total: any
// byte sequence gives either a ParsedCertificate or a reason, never an exception.
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { isStrictDer } from './strict-der.ts';

const OID = {
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  basicConstraints: '2.5.29.19',
  certificatePolicies: '2.5.29.32',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  ocspAccess: '1.3.6.1.5.5.7.48.1',
} as const;

const DECODED = new Set<string>([
  OID.keyUsage, OID.extKeyUsage, OID.basicConstraints, OID.certificatePolicies,
  OID.authorityInfoAccess, OID.subjectKeyIdentifier, OID.authorityKeyIdentifier,
]);

/**
 * Critical extensions we understand. Any other critical one (name or policy constraints included, which
 * this validator does not evaluate) makes the certificate unusable, as RFC 5280 demands.
 */
const KNOWN_CRITICAL = new Set<string>([
  OID.keyUsage, OID.extKeyUsage, OID.basicConstraints, OID.certificatePolicies,
  '2.5.29.17', // subjectAltName
]);

export interface KeyUsage {
  readonly digitalSignature: boolean;
  readonly keyCertSign: boolean;
}

export interface ParsedCertificate {
  readonly der: Uint8Array;
  readonly sha256: string;
  readonly serialNumber: Uint8Array;
  readonly subjectName: Uint8Array;
  readonly issuerName: Uint8Array;
  readonly subject: ReadonlyMap<string, string>;
  readonly issuer: ReadonlyMap<string, string>;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKey: KeyObject;
  /** The subjectPublicKey BIT STRING contents, which OCSP hashes into its CertID. */
  readonly publicKeyBits: Uint8Array;
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: string;
  readonly signature: Uint8Array;
  readonly keyUsage?: KeyUsage;
  readonly extendedKeyUsage?: readonly string[];
  readonly policies: readonly string[];
  readonly basicConstraints?: { readonly ca: boolean; readonly pathLength?: number };
  readonly subjectKeyId?: string;
  readonly authorityKeyId?: string;
  readonly ocspUrls: readonly string[];
  readonly unknownCriticalExtensions: readonly string[];
}

export type CertificateDecoding = { ok: true; certificate: ParsedCertificate } | { ok: false; reason: string };

export function parseCertificate(der: Uint8Array): CertificateDecoding {
  try {
    return decode(der);
  } catch (error) {
    return { ok: false, reason: `certificate does not decode: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function decode(der: Uint8Array): CertificateDecoding {
  if (!isStrictDer(der)) return { ok: false, reason: 'certificate is not strict DER' };
  const asn1 = asn1js.fromBER(der);
  if (asn1.offset === -1 || asn1.offset !== der.length) return { ok: false, reason: 'certificate is not one DER object' };
  const cert = new pkijs.Certificate({ schema: asn1.result });
  if (cert.signature.algorithmId !== cert.signatureAlgorithm.algorithmId) {
    return { ok: false, reason: 'inner and outer signature algorithms differ' };
  }
  if (cert.signatureValue.valueBlock.unusedBits !== 0) return { ok: false, reason: 'signature has unused bits' };
  const spki = cert.subjectPublicKeyInfo;
  const publicKey = createPublicKey({ key: Buffer.from(spki.toSchema().toBER(false)), format: 'der', type: 'spki' });

  let keyUsage: KeyUsage | undefined;
  let extendedKeyUsage: string[] | undefined;
  let basicConstraints: ParsedCertificate['basicConstraints'];
  let subjectKeyId: string | undefined;
  let authorityKeyId: string | undefined;
  const policies: string[] = [];
  const ocspUrls: string[] = [];
  const unknownCriticalExtensions: string[] = [];
  const seen = new Set<string>();

  for (const extension of cert.extensions ?? []) {
    if (seen.has(extension.extnID)) return { ok: false, reason: `extension ${extension.extnID} appears twice` };
    seen.add(extension.extnID);
    // Decoding an extension value costs; only the ones checked below are decoded.
    const parsed: unknown = DECODED.has(extension.extnID) ? extension.parsedValue : undefined;
    switch (extension.extnID) {
      case OID.keyUsage: {
        if (!(parsed instanceof asn1js.BitString)) return { ok: false, reason: 'keyUsage does not decode' };
        const bits = parsed.valueBlock.valueHexView;
        keyUsage = { digitalSignature: ((bits[0] ?? 0) & 0x80) !== 0, keyCertSign: ((bits[0] ?? 0) & 0x04) !== 0 };
        break;
      }
      case OID.extKeyUsage:
        if (!(parsed instanceof pkijs.ExtKeyUsage)) return { ok: false, reason: 'extendedKeyUsage does not decode' };
        extendedKeyUsage = [...parsed.keyPurposes];
        break;
      case OID.basicConstraints:
        if (!(parsed instanceof pkijs.BasicConstraints)) return { ok: false, reason: 'basicConstraints does not decode' };
        basicConstraints = {
          ca: parsed.cA,
          ...(typeof parsed.pathLenConstraint === 'number' ? { pathLength: parsed.pathLenConstraint } : {}),
        };
        break;
      case OID.certificatePolicies:
        if (!(parsed instanceof pkijs.CertificatePolicies)) return { ok: false, reason: 'certificatePolicies does not decode' };
        policies.push(...parsed.certificatePolicies.map((p) => p.policyIdentifier));
        break;
      case OID.authorityInfoAccess:
        if (!(parsed instanceof pkijs.InfoAccess)) return { ok: false, reason: 'authorityInfoAccess does not decode' };
        for (const access of parsed.accessDescriptions) {
          // GeneralName type 6 is a URI.
          if (access.accessMethod === OID.ocspAccess && access.accessLocation.type === 6 && typeof access.accessLocation.value === 'string') {
            ocspUrls.push(access.accessLocation.value);
          }
        }
        break;
      case OID.subjectKeyIdentifier:
        if (parsed instanceof asn1js.OctetString) subjectKeyId = lowerHex(parsed.valueBlock.valueHexView);
        break;
      case OID.authorityKeyIdentifier:
        if (parsed instanceof pkijs.AuthorityKeyIdentifier && parsed.keyIdentifier) {
          authorityKeyId = lowerHex(parsed.keyIdentifier.valueBlock.valueHexView);
        }
        break;
      default:
        if (extension.critical && !KNOWN_CRITICAL.has(extension.extnID)) unknownCriticalExtensions.push(extension.extnID);
    }
  }

  return {
    ok: true,
    certificate: {
      der,
      sha256: createHash('sha256').update(der).digest('hex'),
      serialNumber: new Uint8Array(cert.serialNumber.valueBlock.valueHexView),
      subjectName: new Uint8Array(cert.subject.toSchema().toBER(false)),
      issuerName: new Uint8Array(cert.issuer.toSchema().toBER(false)),
      subject: nameMap(cert.subject),
      issuer: nameMap(cert.issuer),
      notBefore: cert.notBefore.value,
      notAfter: cert.notAfter.value,
      publicKey,
      publicKeyBits: new Uint8Array(spki.subjectPublicKey.valueBlock.valueHexView),
      tbs: new Uint8Array(cert.tbsView),
      signatureAlgorithm: cert.signatureAlgorithm.algorithmId,
      signature: new Uint8Array(cert.signatureValue.valueBlock.valueHexView),
      ...(keyUsage ? { keyUsage } : {}),
      ...(extendedKeyUsage ? { extendedKeyUsage } : {}),
      policies,
      ...(basicConstraints ? { basicConstraints } : {}),
      ...(subjectKeyId ? { subjectKeyId } : {}),
      ...(authorityKeyId ? { authorityKeyId } : {}),
      ocspUrls,
      unknownCriticalExtensions,
    },
  };
}

/** Attribute OID → value; repeated attributes are joined with a space (Belgian GN holds all first names in one). */
function nameMap(name: pkijs.RelativeDistinguishedNames): Map<string, string> {
  const map = new Map<string, string>();
  for (const { type, value } of name.typesAndValues) {
    const text: unknown = (value.valueBlock as { value?: unknown }).value;
    if (typeof text !== 'string') continue;
    const previous = map.get(type);
    map.set(type, previous === undefined ? text : `${previous} ${text}`);
  }
  return map;
}

export function lowerHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

export const NAME_OID = {
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  serialNumber: '2.5.4.5',
  country: '2.5.4.6',
  givenName: '2.5.4.42',
} as const;
