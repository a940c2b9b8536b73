// Every failure a user can meet has a stable code. The renderer maps each code to translated text and
// to the fix it offers (src/i18n, namespace "errors"); the CLI prints the code; the backend answers it.
// Add a code here first, then its text in all four languages.
import { z } from 'zod';

export const ERROR_CODES = [
  // PC/SC, reader and card
  'PCSC_UNAVAILABLE', // no PC/SC service (pcscd / Smart Card service) running
  'READER_NONE', // service runs, no reader connected
  'CARD_NONE', // reader present, no card
  'CARD_UNKNOWN', // a card that is not a Belgian eID
  'CARD_IN_USE', // another program holds the card exclusively (sharing violation)
  'CARD_UNRESPONSIVE', // mute or upside-down card
  'CARD_REMOVED', // card pulled out during an operation
  'CARD_COMMUNICATION', // the card answered something the protocol does not allow
  'CARD_DATA_INVALID', // identity/address signature or photo hash does not verify
  'CARD_NO_SIGNATURE_KEY', // a minor's card without signature key/certificate
  'CARD_PROCESS_RESTARTING', // the card process crashed and is being restarted
  // PIN
  'PIN_WRONG',
  'PIN_BLOCKED',
  'PIN_FORMAT', // not 4–12 digits
  'PIN_CANCELLED', // cancelled on the PIN pad or in the dialog
  'PIN_TIMEOUT', // PIN pad timed out
  'PIN_PAD_FAILED',
  // Certificates and tokens
  'CERT_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'CERT_PURPOSE',
  'CERT_POLICY',
  'TOKEN_MALFORMED',
  'FORMAT_UNSUPPORTED',
  'SIGNATURE_INVALID',
  'OCSP_UNAVAILABLE',
  'OCSP_INVALID',
  'ORIGIN_MISMATCH',
  'NONCE_INVALID',
  'NONCE_EXPIRED', // challenge expired, unknown or already used
  // Backend and account
  'BACKEND_UNREACHABLE',
  'BACKEND_TIMEOUT',
  'BACKEND_INVALID_RESPONSE',
  'BACKEND_ERROR',
  'RATE_LIMITED',
  'SESSION_INVALID',
  'ACCOUNT_UNKNOWN',
  'CODE_WRONG',
  'CODE_EXPIRED',
  'CODE_ATTEMPTS_EXCEEDED',
  'HANDOFF_INVALID',
  'BACKEND_UNAVAILABLE', // the backend's database is briefly unreachable: retry in a moment
  'CODE_LOCKED', // too many wrong codes for this account today: no code is checked until the lock ends
  'PHONE_NOT_ALLOWED', // text messages go only to mobile numbers of the allowed countries
  'SMS_UNAVAILABLE', // the backend's daily text-message budget is spent
  // itsme
  'ITSME_STATE_INVALID',
  'ITSME_CODE_INVALID',
  'ITSME_ID_TOKEN_INVALID',
  'ITSME_PROVIDER_ERROR',
  'ITSME_TIMEOUT',
  'ITSME_UNAVAILABLE', // itsme cannot be reached now: the eID card still works
  // General
  // The app's own update
  'UPDATE_NOT_NOW', // "Restart to update" while nothing is downloaded or during a login, PIN entry or signature
  'INVALID_ARGUMENT',
  'CANCELLED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
export const errorCodeSchema = z.enum(ERROR_CODES);

/** The error that crosses every boundary: a code, a developer message (never shown as-is), details. */
export const appErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string().max(2000),
  /** Values the translated text may use, e.g. { triesLeft: 2 }. No personal data. */
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});
export type AppErrorData = z.infer<typeof appErrorSchema>;

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string = code,
    readonly details?: Record<string, string | number | boolean | null>,
  ) {
    super(message);
  }

  toJSON(): AppErrorData {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}

export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}
