// What the app shows of a certificate: who, by whom, valid when, which key.
import 'reflect-metadata'; // @peculiar/x509 needs the Reflect metadata polyfill loaded first
import { X509Certificate } from '@peculiar/x509';
import { parseFailure, parsed, type ParseResult } from './parse-result.ts';

export interface CertificateInfo {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** `RSA-2048`, `EC-P-384`, … */
  keyType: string;
  /** Subject attributes a Belgian eID certificate carries (absent ones omitted). */
  holder: { commonName?: string; surname?: string; givenName?: string; serialNumber?: string };
}

const OID = { commonName: '2.5.4.3', surname: '2.5.4.4', givenName: '2.5.4.42', serialNumber: '2.5.4.5' } as const;

export function describeCertificate(der: Uint8Array): ParseResult<CertificateInfo> {
  try {
    const cert = new X509Certificate(Uint8Array.from(der).buffer);
    const algorithm = cert.publicKey.algorithm as { name: string; modulusLength?: number; namedCurve?: string };
    const keyType = algorithm.modulusLength
      ? `RSA-${algorithm.modulusLength}`
      : algorithm.namedCurve
        ? `EC-${algorithm.namedCurve}`
        : algorithm.name;
    const holder: CertificateInfo['holder'] = {};
    for (const [name, oid] of Object.entries(OID) as Array<[keyof typeof OID, string]>) {
      const value = cert.subjectName.getField(oid)[0];
      if (value) holder[name] = value;
    }
    return parsed({
      subject: cert.subject,
      issuer: cert.issuer,
      serialNumber: cert.serialNumber,
      notBefore: cert.notBefore.toISOString(),
      notAfter: cert.notAfter.toISOString(),
      keyType,
      holder,
    });
  } catch (error) {
    return parseFailure({ kind: 'invalid-field', message: `not an X.509 certificate: ${(error as Error).message}` });
  }
}
