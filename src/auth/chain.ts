// Builds and verifies the path from the user's certificate to a configured CA: each link's
// signature, CA basic constraints, certificate-signing key usage and path length. Time is checked
// separately (pathValidity) so that a verified path can be cached and reused at any moment.
import { lowerHex, type ParsedCertificate } from './certificate.ts';
import { verifyX509Signature } from './certificate-signature.ts';
import type { TrustAnchors } from './trust-anchors.ts';

const MAX_PATH = 6;

export type PathResult = { ok: true; path: readonly ParsedCertificate[] } | { ok: false; reason: string };

/** `path[0]` is the leaf, `path[1]` its issuer (a configured CA), and so on while the configured CAs go up. */
export function buildPath(leaf: ParsedCertificate, anchors: TrustAnchors): PathResult {
  const path: ParsedCertificate[] = [leaf];
  for (;;) {
    const child = path[path.length - 1]!;
    const issuer = findIssuer(child, anchors, path);
    if (!issuer) {
      return path.length > 1 ? { ok: true, path } : { ok: false, reason: 'not issued by a configured CA' };
    }
    const caDepth = path.length - 1; // CAs below this issuer on the path
    if (!issuer.basicConstraints?.ca) return { ok: false, reason: 'issuer is not a CA' };
    if (issuer.keyUsage && !issuer.keyUsage.keyCertSign) return { ok: false, reason: 'issuer may not sign certificates' };
    if (issuer.basicConstraints.pathLength !== undefined && caDepth > issuer.basicConstraints.pathLength) {
      return { ok: false, reason: 'path length constraint exceeded' };
    }
    if (issuer.unknownCriticalExtensions.length > 0) return { ok: false, reason: 'issuer has an unknown critical extension' };
    path.push(issuer);
    if (isSelfIssued(issuer) || path.length >= MAX_PATH) return { ok: true, path };
  }
}

/** A configured CA with the child's issuer name whose key verifies the child's signature. */
function findIssuer(child: ParsedCertificate, anchors: TrustAnchors, path: readonly ParsedCertificate[]): ParsedCertificate | undefined {
  for (const candidate of anchors.bySubject(lowerHex(child.issuerName))) {
    if (path.includes(candidate)) continue;
    if (child.authorityKeyId && candidate.subjectKeyId && child.authorityKeyId !== candidate.subjectKeyId) continue;
    if (verifyX509Signature(child.signatureAlgorithm, child.tbs, child.signature, candidate.publicKey)) return candidate;
  }
  return undefined;
}

function isSelfIssued(cert: ParsedCertificate): boolean {
  return lowerHex(cert.subjectName) === lowerHex(cert.issuerName);
}

/** Whether every certificate on the path is valid at `at`; which one is not, otherwise. */
export function pathValidity(path: readonly ParsedCertificate[], at: Date): { ok: true } | { ok: false; expired: boolean; index: number } {
  const time = at.getTime();
  for (const [index, cert] of path.entries()) {
    if (time > cert.notAfter.getTime()) return { ok: false, expired: true, index };
    if (time < cert.notBefore.getTime()) return { ok: false, expired: false, index };
  }
  return { ok: true };
}
