import { beforeAll, describe, expect, it } from 'vitest';
import { indexTrustAnchors } from './trust-anchors.ts';
import { createTestCa, createTestUser, type Credential } from '../test-pki/test-pki.ts';

describe('indexTrustAnchors', () => {
  let root: Credential;
  let ca: Credential;

  beforeAll(async () => {
    root = await createTestCa({ name: 'Anchor Root' });
    ca = await createTestCa({ name: 'Anchor CA', issuer: root });
  });

  it('reads PEM bundles, PEM bytes and DER, once per certificate', () => {
    const anchors = indexTrustAnchors([`${root.pem}\n${ca.pem}`, new TextEncoder().encode(ca.pem), ca.der]);
    expect(anchors.all).toHaveLength(2);
  });

  it('refuses text without a certificate, broken DER and certificates that are not CAs', async () => {
    expect(() => indexTrustAnchors(['hello'])).toThrow(/PEM/);
    expect(() => indexTrustAnchors([new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00])])).toThrow(/trusted certificate/);
    const user = await createTestUser(ca);
    expect(() => indexTrustAnchors([user.pem])).toThrow(/not a CA/);
  });
});
