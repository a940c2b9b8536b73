// One table from every error code to what the UI shows and the fix it offers. The renderer looks a
// code up here and translates `errors:<CODE>` (the message) and `errors:fix.<fix>` (the action);
// the texts live in the i18n namespace "errors". Browser-safe: no imports beyond the contract.
import type { ErrorCode } from './errors.ts';

/** What the user can do about it; each has a translated label `errors:fix.<id>`. */
export const FIXES = [
  'start-pcsc-service', // start the Smart Card service / pcscd
  'connect-reader',
  'insert-card',
  'use-belgian-eid', // this is not a Belgian eID card
  'close-other-programs', // another program holds the card
  'reinsert-card', // take the card out and put it back (chip side)
  'retype-pin',
  'use-pin-pad',
  'unblock-at-municipality', // PIN blocked: PUK letter / municipality
  'renew-card', // certificate expired, revoked or not trusted
  'check-clock', // certificate not yet valid: the computer's clock is probably wrong
  'check-connection', // backend unreachable or too slow
  'try-again', // transient: try the same step again
  'wait-and-retry', // rate limited
  'login-again', // session or challenge expired: start the login again
  'check-code', // onboarding code wrong
  'resend-code',
  'contact-helpdesk', // nothing the user can do alone
  'use-eid-card', // itsme is down: log in with the eID card instead
  'run-diagnosis', // the reader set-up needs a closer look
  'none', // the user cancelled: nothing to fix
] as const;
export type Fix = (typeof FIXES)[number];

/** info: nothing went wrong (cancelled); retry: the user can fix it and go on; fatal: this path ends here. */
export type Severity = 'info' | 'retry' | 'fatal';

export interface ErrorHelp {
  readonly fix: Fix;
  readonly severity: Severity;
}

export const ERROR_HELP: { readonly [C in ErrorCode]: ErrorHelp } = {
  PCSC_UNAVAILABLE: { fix: 'start-pcsc-service', severity: 'retry' },
  READER_NONE: { fix: 'connect-reader', severity: 'retry' },
  CARD_NONE: { fix: 'insert-card', severity: 'retry' },
  CARD_UNKNOWN: { fix: 'use-belgian-eid', severity: 'retry' },
  CARD_IN_USE: { fix: 'close-other-programs', severity: 'retry' },
  CARD_UNRESPONSIVE: { fix: 'reinsert-card', severity: 'retry' },
  CARD_REMOVED: { fix: 'reinsert-card', severity: 'retry' },
  CARD_COMMUNICATION: { fix: 'run-diagnosis', severity: 'retry' },
  CARD_DATA_INVALID: { fix: 'contact-helpdesk', severity: 'fatal' },
  CARD_NO_SIGNATURE_KEY: { fix: 'contact-helpdesk', severity: 'fatal' },
  CARD_PROCESS_RESTARTING: { fix: 'try-again', severity: 'retry' },
  PIN_WRONG: { fix: 'retype-pin', severity: 'retry' },
  PIN_BLOCKED: { fix: 'unblock-at-municipality', severity: 'fatal' },
  PIN_FORMAT: { fix: 'retype-pin', severity: 'retry' },
  PIN_CANCELLED: { fix: 'none', severity: 'info' },
  PIN_TIMEOUT: { fix: 'use-pin-pad', severity: 'retry' },
  PIN_PAD_FAILED: { fix: 'run-diagnosis', severity: 'retry' },
  CERT_EXPIRED: { fix: 'renew-card', severity: 'fatal' },
  CERT_NOT_YET_VALID: { fix: 'check-clock', severity: 'fatal' },
  CERT_UNTRUSTED: { fix: 'contact-helpdesk', severity: 'fatal' },
  CERT_REVOKED: { fix: 'renew-card', severity: 'fatal' },
  CERT_PURPOSE: { fix: 'contact-helpdesk', severity: 'fatal' },
  CERT_POLICY: { fix: 'contact-helpdesk', severity: 'fatal' },
  TOKEN_MALFORMED: { fix: 'contact-helpdesk', severity: 'fatal' },
  FORMAT_UNSUPPORTED: { fix: 'contact-helpdesk', severity: 'fatal' },
  SIGNATURE_INVALID: { fix: 'try-again', severity: 'retry' },
  OCSP_UNAVAILABLE: { fix: 'try-again', severity: 'retry' },
  OCSP_INVALID: { fix: 'contact-helpdesk', severity: 'fatal' },
  ORIGIN_MISMATCH: { fix: 'contact-helpdesk', severity: 'fatal' },
  NONCE_INVALID: { fix: 'login-again', severity: 'retry' },
  NONCE_EXPIRED: { fix: 'login-again', severity: 'retry' },
  BACKEND_UNREACHABLE: { fix: 'check-connection', severity: 'retry' },
  BACKEND_TIMEOUT: { fix: 'check-connection', severity: 'retry' },
  BACKEND_INVALID_RESPONSE: { fix: 'contact-helpdesk', severity: 'retry' },
  BACKEND_ERROR: { fix: 'try-again', severity: 'retry' },
  RATE_LIMITED: { fix: 'wait-and-retry', severity: 'retry' },
  SESSION_INVALID: { fix: 'login-again', severity: 'retry' },
  ACCOUNT_UNKNOWN: { fix: 'contact-helpdesk', severity: 'fatal' },
  CODE_WRONG: { fix: 'check-code', severity: 'retry' },
  CODE_EXPIRED: { fix: 'resend-code', severity: 'retry' },
  CODE_ATTEMPTS_EXCEEDED: { fix: 'resend-code', severity: 'retry' },
  BACKEND_UNAVAILABLE: { fix: 'wait-and-retry', severity: 'retry' },
  CODE_LOCKED: { fix: 'wait-and-retry', severity: 'retry' },
  PHONE_NOT_ALLOWED: { fix: 'contact-helpdesk', severity: 'retry' },
  SMS_UNAVAILABLE: { fix: 'wait-and-retry', severity: 'retry' },
  HANDOFF_INVALID: { fix: 'login-again', severity: 'retry' },
  ITSME_STATE_INVALID: { fix: 'try-again', severity: 'retry' },
  ITSME_CODE_INVALID: { fix: 'try-again', severity: 'retry' },
  ITSME_ID_TOKEN_INVALID: { fix: 'contact-helpdesk', severity: 'retry' },
  ITSME_PROVIDER_ERROR: { fix: 'try-again', severity: 'retry' },
  ITSME_TIMEOUT: { fix: 'try-again', severity: 'retry' },
  ITSME_UNAVAILABLE: { fix: 'use-eid-card', severity: 'retry' },
  UPDATE_NOT_NOW: { fix: 'try-again', severity: 'info' },
  INVALID_ARGUMENT: { fix: 'contact-helpdesk', severity: 'retry' },
  CANCELLED: { fix: 'none', severity: 'info' },
  INTERNAL: { fix: 'contact-helpdesk', severity: 'retry' },
};

/** The i18n keys for a code: its message and the label of its fix (namespace "errors"). */
export function errorHelp(code: ErrorCode): ErrorHelp & { readonly messageKey: string; readonly fixKey: string } {
  const help = ERROR_HELP[code];
  return { ...help, messageKey: `errors:${code}`, fixKey: `errors:fix.${help.fix}` };
}
