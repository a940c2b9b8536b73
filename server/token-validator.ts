// What the server needs from src/auth's validator: structural, so the library's validator fits and the
// server's tests can run against the real one. The server always passes the origin from its own
// configuration and the nonce it issued, never values received from the client.
import type { ErrorCode } from '../src/contract/errors.ts';

export interface TokenSubjectView {
  readonly surname: string;
  readonly givenNames: string;
  readonly nationalNumber: string;
  readonly country: string;
  readonly commonName: string;
}

export type TokenValidation =
  | { readonly ok: true; readonly subject: TokenSubjectView }
  | { readonly ok: false; readonly error: { readonly code: ErrorCode; readonly message: string } };

export interface TokenValidator {
  validate(token: unknown, expected: { origin: string; nonce: string; at?: Date }): Promise<TokenValidation>;
}
