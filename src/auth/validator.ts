// Server side: validates a Web eID token against the origin and nonce the server issued. Built once
// from options (immutable), answers every input with a result and never throws. The checks run from
// the cheapest and most local to the network: shape, format, certificate, purpose, policy, validity,
// chain, then the signature — before any OCSP request, so a replayed or forged token never makes the
// server talk to the outside world — and revocation last.
import { AppError } from '../contract/errors.ts';
import { NAME_OID, lowerHex, parseCertificate, type CertificateDecoding, type ParsedCertificate } from './certificate.ts';
import { buildPath, pathValidity, type PathResult } from './chain.ts';
import { isCanonicalHttpsOrigin } from './login-inputs.ts';
import { checkRevocation, type RevocationSettings } from './ocsp-check.ts';
import { hashOf, isStandardBase64, isTokenAlgorithm, MAX_TOKEN_CHARS, receivedTokenSchema, SUPPORTED_FORMAT, TOKEN_FORMAT, type TokenAlgorithm } from './token-format.ts';
import { originDigest } from './signed-value.ts';
import { verifyTokenSignature } from './token-signature.ts';
import { certificateBlocks, indexTrustAnchors } from './trust-anchors.ts';
import { failure, type CertificateSummary, type TokenSubject, type ValidationResult } from './validation-result.ts';
import { BoundedMemo } from './validator-cache.ts';

export type RevocationOption =
  | false
  | { readonly mode: 'aia' }
  | { readonly mode: 'designated'; readonly url: string; readonly responderCertificate: string | Uint8Array };

export interface TokenValidatorOptions {
  /** PEM or DER certificates of the CAs to trust (issuing CAs and/or roots). Each one is an anchor. */
  readonly trustedCertificates: readonly (string | Uint8Array)[];
  /** OCSP through the certificate's AIA URL, through one pinned responder, or off (tests, offline demos). */
  readonly revocation: RevocationOption;
  /** Policy OIDs a user certificate must not carry. Default: the Estonian Mobile-ID policies, as Web eID. */
  readonly disallowedPolicies?: readonly string[];
  readonly clock?: () => Date;
  /** Default 5 s. */
  readonly ocspTimeoutMs?: number;
  /** Tolerated clock difference with the OCSP responder. Default 15 min. */
  readonly allowedClockSkewMs?: number;
  /** Oldest acceptable OCSP thisUpdate. Default 2 min. */
  readonly ocspMaxAgeMs?: number;
  readonly fetch?: typeof fetch;
}

export interface ExpectedBinding {
  /** The origin this server's tokens are bound to, `https://host[:port]`. */
  readonly origin: string;
  /** The nonce this session was issued (already checked single-use and unexpired by the caller). */
  readonly nonce: string;
  /** Validation time; defaults to the validator's clock. */
  readonly at?: Date;
}

export interface TokenValidator {
  validate(token: unknown, expected: ExpectedBinding): Promise<ValidationResult>;
}

export const DEFAULT_DISALLOWED_POLICIES = [
  '1.3.6.1.4.1.10015.1.3',
  '1.3.6.1.4.1.10015.1.3.1',
  '1.3.6.1.4.1.10015.1.3.2',
  '1.3.6.1.4.1.10015.1.3.3',
] as const;

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
/**
 * The policy every Belgian eID authentication certificate carries: 2.16.56.<root>.1.1.<2 citizen | 7 foreigner>.2
 * under the arc of its root (1: Root CA, 9: CA2, 10: CA3, 12: CA4, and so on for later roots). The signature
 * certificate (….1) and the national register's (….4) do not match, nor does any other country's policy.
 */
const BELGIAN_AUTHENTICATION_POLICY = /^2\.16\.56\.\d+\.1\.1\.[27]\.2$/;
/** The national register number, bare (Belgian cards) or in the ETSI form `PNOBE-…`; nothing else names a customer. */
const BELGIAN_NATIONAL_NUMBER = /^(?:PNOBE-)?(\d{11})$/;
const CACHE_ENTRIES = 4_096;

interface CertificateEntry {
  readonly decoding: CertificateDecoding;
  path?: PathResult;
  /** The (frozen) successful answer for this certificate, per token algorithm, built once. */
  answers?: Map<TokenAlgorithm, ValidationResult>;
}

/** Throws `AppError('INVALID_ARGUMENT')` for unusable options (no or broken CA certificates). */
export function createTokenValidator(options: TokenValidatorOptions): TokenValidator {
  const anchors = indexTrustAnchors(options.trustedCertificates);
  const disallowed = new Set(options.disallowedPolicies ?? DEFAULT_DISALLOWED_POLICIES);
  const clock = options.clock ?? (() => new Date());
  const revocation = revocationSettings(options);
  const memo = new BoundedMemo<CertificateEntry>(CACHE_ENTRIES);
  const originChecks = new BoundedMemo<boolean>(64); // a server binds tokens to one or a few origins
  const originHashes = new BoundedMemo<Buffer>(64); // H(origin) per hash algorithm and origin

  async function run(token: unknown, expected: ExpectedBinding): Promise<ValidationResult> {
    let input = token;
    if (typeof input === 'string') {
      if (input.length > MAX_TOKEN_CHARS) return failure('TOKEN_MALFORMED', 'token is too long');
      try {
        input = JSON.parse(input);
      } catch {
        return failure('TOKEN_MALFORMED', 'token is not JSON');
      }
    }
    const shape = receivedTokenSchema.safeParse(input);
    if (!shape.success) return failure('TOKEN_MALFORMED', `token shape: ${shape.error.issues[0]?.path.join('.') ?? ''} ${shape.error.issues[0]?.message ?? ''}`.trim());
    const received = shape.data;
    if (!SUPPORTED_FORMAT.test(received.format)) return failure('FORMAT_UNSUPPORTED', 'only token format web-eid:1 is supported');
    if (received.format === TOKEN_FORMAT && received.unverifiedSigningCertificates !== undefined) {
      return failure('TOKEN_MALFORMED', 'web-eid:1.0 tokens carry no signing certificates');
    }
    if (!isTokenAlgorithm(received.algorithm)) return failure('TOKEN_MALFORMED', 'unsupported signature algorithm');
    const origin: unknown = expected?.origin;
    const originUsable = typeof origin === 'string' && originChecks.get(origin, () => isCanonicalHttpsOrigin(origin));
    if (!originUsable || typeof expected.nonce !== 'string' || expected.nonce.length === 0) {
      return failure('TOKEN_MALFORMED', 'the expected origin or nonce given to the validator is unusable');
    }
    const at = expected.at ?? clock();
    if (!(at instanceof Date) || Number.isNaN(at.getTime())) return failure('TOKEN_MALFORMED', 'validation time is not a date');

    const entry = memo.get(received.unverifiedCertificate, () => ({
      decoding: isStandardBase64(received.unverifiedCertificate)
        ? parseCertificate(new Uint8Array(Buffer.from(received.unverifiedCertificate, 'base64')))
        : { ok: false, reason: 'certificate is not standard Base64 with padding' },
    }));
    if (!entry.decoding.ok) return failure('TOKEN_MALFORMED', entry.decoding.reason);
    const leaf = entry.decoding.certificate;

    const purpose = purposeProblem(leaf);
    if (purpose) return failure('CERT_PURPOSE', purpose);
    const policy = leaf.policies.find((oid) => disallowed.has(oid));
    if (policy) return failure('CERT_POLICY', `certificate policy ${policy} is not accepted`);
    if (!leaf.policies.some((oid) => BELGIAN_AUTHENTICATION_POLICY.test(oid))) {
      return failure('CERT_POLICY', 'not a Belgian eID authentication certificate (policy 2.16.56.x.1.1.2.2 or .7.2 missing)');
    }
    const leafValidity = pathValidity([leaf], at);
    if (!leafValidity.ok) {
      return leafValidity.expired
        ? failure('CERT_EXPIRED', 'the user certificate has expired')
        : failure('CERT_NOT_YET_VALID', 'the user certificate is not valid yet');
    }
    entry.path ??= buildPath(leaf, anchors);
    if (!entry.path.ok) return failure('CERT_UNTRUSTED', entry.path.reason);
    const path = entry.path.path;
    const caValidity = pathValidity(path, at);
    if (!caValidity.ok) {
      return caValidity.expired
        ? failure('CERT_EXPIRED', 'a CA certificate on the path has expired')
        : failure('CERT_NOT_YET_VALID', 'a CA certificate on the path is not valid yet');
    }

    const hash = hashOf(received.algorithm);
    const originHash = originHashes.get(`${hash} ${expected.origin}`, () => originDigest(expected.origin, hash));
    const signature = verifyTokenSignature(
      leaf.publicKey, received.algorithm, Buffer.from(received.signature, 'base64'), expected.origin, expected.nonce, originHash,
    );
    if (!signature.ok) return failure('SIGNATURE_INVALID', signature.reason);

    if (revocation) {
      // Revocation is the status now, whatever `at` says: the responder answers for the present.
      const status = await checkRevocation(leaf, path[1]!, revocation, clock());
      if (!status.ok) return failure(status.code, status.message);
    }
    entry.answers ??= new Map();
    let answer = entry.answers.get(received.algorithm);
    if (!answer) {
      answer = Object.freeze({
        ok: true as const,
        subject: subjectOf(leaf),
        certificate: Object.freeze({ ...summaryOf(leaf), algorithm: received.algorithm, revocationChecked: revocation !== undefined }),
      });
      entry.answers.set(received.algorithm, answer);
    }
    return answer;
  }

  return Object.freeze({
    async validate(token: unknown, expected: ExpectedBinding): Promise<ValidationResult> {
      try {
        return await run(token, expected);
      } catch (error) {
        // Every known failure is returned above; this is the promise that nothing escapes.
        return failure('TOKEN_MALFORMED', `unexpected validation failure: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  });
}

function purposeProblem(leaf: ParsedCertificate): string | undefined {
  if (!leaf.keyUsage?.digitalSignature) return 'the certificate key may not make digital signatures';
  if (leaf.extendedKeyUsage && !leaf.extendedKeyUsage.includes(CLIENT_AUTH)) return 'the certificate is not for client authentication';
  if (leaf.basicConstraints?.ca) return 'a CA certificate cannot authenticate a person';
  if (leaf.unknownCriticalExtensions.length > 0) return `unknown critical extension ${leaf.unknownCriticalExtensions[0]}`;
  if (leaf.subject.get(NAME_OID.country) !== 'BE') return 'the certificate names no Belgian person (subject C is not BE)';
  if (!BELGIAN_NATIONAL_NUMBER.test(leaf.subject.get(NAME_OID.serialNumber) ?? '')) {
    return 'the certificate names no Belgian national number (serialNumber is not 11 digits, bare or PNOBE-)';
  }
  return undefined;
}

function subjectOf(leaf: ParsedCertificate): TokenSubject {
  const get = (oid: string) => leaf.subject.get(oid) ?? '';
  return Object.freeze({
    surname: get(NAME_OID.surname),
    givenNames: get(NAME_OID.givenName),
    nationalNumber: BELGIAN_NATIONAL_NUMBER.exec(get(NAME_OID.serialNumber))?.[1] ?? '',
    country: get(NAME_OID.country),
    commonName: get(NAME_OID.commonName),
  });
}

function summaryOf(leaf: ParsedCertificate): Omit<CertificateSummary, 'algorithm' | 'revocationChecked'> {
  return Object.freeze({
    serialNumber: lowerHex(leaf.serialNumber).toUpperCase(),
    issuerCommonName: leaf.issuer.get(NAME_OID.commonName) ?? '',
    notBefore: leaf.notBefore.toISOString(),
    notAfter: leaf.notAfter.toISOString(),
    sha256Fingerprint: leaf.sha256,
  });
}

function revocationSettings(options: TokenValidatorOptions): RevocationSettings | undefined {
  if (options.revocation === false) return undefined;
  const common = {
    timeoutMs: options.ocspTimeoutMs ?? 5_000,
    skewMs: options.allowedClockSkewMs ?? 15 * 60_000,
    maxAgeMs: options.ocspMaxAgeMs ?? 2 * 60_000,
    fetch: options.fetch ?? globalThis.fetch,
  };
  if (options.revocation.mode === 'aia') return { ...common, service: { mode: 'aia' } };
  if (!/^https?:\/\/[^\s]+$/.test(options.revocation.url)) throw new AppError('INVALID_ARGUMENT', 'OCSP responder URL must be http(s)');
  const [der] = certificateBlocks(options.revocation.responderCertificate);
  const decoded = parseCertificate(der!);
  if (!decoded.ok) throw new AppError('INVALID_ARGUMENT', `OCSP responder certificate: ${decoded.reason}`);
  return { ...common, service: { mode: 'designated', url: options.revocation.url, responder: decoded.certificate } };
}
