// One HTTP status per error code, and the one shape every error answer has: { error: { code, message, details? } }.
import { AppError, type ErrorCode } from '../src/contract/errors.ts';

const STATUS: Partial<Record<ErrorCode, number>> = {
  INVALID_ARGUMENT: 400,
  TOKEN_MALFORMED: 400,
  FORMAT_UNSUPPORTED: 400,
  CERT_PURPOSE: 401,
  CERT_POLICY: 401,
  CERT_EXPIRED: 401,
  CERT_NOT_YET_VALID: 401,
  CERT_UNTRUSTED: 401,
  CERT_REVOKED: 401,
  SIGNATURE_INVALID: 401,
  NONCE_INVALID: 401,
  NONCE_EXPIRED: 401,
  ORIGIN_MISMATCH: 401,
  SESSION_INVALID: 401,
  ACCOUNT_UNKNOWN: 403,
  CODE_WRONG: 400,
  CODE_EXPIRED: 410,
  CODE_ATTEMPTS_EXCEEDED: 403,
  HANDOFF_INVALID: 410,
  RATE_LIMITED: 429,
  OCSP_UNAVAILABLE: 503,
  ITSME_UNAVAILABLE: 503,
  OCSP_INVALID: 502,
  BACKEND_ERROR: 502,
  INTERNAL: 500,
};

export function statusOf(code: ErrorCode): number {
  return STATUS[code] ?? 400;
}

export function errorBody(error: AppError): { error: ReturnType<AppError['toJSON']> } {
  return { error: error.toJSON() };
}

/** The helpdesk that unknown customers are sent to. */
export const HELPDESK = { helpdeskEmail: 'myvivium@vivium.be', helpdeskPhone: '02/406.87.09' } as const;
