// The Web eID authentication token (format `web-eid:1.0`) as it crosses the wire, and the JWA
// algorithm names it may carry. Kept apart from creation and validation so both sides share one
// definition of the shape.
import { z } from 'zod';
import type { HashAlgorithm } from '../card/digest-info.ts';

export const TOKEN_FORMAT = 'web-eid:1.0';

/** `web-eid:1` and `web-eid:1.<minor>`: a minor version stays compatible; a bare prefix match would accept `web-eid:10`. */
export const SUPPORTED_FORMAT = /^web-eid:1(\.\d{1,4})?$/;

/** Every algorithm the Web eID specification allows in a token. */
export const TOKEN_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const;
export type TokenAlgorithm = (typeof TOKEN_ALGORITHMS)[number];

/** What our own tokens use: derived from the certificate's key, as the card has no choice. */
export type CreatedTokenAlgorithm = 'RS256' | 'ES256' | 'ES384' | 'ES512';

/** The hashes a Web eID token's signature is made over: the card's hash algorithms without SHA-1. */
export const TOKEN_HASHES = ['SHA-256', 'SHA-384', 'SHA-512'] as const satisfies readonly HashAlgorithm[];
export type TokenHash = (typeof TOKEN_HASHES)[number];

export interface WebEidToken {
  /** Standard Base64 (with padding) of the DER authentication certificate. */
  readonly unverifiedCertificate: string;
  readonly algorithm: CreatedTokenAlgorithm;
  /** Standard Base64 of the signature: PKCS#1 v1.5 for RSA, raw r‖s for ECDSA. */
  readonly signature: string;
  readonly format: typeof TOKEN_FORMAT;
  /** An informative URL naming this app and its version. */
  readonly appVersion: string;
}

/** A token longer than this is refused before parsing (real tokens are 1–3 kB). */
export const MAX_TOKEN_CHARS = 10_000;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard alphabet with padding, as Web eID requires (Buffer's decoder would accept anything). */
export function isStandardBase64(text: string): boolean {
  return BASE64.test(text);
}

/**
 * The shape a received token must have. Unknown fields (e.g. the extension's `action`) are ignored,
 * as every Web eID validator does; `algorithm` and `format` are checked by the validator itself so
 * that each gets its own error code.
 */
export const receivedTokenSchema = z.object({
  // Its Base64 form is checked when the certificate is decoded, once per distinct certificate.
  unverifiedCertificate: z.string().min(4).max(8_000),
  algorithm: z.string().min(1).max(16),
  signature: z.string().min(4).max(1_024).regex(BASE64, 'not standard Base64 with padding'),
  format: z.string().min(1).max(32),
  appVersion: z.string().max(512).optional(),
  unverifiedSigningCertificates: z.unknown().optional(),
});
export type ReceivedToken = z.infer<typeof receivedTokenSchema>;

export function isTokenAlgorithm(value: string): value is TokenAlgorithm {
  return (TOKEN_ALGORITHMS as readonly string[]).includes(value);
}

/** The hash a JWA name implies: the last three characters name its size. */
export function hashOf(algorithm: TokenAlgorithm): TokenHash {
  return `SHA-${algorithm.slice(2)}` as TokenHash;
}
