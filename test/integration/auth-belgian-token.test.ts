// Conformance: the real token of a Belgian test card (ES384, issued by the eID TEST EC Citizen CA)
// validates with that CA as anchor at its validationTime, and every single-field change is refused.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTokenValidator, type TokenValidator, type ValidationResult } from '../../src/auth/index.ts';
import { readReference, referenceAvailable, REFERENCE_MISSING } from '../support/reference.ts';

const fixtureSchema = z.object({
  origin: z.string(),
  challengeNonce: z.string(),
  validationTime: z.string(),
  trustedIntermediate: z.string(),
  token: z.object({ unverifiedCertificate: z.string(), signature: z.string(), algorithm: z.string(), format: z.string() }).passthrough(),
});

const codeOf = (result: ValidationResult) => (result.ok ? 'OK' : result.error.code);

describe.skipIf(!referenceAvailable)('the Belgian test-card token', () => {
  if (!referenceAvailable) {
    it.skip(REFERENCE_MISSING, () => {});
    return;
  }
  const fixture = fixtureSchema.parse(JSON.parse(readReference('webeid-tokens', 'belgian-test-card-ecc.json').toString('utf8')));
  const validator: TokenValidator = createTokenValidator({
    trustedCertificates: [readReference(fixture.trustedIntermediate).toString('utf8')],
    revocation: false,
  });
  const expected = { origin: fixture.origin, nonce: fixture.challengeNonce, at: new Date(fixture.validationTime) };
  const token = fixture.token;

  it('validates and names Nora Specimen with her national number', async () => {
    const result = await validator.validate(token, expected);
    expect(result).toMatchObject({
      ok: true,
      subject: { surname: 'Specimen', givenNames: 'Nora Angèle', nationalNumber: '01050399864', country: 'BE' },
      certificate: { algorithm: 'ES384', issuerCommonName: 'eID TEST EC Citizen CA' },
    });
    expect(codeOf(await validator.validate(JSON.stringify(token), expected))).toBe('OK');
  });

  it('refuses another origin or nonce (SIGNATURE_INVALID)', async () => {
    expect(codeOf(await validator.validate(token, { ...expected, origin: 'https://myvivium.be' }))).toBe('SIGNATURE_INVALID');
    const nonce = `${fixture.challengeNonce[0] === 'A' ? 'B' : 'A'}${fixture.challengeNonce.slice(1)}`;
    expect(codeOf(await validator.validate(token, { ...expected, nonce }))).toBe('SIGNATURE_INVALID');
  });

  it('refuses every single changed signature byte (SIGNATURE_INVALID)', async () => {
    const signature = Buffer.from(token.signature, 'base64');
    for (let i = 0; i < signature.length; i++) {
      const changed = Buffer.from(signature);
      changed[i] = changed[i]! ^ 0x01;
      expect(codeOf(await validator.validate({ ...token, signature: changed.toString('base64') }, expected)), `byte ${i}`).toBe('SIGNATURE_INVALID');
    }
  });

  it('refuses a changed byte anywhere in the certificate', async () => {
    const certificate = Buffer.from(token.unverifiedCertificate, 'base64');
    const codes = new Set<string>();
    // Every third byte keeps the file fast while still hitting every field of the certificate.
    for (let i = 0; i < certificate.length; i += 3) {
      const changed = Buffer.from(certificate);
      changed[i] = changed[i]! ^ 0x01;
      const code = codeOf(await validator.validate({ ...token, unverifiedCertificate: changed.toString('base64') }, expected));
      expect(code, `byte ${i}`).not.toBe('OK');
      codes.add(code);
    }
    // A change in the signed part breaks the CA signature; a change in the structure breaks decoding.
    expect([...codes].sort()).toEqual(expect.arrayContaining(['CERT_UNTRUSTED', 'TOKEN_MALFORMED']));
    const nameByte = certificate.indexOf(Buffer.from('Specimen')); // the holder's name, under the CA signature
    const changed = Buffer.from(certificate);
    changed[nameByte] = changed[nameByte]! ^ 0x01;
    expect(codeOf(await validator.validate({ ...token, unverifiedCertificate: changed.toString('base64') }, expected))).toBe('CERT_UNTRUSTED');
  });

  it('refuses another algorithm (SIGNATURE_INVALID, or TOKEN_MALFORMED when not a JWA name) and another format', async () => {
    for (const algorithm of ['ES256', 'ES512', 'RS256', 'PS384']) {
      expect(codeOf(await validator.validate({ ...token, algorithm }, expected)), algorithm).toBe('SIGNATURE_INVALID');
    }
    expect(codeOf(await validator.validate({ ...token, algorithm: 'none' }, expected))).toBe('TOKEN_MALFORMED');
    for (const format of ['web-eid:2.0', 'web-eid:0.9', 'web-eid:10']) {
      expect(codeOf(await validator.validate({ ...token, format }, expected)), format).toBe('FORMAT_UNSUPPORTED');
    }
  });

  it('is outside its validity before 2020-10-22 and after 2030-10-22', async () => {
    expect(codeOf(await validator.validate(token, { ...expected, at: new Date('2019-01-01T00:00:00Z') }))).toBe('CERT_NOT_YET_VALID');
    expect(codeOf(await validator.validate(token, { ...expected, at: new Date('2031-01-01T00:00:00Z') }))).toBe('CERT_EXPIRED');
  });

  it('is untrusted under another CA', async () => {
    const production = createTokenValidator({ trustedCertificates: [readReference('pki', 'citizenca-202002.pem').toString('utf8')], revocation: false });
    expect(codeOf(await production.validate(token, expected))).toBe('CERT_UNTRUSTED');
  });
});
