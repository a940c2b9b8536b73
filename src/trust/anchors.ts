// The trust-anchor loader: turns certificate files into the roots a chain may end in. Only a pinned
// Belgian root (src/trust/pins.ts) gets through. A test root (the virtual card's PKI) is accepted only
// when the caller asks for it explicitly AND the mode is not production, so a packaged app cannot be
// talked into trusting a test PKI by dropping a file next to it.
//
// Fail closed: one refused file refuses the whole set, because an unexpected file among the anchors
// means the installation was tampered with or built wrongly, and the caller must say so.
import type { X509Certificate } from 'node:crypto';
import { parseCertificateFile, type CertificateFileError, type ParsedCertificate } from './certificate-file.ts';
import { pinForFingerprint, type RootPinId } from './pins.ts';

export type TrustMode = 'production' | 'development' | 'test';

export interface AnchorFile {
  /** Where the bytes came from (file name or URL), for messages only. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface TrustAnchor {
  /** The pin it matched, or `test-root` for an explicitly allowed test root. */
  readonly id: RootPinId | 'test-root';
  readonly source: string;
  readonly sha256: string;
  readonly der: Buffer;
  readonly certificate: X509Certificate;
}

export interface LoadTrustAnchorsOptions {
  readonly mode: TrustMode;
  /** Extra self-signed roots for tests and development (e.g. the virtual card's exported root). */
  readonly testRoots?: readonly AnchorFile[];
}

export type TrustAnchorError =
  | { readonly kind: 'unreadable'; readonly source: string; readonly reason: CertificateFileError }
  | { readonly kind: 'unpinned'; readonly source: string; readonly sha256: string; readonly subject: string }
  | { readonly kind: 'test-roots-in-production'; readonly sources: readonly string[] }
  | { readonly kind: 'test-root-not-self-signed'; readonly source: string; readonly subject: string }
  | { readonly kind: 'no-anchors' };

export type TrustAnchorResult =
  | { readonly ok: true; readonly anchors: readonly TrustAnchor[] }
  | { readonly ok: false; readonly errors: readonly TrustAnchorError[] };

export function loadTrustAnchors(files: readonly AnchorFile[], options: LoadTrustAnchorsOptions): TrustAnchorResult {
  const errors: TrustAnchorError[] = [];
  const anchors = new Map<string, TrustAnchor>();

  for (const file of files) {
    const parsed = readAnchorFile(file, errors);
    if (!parsed) continue;
    const { sha256, der, certificate } = parsed;
    const pin = pinForFingerprint(sha256);
    if (pin === undefined) {
      errors.push({ kind: 'unpinned', source: file.name, sha256, subject: certificate.subject });
      continue;
    }
    anchors.set(sha256, { id: pin.id, source: file.name, sha256, der, certificate });
  }

  const testRoots = options.testRoots ?? [];
  if (testRoots.length > 0 && options.mode === 'production') {
    errors.push({ kind: 'test-roots-in-production', sources: testRoots.map((root) => root.name) });
  } else {
    for (const file of testRoots) {
      const parsed = readAnchorFile(file, errors);
      if (!parsed) continue;
      const { sha256, der, certificate } = parsed;
      if (!isSelfSignedCa(certificate)) {
        errors.push({ kind: 'test-root-not-self-signed', source: file.name, subject: certificate.subject });
        continue;
      }
      if (!anchors.has(sha256)) anchors.set(sha256, { id: 'test-root', source: file.name, sha256, der, certificate });
    }
  }

  if (errors.length > 0) return { ok: false, errors };
  if (anchors.size === 0) return { ok: false, errors: [{ kind: 'no-anchors' }] };
  return { ok: true, anchors: [...anchors.values()] };
}

/** The file's certificate, or undefined once its `unreadable` error is noted. */
function readAnchorFile(file: AnchorFile, errors: TrustAnchorError[]): ParsedCertificate | undefined {
  const parsed = parseCertificateFile(file.bytes);
  if (parsed.ok) return parsed.value;
  errors.push({ kind: 'unreadable', source: file.name, reason: parsed.error });
  return undefined;
}

function isSelfSignedCa(certificate: X509Certificate): boolean {
  try {
    return certificate.ca && certificate.checkIssued(certificate) && certificate.verify(certificate.publicKey);
  } catch {
    return false;
  }
}

/** One line per error, for logs, the CLI and diagnostics (no personal data: these are CA certificates). */
export function describeTrustAnchorError(error: TrustAnchorError): string {
  switch (error.kind) {
    case 'unreadable':
      return `${error.source}: not a single X.509 certificate (${error.reason.kind}${'detail' in error.reason ? `: ${error.reason.detail}` : ''})`;
    case 'unpinned':
      return `${error.source}: ${error.subject.replace(/\n/g, ', ')} (SHA-256 ${error.sha256}) is not a pinned Belgian root`;
    case 'test-roots-in-production':
      return `test roots are refused in production: ${error.sources.join(', ')}`;
    case 'test-root-not-self-signed':
      return `${error.source}: test root ${error.subject.replace(/\n/g, ', ')} is not a self-signed CA certificate`;
    case 'no-anchors':
      return 'no trust anchors found';
  }
}
