// The validator's revocation check against a real OCSP responder over HTTP on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenValidator, type TokenValidatorOptions, type ValidationResult, type WebEidToken } from '../../src/auth/index.ts';
import { createOcspResponderCert, createTestCa, createTestUser, EKU, type Credential } from '../../src/test-pki/test-pki.ts';
import { TEST_NONCE, TEST_ORIGIN, tokenFor } from '../../src/test-pki/software-token.ts';
import { startOcspResponder, type OcspBehaviour, type OcspResponder } from '../support/ocsp-responder.ts';

const expected = { origin: TEST_ORIGIN, nonce: TEST_NONCE };
const codeOf = (result: ValidationResult) => (result.ok ? 'OK' : result.error.code);

describe('OCSP revocation check', () => {
  let ca: Credential;
  let user: Credential;
  let token: WebEidToken;
  let byCa: OcspResponder;
  const started: OcspResponder[] = [];

  const start = async (...args: Parameters<typeof startOcspResponder>) => {
    const responder = await startOcspResponder(...args);
    started.push(responder);
    return responder;
  };
  const validator = (options: Partial<TokenValidatorOptions> = {}) =>
    createTokenValidator({ trustedCertificates: [ca.pem], revocation: { mode: 'aia' }, ocspTimeoutMs: 2_000, ...options });
  const serial = (cert: Credential) => cert.certificate.serialNumber;

  beforeAll(async () => {
    ca = await createTestCa({ name: 'OCSP Test CA' });
    byCa = await start({ signer: { der: ca.der, privateKey: ca.key.privateKey }, includeSigner: false });
    user = await createTestUser(ca, { ocspUrl: byCa.url });
    token = await tokenFor(user);
  });

  afterAll(async () => {
    await Promise.all(started.map((r) => r.close()));
  });

  const outcome = async (behaviour: OcspBehaviour, options: Partial<TokenValidatorOptions> = {}) => {
    byCa.setBehaviour(serial(user), behaviour);
    return validator(options).validate(token, expected);
  };

  it('good → valid, and says revocation was checked', async () => {
    const result = await outcome('good');
    expect(result).toMatchObject({ ok: true, certificate: { revocationChecked: true } });
  });

  it('revoked and unknown → CERT_REVOKED', async () => {
    expect(codeOf(await outcome('revoked'))).toBe('CERT_REVOKED');
    expect(codeOf(await outcome('unknown'))).toBe('CERT_REVOKED');
  });

  it('bad signature, stale answer, missing nonce, answer about another certificate, oversized body → OCSP_INVALID', async () => {
    const reasons = {
      'bad-signature': /signature/, stale: /stale/, 'no-nonce': /nonce/, 'other-certificate': /another certificate/, oversized: /too large/,
    };
    for (const [behaviour, reason] of Object.entries(reasons)) {
      const result = await outcome(behaviour as OcspBehaviour);
      expect(result, behaviour).toMatchObject({ ok: false, error: { code: 'OCSP_INVALID', message: expect.stringMatching(reason) } });
    }
  });

  it('no answer within the timeout, tryLater, HTTP 500, nobody listening → OCSP_UNAVAILABLE', async () => {
    expect(codeOf(await outcome('silent', { ocspTimeoutMs: 300 }))).toBe('OCSP_UNAVAILABLE');
    expect(codeOf(await outcome('try-later'))).toBe('OCSP_UNAVAILABLE');
    expect(codeOf(await outcome('http-error'))).toBe('OCSP_UNAVAILABLE');
    const gone = await start({ signer: { der: ca.der, privateKey: ca.key.privateKey } });
    const orphan = await createTestUser(ca, { ocspUrl: gone.url });
    await gone.close();
    expect(codeOf(await validator().validate(await tokenFor(orphan), expected))).toBe('OCSP_UNAVAILABLE');
    const noAia = await createTestUser(ca);
    expect(codeOf(await validator().validate(await tokenFor(noAia), expected))).toBe('OCSP_UNAVAILABLE');
  });

  it('treats a stale answer as fresh only within the configured age', async () => {
    expect(codeOf(await outcome('stale', { ocspMaxAgeMs: 2 * 86_400_000, allowedClockSkewMs: 86_400_000 }))).toBe('OK');
  });

  it('checks the signature before any OCSP request', async () => {
    byCa.setBehaviour(serial(user), 'good');
    const before = byCa.requestCount;
    const forged = await validator().validate(token, { ...expected, nonce: `${TEST_NONCE.slice(0, -2)}B=` });
    expect(codeOf(forged)).toBe('SIGNATURE_INVALID');
    expect(byCa.requestCount).toBe(before);
  });

  it('accepts a delegated responder the CA authorised, found by key among decoy certificates', async () => {
    const responderCert = await createOcspResponderCert(ca);
    const decoy = await createOcspResponderCert(ca, { extendedKeyUsage: [EKU.clientAuth], name: 'Decoy' });
    const delegated = await start({
      signer: { der: responderCert.der, privateKey: responderCert.key.privateKey },
      extraCertificates: [decoy.der],
      responderIdByKey: true,
    });
    const delegatedUser = await createTestUser(ca, { ocspUrl: delegated.url });
    expect(codeOf(await validator().validate(await tokenFor(delegatedUser), expected))).toBe('OK');
  });

  it('refuses responders the CA did not authorise → OCSP_INVALID', async () => {
    const noEku = await createOcspResponderCert(ca, { extendedKeyUsage: [EKU.clientAuth] });
    const otherCa = await createTestCa({ name: 'Other OCSP CA' });
    const foreign = await createOcspResponderCert(otherCa);
    for (const signer of [noEku, foreign]) {
      const responder = await start({ signer: { der: signer.der, privateKey: signer.key.privateKey } });
      const u = await createTestUser(ca, { ocspUrl: responder.url });
      expect(await validator().validate(await tokenFor(u), expected))
        .toMatchObject({ ok: false, error: { code: 'OCSP_INVALID', message: expect.stringMatching(/not authorised/) } });
    }
  });

  it('designated mode: uses the pinned responder whatever the certificate says, and only its signature', async () => {
    const pinned = await createOcspResponderCert(ca, { name: 'Pinned Responder' });
    const other = await createOcspResponderCert(ca, { name: 'Other Responder' });
    const responder = await start({ signer: { der: pinned.der, privateKey: pinned.key.privateKey } });
    const designated = (cert: Credential) =>
      validator({ revocation: { mode: 'designated', url: responder.url, responderCertificate: cert.pem } });
    const noAia = await tokenFor(await createTestUser(ca));
    expect(codeOf(await designated(pinned).validate(noAia, expected))).toBe('OK');
    expect(await designated(other).validate(noAia, expected))
      .toMatchObject({ ok: false, error: { code: 'OCSP_INVALID', message: expect.stringMatching(/signature/) } });
    responder.setBehaviour(serial(user), 'revoked');
    expect(codeOf(await designated(pinned).validate(token, expected))).toBe('CERT_REVOKED');
  });
});
