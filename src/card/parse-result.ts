// Card data parsers are total: every byte sequence gives a value or one of these typed errors.

export type ParseErrorKind = 'empty' | 'truncated' | 'invalid-field' | 'missing-field';

export interface ParseError {
  readonly kind: ParseErrorKind;
  readonly message: string;
  /** The TLV tag concerned, when there is one. */
  readonly tag?: number;
  /** Byte offset in the file where the problem starts. */
  readonly offset?: number;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ParseError };

export const parsed = <T>(value: T): ParseResult<T> => ({ ok: true, value });
export const parseFailure = <T>(error: ParseError): ParseResult<T> => ({ ok: false, error });
