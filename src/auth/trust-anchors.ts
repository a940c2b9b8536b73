// The CAs a validator trusts, parsed once when it is built. Every configured certificate is an
// anchor: Belgian deployments commonly pin the issuing (intermediate) CA only, as Web eID does.
import { AppError } from '../contract/errors.ts';
import { lowerHex, parseCertificate, type ParsedCertificate } from './certificate.ts';

export interface TrustAnchors {
  readonly all: readonly ParsedCertificate[];
  /** Candidates whose subject is this DER name (hex). */
  bySubject(nameHex: string): readonly ParsedCertificate[];
}

/**
 * The validator's configured CAs, parsed and indexed by subject: PEM (one or more blocks) or DER. Throws
 * `INVALID_ARGUMENT` for anything else: a configuration error. (The app's pinned Belgian roots are read by
 * src/trust's loadTrustAnchors, which refuses unpinned certificates.)
 */
export function indexTrustAnchors(inputs: readonly (string | Uint8Array)[]): TrustAnchors {
  const all: ParsedCertificate[] = [];
  const index = new Map<string, ParsedCertificate[]>();
  for (const der of inputs.flatMap(certificateBlocks)) {
    const decoded = parseCertificate(der);
    if (!decoded.ok) throw new AppError('INVALID_ARGUMENT', `trusted certificate: ${decoded.reason}`);
    const cert = decoded.certificate;
    if (all.some((c) => c.sha256 === cert.sha256)) continue;
    if (!cert.basicConstraints?.ca) throw new AppError('INVALID_ARGUMENT', 'trusted certificate is not a CA');
    all.push(cert);
    const key = lowerHex(cert.subjectName);
    index.set(key, [...(index.get(key) ?? []), cert]);
  }
  if (all.length === 0) throw new AppError('INVALID_ARGUMENT', 'no trusted certificates configured');
  return { all, bySubject: (nameHex) => index.get(nameHex) ?? [] };
}

/** The DER certificates in PEM text (one or more blocks) or a DER buffer. Throws `INVALID_ARGUMENT` for text without a block. */
export function certificateBlocks(input: string | Uint8Array): Uint8Array[] {
  const text = typeof input === 'string' ? input : looksLikePem(input) ? Buffer.from(input).toString('latin1') : undefined;
  if (text === undefined) return [input as Uint8Array];
  const blocks = [...text.matchAll(/-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/g)];
  if (blocks.length === 0) throw new AppError('INVALID_ARGUMENT', 'trusted certificate text holds no PEM CERTIFICATE block');
  return blocks.map((m) => new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')));
}

function looksLikePem(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 64)).toString('latin1').includes('-----BEGIN');
}
