// A certificate file as the official repository and our build folder hold it: DER (`.crt`) or PEM with
// exactly one certificate. Every byte sequence either yields one parsed certificate or a typed reason.
import { X509Certificate, createHash } from 'node:crypto';

export interface ParsedCertificate {
  readonly der: Buffer;
  /** SHA-256 of the DER encoding, lower-case hex. */
  readonly sha256: string;
  readonly certificate: X509Certificate;
}

export type CertificateFileError =
  | { readonly kind: 'empty' }
  | { readonly kind: 'several-certificates'; readonly count: number }
  | { readonly kind: 'not-a-certificate'; readonly detail: string };

export type CertificateFileResult =
  | { readonly ok: true; readonly value: ParsedCertificate }
  | { readonly ok: false; readonly error: CertificateFileError };

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/g;
// Anything bigger is not a root certificate; refuse before parsing (a download could be an HTML page or worse).
const MAX_CERTIFICATE_BYTES = 64 * 1024;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function parseCertificateFile(bytes: Uint8Array): CertificateFileResult {
  if (bytes.length === 0) return { ok: false, error: { kind: 'empty' } };
  if (bytes.length > MAX_CERTIFICATE_BYTES) {
    return { ok: false, error: { kind: 'not-a-certificate', detail: `${bytes.length} bytes is too large` } };
  }
  const der = extractDer(Buffer.from(bytes));
  if (!der.ok) return der;
  try {
    const certificate = new X509Certificate(der.value);
    // X509Certificate accepts trailing bytes after the DER structure; a pinned file must be exactly one certificate.
    if (!certificate.raw.equals(der.value)) {
      return { ok: false, error: { kind: 'not-a-certificate', detail: 'trailing bytes after the certificate' } };
    }
    return { ok: true, value: { der: der.value, sha256: sha256Hex(der.value), certificate } };
  } catch (cause) {
    return { ok: false, error: { kind: 'not-a-certificate', detail: cause instanceof Error ? cause.message : String(cause) } };
  }
}

function extractDer(bytes: Buffer): { ok: true; value: Buffer } | { ok: false; error: CertificateFileError } {
  // DER certificates start with a SEQUENCE tag; PEM is ASCII text.
  if (bytes[0] === 0x30) return { ok: true, value: bytes };
  const text = bytes.toString('latin1');
  const blocks = [...text.matchAll(PEM_BLOCK)];
  if (blocks.length === 0) return { ok: false, error: { kind: 'not-a-certificate', detail: 'neither DER nor PEM' } };
  if (blocks.length > 1) return { ok: false, error: { kind: 'several-certificates', count: blocks.length } };
  const body = (blocks[0]?.[1] ?? '').replace(/\s/g, '');
  const der = Buffer.from(body, 'base64');
  if (der.length === 0) return { ok: false, error: { kind: 'empty' } };
  return { ok: true, value: der };
}
