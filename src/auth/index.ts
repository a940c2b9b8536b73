// src/auth: Web eID authentication tokens, created on the client and validated on the server.
//
// Client: validateLoginInputs(origin, nonce) before touching the card, then
//   createAuthToken({ certificateDer, origin, nonce, appVersion, sign: (digest, alg) => card.sign(key, digest, hash) }).
// Server: build once, validate per login (never throws; the caller has already consumed the nonce):
//   const validator = createTokenValidator({ trustedCertificates: [rootPem, citizenCaPem], revocation: { mode: 'aia' } });
//   const result = await validator.validate(body.token, { origin: MYVIVIUM_ORIGIN, nonce: session.nonce });
//   if (result.ok) lookUp(result.subject.nationalNumber); else answer(result.error.code);
export { createAuthToken, type CreateAuthTokenInput, type TokenSigner } from './create-token.ts';
export { validateLoginInputs, isCanonicalHttpsOrigin, MIN_NONCE_CHARS, MAX_NONCE_CHARS } from './login-inputs.ts';
export { signedValueDigest, signedValueData } from './signed-value.ts';
export { tokenAlgorithmFor } from './token-algorithm.ts';
export {
  TOKEN_FORMAT, TOKEN_ALGORITHMS, MAX_TOKEN_CHARS,
  type WebEidToken, type TokenAlgorithm, type CreatedTokenAlgorithm, type TokenHash,
} from './token-format.ts';
export {
  createTokenValidator, DEFAULT_DISALLOWED_POLICIES,
  type TokenValidator, type TokenValidatorOptions, type ExpectedBinding, type RevocationOption,
} from './validator.ts';
export {
  VALIDATION_ERROR_CODES,
  type ValidationResult, type ValidationErrorCode, type ValidationFailure, type TokenSubject, type CertificateSummary,
} from './validation-result.ts';
