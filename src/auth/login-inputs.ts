// Client-side checks on what the token will be bound to, run before the card is touched: a bad
// origin or nonce is a programming or configuration error, not a card problem.
import { AppError } from '../contract/errors.ts';

export const MIN_NONCE_CHARS = 44; // 32 random bytes in Base64
export const MAX_NONCE_CHARS = 128;
const MAX_ORIGIN_CHARS = 255;

/**
 * Throws `AppError('INVALID_ARGUMENT')` unless `origin` is exactly `https://host[:port]` as a browser
 * serialises it (lower case, Punycode host, no default port, no path, query, fragment or user info)
 * and `nonce` is 44–128 printable ASCII characters. The origin is hashed byte for byte, so only its
 * canonical spelling may be signed: anything else would give a token no server accepts, or one for a
 * site the user did not see.
 */
export function validateLoginInputs(origin: string, nonce: string): void {
  if (!isCanonicalHttpsOrigin(origin)) {
    throw new AppError('INVALID_ARGUMENT', 'origin must be https://host[:port] in canonical form (Punycode host)');
  }
  if (typeof nonce !== 'string' || nonce.length < MIN_NONCE_CHARS || nonce.length > MAX_NONCE_CHARS) {
    throw new AppError('INVALID_ARGUMENT', `nonce must be ${MIN_NONCE_CHARS}–${MAX_NONCE_CHARS} characters`);
  }
  if (!/^[\x21-\x7e]+$/.test(nonce)) {
    throw new AppError('INVALID_ARGUMENT', 'nonce must be printable ASCII');
  }
}

export function isCanonicalHttpsOrigin(origin: unknown): origin is string {
  if (typeof origin !== 'string' || origin.length > MAX_ORIGIN_CHARS || !/^https:\/\/[\x21-\x7e]+$/.test(origin)) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  // URL.origin drops user info, path, query, fragment and the default port, lower-cases the host and
  // turns Unicode into Punycode: the input is canonical exactly when nothing was dropped or changed.
  return url.protocol === 'https:' && url.hostname !== '' && url.origin === origin;
}
