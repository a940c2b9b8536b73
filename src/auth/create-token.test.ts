import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../contract/errors.ts';
import { createAuthToken } from './create-token.ts';
import { ecdsaDerToRaw } from './ecdsa-signature.ts';
import { signedValueDigest } from './signed-value.ts';
import { tokenAlgorithmFor } from './token-algorithm.ts';
import { digestSigner, TEST_NONCE, TEST_ORIGIN } from '../test-pki/software-token.ts';
import { createTestCa, createTestUser, type Credential } from '../test-pki/test-pki.ts';

/** r‖s → DER SEQUENCE { INTEGER r, INTEGER s }, as some signers return it. */
function rawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const integer = (bytes: Uint8Array) => {
    let value = Buffer.from(bytes);
    while (value.length > 1 && value[0] === 0 && !(value[1]! & 0x80)) value = value.subarray(1);
    if (value[0]! & 0x80) value = Buffer.concat([Buffer.from([0]), value]);
    return Buffer.concat([Buffer.from([0x02, value.length]), value]);
  };
  const body = Buffer.concat([integer(raw.subarray(0, half)), integer(raw.subarray(half))]);
  const length = body.length < 0x80 ? [body.length] : [0x81, body.length];
  return new Uint8Array(Buffer.concat([Buffer.from([0x30, ...length]), body]));
}

describe('signedValueDigest', () => {
  it('is H(H(origin) ‖ H(nonce)) with the nonce hashed as its Base64 text', () => {
    const origin = 'https://myvivium.be';
    const h = (data: Buffer | string) => createHash('sha384').update(data).digest();
    const expected = h(Buffer.concat([h(origin), h(TEST_NONCE)]));
    expect(Buffer.from(signedValueDigest(origin, TEST_NONCE, 'SHA-384'))).toEqual(expected);
    expect(signedValueDigest(origin, TEST_NONCE, 'SHA-256')).toHaveLength(32);
    expect(signedValueDigest(origin, TEST_NONCE, 'SHA-512')).toHaveLength(64);
  });
});

describe('createAuthToken', () => {
  let ca: Credential;
  let ecUser: Credential;
  let rsaUser: Credential;

  beforeAll(async () => {
    ca = await createTestCa({ name: 'Create Test CA' });
    ecUser = await createTestUser(ca, { keyType: 'ec-p384' });
    rsaUser = await createTestUser(ca, { keyType: 'rsa-2048' });
  });

  it('derives the algorithm from the key', async () => {
    expect(tokenAlgorithmFor(ecUser.der)).toBe('ES384');
    expect(tokenAlgorithmFor(rsaUser.der)).toBe('RS256');
    expect(tokenAlgorithmFor((await createTestUser(ca, { keyType: 'ec-p256' })).der)).toBe('ES256');
    expect(isAppError((() => { try { tokenAlgorithmFor(new Uint8Array([1, 2, 3])); } catch (e) { return e; } })(), 'INVALID_ARGUMENT')).toBe(true);
  });

  it('builds a web-eid:1.0 token with padded Base64 and a raw r‖s ECDSA signature', async () => {
    const seen: { digest?: Uint8Array; algorithm?: string } = {};
    const sign = digestSigner(ecUser.key.privateKey);
    const token = await createAuthToken({
      certificateDer: ecUser.der, origin: TEST_ORIGIN, nonce: TEST_NONCE, appVersion: 'https://example.test/app/1.0',
      sign: async (digest, algorithm) => { seen.digest = digest; seen.algorithm = algorithm; return sign(digest, algorithm); },
    });
    expect(token).toEqual({
      unverifiedCertificate: Buffer.from(ecUser.der).toString('base64'),
      algorithm: 'ES384',
      signature: expect.stringMatching(/^[A-Za-z0-9+/]+={0,2}$/),
      format: 'web-eid:1.0',
      appVersion: 'https://example.test/app/1.0',
    });
    expect(Buffer.from(token.signature, 'base64')).toHaveLength(96);
    expect(seen.algorithm).toBe('ES384');
    expect(seen.digest).toEqual(signedValueDigest(TEST_ORIGIN, TEST_NONCE, 'SHA-384'));
  });

  it('accepts a DER ECDSA signature from the signer and converts it to r‖s', async () => {
    const sign = digestSigner(ecUser.key.privateKey);
    const token = await createAuthToken({
      certificateDer: ecUser.der, origin: TEST_ORIGIN, nonce: TEST_NONCE, appVersion: 'https://example.test/app/1.0',
      sign: async (digest, algorithm) => rawToDer(await sign(digest, algorithm)),
    });
    expect(Buffer.from(token.signature, 'base64')).toHaveLength(96);
    expect(ecdsaDerToRaw(new Uint8Array([0x30, 0x02, 0x02, 0x00]), 48)).toBeUndefined();
  });

  it('makes RS256 tokens from a digest signer that adds the DigestInfo', async () => {
    const token = await createAuthToken({
      certificateDer: rsaUser.der, origin: TEST_ORIGIN, nonce: TEST_NONCE, appVersion: 'https://example.test/app/1.0', sign: digestSigner(rsaUser.key.privateKey),
    });
    expect(token.algorithm).toBe('RS256');
    expect(Buffer.from(token.signature, 'base64')).toHaveLength(256);
  });

  it('refuses bad inputs before touching the card, and a signature from another key after', async () => {
    let touched = false;
    const sign = async () => { touched = true; return new Uint8Array(96); };
    await expect(createAuthToken({ certificateDer: ecUser.der, origin: 'https://x.test/', nonce: TEST_NONCE, appVersion: 'https://example.test/app/1.0', sign }))
      .rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(createAuthToken({ certificateDer: ecUser.der, origin: TEST_ORIGIN, nonce: 'short', appVersion: 'https://example.test/app/1.0', sign }))
      .rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(createAuthToken({ certificateDer: ecUser.der, origin: TEST_ORIGIN, nonce: TEST_NONCE, appVersion: '1.0', sign }))
      .rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(touched).toBe(false);
    const other = await createTestUser(ca, { keyType: 'ec-p384' });
    await expect(createAuthToken({ certificateDer: ecUser.der, origin: TEST_ORIGIN, nonce: TEST_NONCE, appVersion: 'https://example.test/app/1.0', sign: digestSigner(other.key.privateKey) }))
      .rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
  });
});
