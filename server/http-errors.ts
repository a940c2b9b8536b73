// One HTTP status and one fixed message per error code, and the one shape every error answer has:
// { error: { code, message, details? } }. The message never carries the error's own text (a socket error,
// a parser's schema complaint, an OCSP responder's status): that goes to the server log only.
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
  BACKEND_UNAVAILABLE: 503,
  CODE_LOCKED: 403,
  PHONE_NOT_ALLOWED: 400,
  SMS_UNAVAILABLE: 503,
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

const MESSAGE: Partial<Record<ErrorCode, string>> = {
  INVALID_ARGUMENT: 'the request is not valid',
  TOKEN_MALFORMED: 'the authentication token is malformed',
  FORMAT_UNSUPPORTED: 'the authentication token format is not supported',
  CERT_PURPOSE: 'the certificate cannot be used to log in',
  CERT_POLICY: 'the certificate is not a Belgian eID authentication certificate',
  CERT_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet',
  CERT_UNTRUSTED: 'the certificate is not issued by a trusted authority',
  CERT_REVOKED: 'the certificate is revoked',
  SIGNATURE_INVALID: 'the signature does not verify',
  NONCE_INVALID: 'the challenge is not valid',
  NONCE_EXPIRED: 'the challenge is unknown, used or expired',
  ORIGIN_MISMATCH: 'the token is bound to another origin',
  SESSION_INVALID: 'no valid session',
  ACCOUNT_UNKNOWN: 'no MyVivium customer for this person',
  CODE_WRONG: 'wrong code',
  CODE_EXPIRED: 'no code is pending or it expired',
  CODE_ATTEMPTS_EXCEEDED: 'too many wrong codes',
  HANDOFF_INVALID: 'the link is unknown, used or expired',
  BACKEND_UNAVAILABLE: 'the service is briefly unavailable: try again in a moment',
  CODE_LOCKED: 'too many wrong codes: codes are locked for this account for now',
  PHONE_NOT_ALLOWED: 'text messages go only to mobile numbers of the allowed countries',
  SMS_UNAVAILABLE: 'no text message can be sent now',
  RATE_LIMITED: 'too many requests',
  OCSP_UNAVAILABLE: 'the certificate status cannot be checked now',
  OCSP_INVALID: 'the certificate status answer is not valid',
  BACKEND_ERROR: 'the request could not be completed',
  ITSME_STATE_INVALID: 'the itsme login is unknown or expired',
  ITSME_CODE_INVALID: 'the itsme login could not be completed',
  ITSME_ID_TOKEN_INVALID: 'the itsme login could not be verified',
  ITSME_PROVIDER_ERROR: 'itsme refused or could not complete the login',
  ITSME_TIMEOUT: 'the itsme login took too long',
  ITSME_UNAVAILABLE: 'itsme cannot be reached now',
  INTERNAL: 'internal error',
};

/** The fixed text answered for a code. */
export function publicMessage(code: ErrorCode): string {
  return MESSAGE[code] ?? 'the request was refused';
}

/** The answer for an error: its code, the code's fixed message and its details (values the app shows, never internals). */
export function errorBody(error: AppError): { error: ReturnType<AppError['toJSON']> } {
  return { error: { code: error.code, message: publicMessage(error.code), ...(error.details ? { details: error.details } : {}) } };
}

/** The helpdesk that unknown customers are sent to. */
export const HELPDESK = { helpdeskEmail: 'myvivium@vivium.be', helpdeskPhone: '02/406.87.09' } as const;
