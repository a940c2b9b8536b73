// What the validator answers: the person behind a valid token, or one stable error code.
import type { ErrorCode } from '../contract/errors.ts';
import type { TokenAlgorithm } from './token-format.ts';

export const VALIDATION_ERROR_CODES = [
  'TOKEN_MALFORMED',
  'FORMAT_UNSUPPORTED',
  'CERT_PURPOSE',
  'CERT_POLICY',
  'CERT_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'OCSP_UNAVAILABLE',
  'OCSP_INVALID',
  'SIGNATURE_INVALID',
] as const satisfies readonly ErrorCode[];
export type ValidationErrorCode = (typeof VALIDATION_ERROR_CODES)[number];

export interface TokenSubject {
  readonly surname: string;
  readonly givenNames: string;
  /** The subject's serialNumber: the Belgian national register number, 11 digits (a `PNOBE-` prefix is removed). */
  readonly nationalNumber: string;
  /** ISO 3166 two-letter code from the subject's C. */
  readonly country: string;
  readonly commonName: string;
}

export interface CertificateSummary {
  /** Hex, upper case, as certificate viewers show it. */
  readonly serialNumber: string;
  readonly issuerCommonName: string;
  readonly notBefore: string; // ISO 8601
  readonly notAfter: string; // ISO 8601
  readonly sha256Fingerprint: string; // hex, lower case
  readonly algorithm: TokenAlgorithm;
  /** Whether revocation was checked over OCSP for this answer. */
  readonly revocationChecked: boolean;
}

export interface ValidationFailure {
  readonly code: ValidationErrorCode;
  /** For logs and developers; holds no personal data. */
  readonly message: string;
}

export type ValidationResult =
  | { readonly ok: true; readonly subject: TokenSubject; readonly certificate: CertificateSummary }
  | { readonly ok: false; readonly error: ValidationFailure };

export function failure(code: ValidationErrorCode, message: string): { ok: false; error: ValidationFailure } {
  return { ok: false, error: { code, message } };
}
