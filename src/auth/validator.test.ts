import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTokenValidator, type TokenValidator } from './validator.ts';
import type { ValidationResult } from './validation-result.ts';
import type { WebEidToken } from './token-format.ts';
import { createTestCa, createTestUser, EKU, KeyUsageFlags, opaqueExtension, type Credential } from '../test-pki/test-pki.ts';
import { TEST_NONCE, TEST_ORIGIN, tokenFor } from '../test-pki/software-token.ts';

const DAY = 86_400_000;
const expected = { origin: TEST_ORIGIN, nonce: TEST_NONCE };

function codeOf(result: ValidationResult): string {
  return result.ok ? 'OK' : result.error.code;
}

describe('createTokenValidator', () => {
  let root: Credential;
  let ca: Credential;
  let validator: TokenValidator;
  let p384Token: WebEidToken;

  beforeAll(async () => {
    root = await createTestCa({ name: 'Auth Test Root CA' });
    ca = await createTestCa({ name: 'Auth Test Citizen CA', issuer: root, pathLength: 0 });
    validator = createTokenValidator({ trustedCertificates: [root.pem, ca.der], revocation: false });
    p384Token = await tokenFor(await createTestUser(ca, { keyType: 'ec-p384' }));
  });

  it('accepts a P-384 token and returns the subject', async () => {
    const result = await validator.validate(p384Token, expected);
    expect(result).toMatchObject({
      ok: true,
      subject: { surname: 'Peeters', givenNames: 'Anna Maria', nationalNumber: '85073003328', country: 'BE', commonName: 'Anna Peeters (Authentication)' },
      certificate: { algorithm: 'ES384', issuerCommonName: 'Auth Test Citizen CA', revocationChecked: false },
    });
  });

  it('accepts an RSA-2048 token (RS256) given as a JSON string', async () => {
    const token = await tokenFor(await createTestUser(ca, { keyType: 'rsa-2048' }));
    expect(token.algorithm).toBe('RS256');
    expect(codeOf(await validator.validate(JSON.stringify(token), expected))).toBe('OK');
  });

  it('accepts P-256 and P-521 tokens (ES256, ES512)', async () => {
    for (const keyType of ['ec-p256', 'ec-p521'] as const) {
      const token = await tokenFor(await createTestUser(ca, { keyType }));
      expect(codeOf(await validator.validate(token, expected))).toBe('OK');
    }
  });

  it('trusts an issuing CA configured alone as anchor', async () => {
    const onlyCa = createTokenValidator({ trustedCertificates: [ca.pem], revocation: false });
    expect(codeOf(await onlyCa.validate(p384Token, expected))).toBe('OK');
  });

  it('TOKEN_MALFORMED: not JSON, too long, wrong shape, bad Base64, unknown algorithm, broken certificate', async () => {
    const cases: unknown[] = [
      '{not json',
      'x'.repeat(20_000),
      null,
      42,
      { ...p384Token, signature: 'not base64!' },
      { ...p384Token, unverifiedCertificate: undefined },
      { ...p384Token, algorithm: 'HS256' },
      { ...p384Token, unverifiedCertificate: Buffer.from('not a certificate').toString('base64') },
      { ...p384Token, unverifiedSigningCertificates: [] },
    ];
    for (const token of cases) expect(codeOf(await validator.validate(token, expected))).toBe('TOKEN_MALFORMED');
  });

  it('FORMAT_UNSUPPORTED: other major versions and look-alikes', async () => {
    for (const format of ['web-eid:2', 'web-eid:10', 'web-eid:1.0x', 'webeid:1.0']) {
      expect(codeOf(await validator.validate({ ...p384Token, format }, expected))).toBe('FORMAT_UNSUPPORTED');
    }
    for (const format of ['web-eid:1', 'web-eid:1.1']) {
      expect(codeOf(await validator.validate({ ...p384Token, format }, expected))).toBe('OK');
    }
  });

  it('CERT_PURPOSE: no digitalSignature, EKU without clientAuth; an absent EKU is accepted', async () => {
    const noSigning = await createTestUser(ca, { keyUsage: KeyUsageFlags.keyEncipherment });
    const emailOnly = await createTestUser(ca, { extendedKeyUsage: [EKU.emailProtection] });
    const noEku = await createTestUser(ca, { extendedKeyUsage: null });
    expect(codeOf(await validator.validate(await tokenFor(noSigning), expected))).toBe('CERT_PURPOSE');
    expect(codeOf(await validator.validate(await tokenFor(emailOnly), expected))).toBe('CERT_PURPOSE');
    expect(codeOf(await validator.validate(await tokenFor(noEku), expected))).toBe('OK');
  });

  it('refuses unknown critical extensions: CERT_PURPOSE on the user, CERT_UNTRUSTED on a CA', async () => {
    const odd = await createTestUser(ca, { extraExtensions: [opaqueExtension('1.3.6.1.4.1.99999.1', true)] });
    expect(codeOf(await validator.validate(await tokenFor(odd), expected))).toBe('CERT_PURPOSE');
    const harmless = await createTestUser(ca, { extraExtensions: [opaqueExtension('1.3.6.1.4.1.99999.1', false)] });
    expect(codeOf(await validator.validate(await tokenFor(harmless), expected))).toBe('OK');
    const constrained = await createTestCa({ name: 'Constrained CA', issuer: root, extraExtensions: [opaqueExtension('2.5.29.30', true)] });
    const user = await createTestUser(constrained);
    const withConstrained = createTokenValidator({ trustedCertificates: [constrained.pem], revocation: false });
    expect(codeOf(await withConstrained.validate(await tokenFor(user), expected))).toBe('CERT_UNTRUSTED');
  });

  it('CERT_POLICY: a disallowed policy (default list and configured)', async () => {
    const mobileId = await createTestUser(ca, { policies: ['1.3.6.1.4.1.10015.1.3.1'] });
    expect(codeOf(await validator.validate(await tokenFor(mobileId), expected))).toBe('CERT_POLICY');
    const strict = createTokenValidator({ trustedCertificates: [ca.pem], revocation: false, disallowedPolicies: ['2.16.56.12.1.1.2.2'] });
    expect(codeOf(await strict.validate(p384Token, expected))).toBe('CERT_POLICY');
  });

  it('attack: a foreign or malformed subject cannot log in as the Belgian customer with the same digits', async () => {
    const asEva = async (request: Parameters<typeof createTestUser>[1]) => validator.validate(await tokenFor(await createTestUser(ca, request)), expected);
    for (const nationalNumber of ['PNOEE-85073003328', 'PNOXX-85073003328', 'PNOBE-8507300332', '850730033280', 'IDCBE-85073003328', '85073003328 ']) {
      expect(codeOf(await asEva({ nationalNumber })), nationalNumber).toBe('CERT_PURPOSE');
    }
    expect(codeOf(await asEva({ country: 'EE' }))).toBe('CERT_PURPOSE');
    const prefixed = await asEva({ nationalNumber: 'PNOBE-85073003328' });
    expect(prefixed.ok && prefixed.subject.nationalNumber).toBe('85073003328');
  });

  it('attack: a trusted certificate without the Belgian authentication policy (signature, RRN, other countries) is refused', async () => {
    for (const policies of [['2.16.56.12.1.1.2.1'], ['2.16.56.12.1.1.4'], ['1.3.6.1.4.1.51361.1.1.1'], ['2.16.56.12.1.1.2.2.1'], []]) {
      expect(codeOf(await validator.validate(await tokenFor(await createTestUser(ca, { policies })), expected)), policies.join()).toBe('CERT_POLICY');
    }
    // Citizen and foreigner cards under every Belgian root arc carry …1.1.2.2 or …1.1.7.2.
    for (const policy of ['2.16.56.1.1.1.2.2', '2.16.56.9.1.1.7.2', '2.16.56.10.1.1.2.2', '2.16.56.12.1.1.7.2']) {
      expect(codeOf(await validator.validate(await tokenFor(await createTestUser(ca, { policies: [policy] })), expected)), policy).toBe('OK');
    }
  });

  it('CERT_EXPIRED and CERT_NOT_YET_VALID for the user certificate, at the given time or the clock', async () => {
    const expired = await createTestUser(ca, { notBefore: new Date(Date.now() - 800 * DAY), notAfter: new Date(Date.now() - DAY) });
    const future = await createTestUser(ca, { notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 800 * DAY) });
    expect(codeOf(await validator.validate(await tokenFor(expired), expected))).toBe('CERT_EXPIRED');
    expect(codeOf(await validator.validate(await tokenFor(future), expected))).toBe('CERT_NOT_YET_VALID');
    expect(codeOf(await validator.validate(p384Token, { ...expected, at: new Date(Date.now() + 400 * DAY) }))).toBe('CERT_EXPIRED');
    const lateClock = createTokenValidator({ trustedCertificates: [ca.pem], revocation: false, clock: () => new Date(Date.now() - 60 * DAY) });
    expect(codeOf(await lateClock.validate(p384Token, expected))).toBe('CERT_NOT_YET_VALID');
  });

  it('CERT_EXPIRED when a CA on the path has expired at the validation time', async () => {
    const shortCa = await createTestCa({ name: 'Short CA', issuer: root, notAfter: new Date(Date.now() + 10 * DAY) });
    const user = await createTestUser(shortCa, { notAfter: new Date(Date.now() + 100 * DAY) });
    const token = await tokenFor(user);
    expect(codeOf(await validator.validate(token, expected))).toBe('CERT_UNTRUSTED'); // shortCa not configured
    const withShort = createTokenValidator({ trustedCertificates: [root.pem, shortCa.pem], revocation: false });
    expect(codeOf(await withShort.validate(token, expected))).toBe('OK');
    expect(codeOf(await withShort.validate(token, { ...expected, at: new Date(Date.now() + 20 * DAY) }))).toBe('CERT_EXPIRED');
  });

  it('CERT_UNTRUSTED: another root, a same-named impostor CA, a CA without the CA flag', async () => {
    const otherRoot = await createTestCa({ name: 'Other Root' });
    const otherCa = await createTestCa({ name: 'Other CA', issuer: otherRoot });
    const impostor = await createTestCa({ name: 'Auth Test Citizen CA' }); // same name, other key
    for (const issuer of [otherCa, impostor]) {
      const token = await tokenFor(await createTestUser(issuer));
      expect(codeOf(await validator.validate(token, expected))).toBe('CERT_UNTRUSTED');
    }
    // A user certificate cannot act as a CA for another one.
    const user = await createTestUser(ca);
    const child = await createTestUser(user);
    const anchored = createTokenValidator({ trustedCertificates: [ca.pem], revocation: false });
    expect(codeOf(await anchored.validate(await tokenFor(child), expected))).toBe('CERT_UNTRUSTED');
  });

  it('CERT_UNTRUSTED when a path length constraint is exceeded', async () => {
    const pathLengthZeroRoot = await createTestCa({ name: 'Tight Root', pathLength: 0 });
    const middle = await createTestCa({ name: 'Middle CA', issuer: pathLengthZeroRoot });
    const lower = await createTestCa({ name: 'Lower CA', issuer: middle });
    const user = await createTestUser(lower);
    const tight = createTokenValidator({ trustedCertificates: [pathLengthZeroRoot.pem, middle.pem, lower.pem], revocation: false });
    expect(codeOf(await tight.validate(await tokenFor(user), expected))).toBe('CERT_UNTRUSTED');
  });

  it('SIGNATURE_INVALID: other origin, other nonce, changed signature, algorithm not matching the key', async () => {
    const flipped = Buffer.from(p384Token.signature, 'base64');
    flipped[10] = flipped[10]! ^ 1;
    const cases: [unknown, { origin: string; nonce: string }][] = [
      [p384Token, { ...expected, origin: 'https://evil.example' }],
      [p384Token, { ...expected, nonce: `${TEST_NONCE.slice(0, -2)}A=` }],
      [{ ...p384Token, signature: flipped.toString('base64') }, expected],
      [{ ...p384Token, algorithm: 'ES256' }, expected],
      [{ ...p384Token, algorithm: 'RS256' }, expected],
      [{ ...p384Token, algorithm: 'PS384' }, expected],
    ];
    for (const [token, binding] of cases) expect(codeOf(await validator.validate(token, binding))).toBe('SIGNATURE_INVALID');
  });

  it('never throws, whatever it is given', async () => {
    const odd: unknown[] = [undefined, [], {}, 'null', '[]', '"x"', { ...p384Token, format: 1 }, new Uint8Array(4)];
    for (const token of odd) expect((await validator.validate(token, expected)).ok).toBe(false);
    // A broken expected binding is the caller's bug; it is reported, not thrown.
    expect(codeOf(await validator.validate(p384Token, undefined as unknown as typeof expected))).toBe('TOKEN_MALFORMED');
    expect(codeOf(await validator.validate(p384Token, { ...expected, origin: 'https://a.test/path' }))).toBe('TOKEN_MALFORMED');
  });

  it('answers arbitrary values and mutated tokens without throwing', async () => {
    await fc.assert(fc.asyncProperty(fc.anything(), async (value) => {
      expect((await validator.validate(value, expected)).ok).toBe(false);
    }), { numRuns: 200 });
    const text = JSON.stringify(p384Token);
    await fc.assert(fc.asyncProperty(fc.nat(text.length - 1), fc.integer({ min: 32, max: 126 }), async (index, char) => {
      const mutated = text.slice(0, index) + String.fromCharCode(char) + text.slice(index + 1);
      const result = await validator.validate(mutated, expected);
      // Only changes outside what is signed or checked (JSON spacing, appVersion) may still pass.
      if (result.ok) {
        const accepted = JSON.parse(mutated) as typeof p384Token;
        expect([accepted.unverifiedCertificate, accepted.signature, accepted.algorithm])
          .toEqual([p384Token.unverifiedCertificate, p384Token.signature, p384Token.algorithm]);
        expect(accepted.format).toMatch(/^web-eid:1(\.\d+)?$/);
      }
    }), { numRuns: 200 });
  });

  it('rejects unusable options when built', () => {
    expect(() => createTokenValidator({ trustedCertificates: [], revocation: false })).toThrow(/no trusted/);
    expect(() => createTokenValidator({ trustedCertificates: ['garbage'], revocation: false })).toThrow(/PEM/);
  });
});
