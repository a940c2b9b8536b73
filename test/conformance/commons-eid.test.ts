// The raw identity/address files of real and specimen cards published by commons-eid, checked against
// the values that project publishes for them, and their National Register signatures.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readReference, referenceAvailable, referencePath, REFERENCE_MISSING } from '../support/reference.ts';
import { parseIdentity } from '../../src/card/identity-file.ts';
import { parseAddress } from '../../src/card/address-file.ts';
import { verifyAddressSignature, verifyIdentitySignature, verifyPhotoHash } from '../../src/card/data-signatures.ts';

const dir = 'test-cards/commons-eid';
const available = referenceAvailable && existsSync(referencePath(dir));
const read = (name: string) => new Uint8Array(readReference(dir, name));

describe.skipIf(!available)('commons-eid test files', () => {
  it('id-alice.tlv has the published values', () => {
    const r = parseIdentity(read('id-alice.tlv'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      surname: 'SPECIMEN',
      firstNames: 'Alice Geldigekaart2266',
      thirdNameInitial: 'A',
      cardNumber: '000000226635',
      validityBegin: '2005-08-08',
      validityEnd: '2010-08-08',
      issuingMunicipality: 'Certipost Specimen',
      nationalNumber: '71715100070',
      nationality: 'Belg',
      placeOfBirth: 'Hamont-Achel',
      gender: 'female',
      dateOfBirth: '1971-01-01',
      specialStatus: 0,
      documentType: 1,
      memberOfFamily: false,
    });
  });

  it('id-alice-2.tlv (single-digit day) parses', () => {
    const r = parseIdentity(read('id-alice-2.tlv'));
    expect(r.ok && r.value.dateOfBirth).toBe('1971-01-01');
  });

  it('address-alice.tlv is Meirplaats 1 bus 1, 2000 Antwerpen (117 bytes)', () => {
    const bytes = read('address-alice.tlv');
    expect(bytes.length).toBe(117);
    expect(parseAddress(bytes)).toEqual({ ok: true, value: { streetAndNumber: 'Meirplaats 1 bus 1', zip: '2000', municipality: 'Antwerpen' } });
    const other = parseAddress(read('address-fcorneli.tlv'));
    expect(other.ok && other.value).toEqual({ streetAndNumber: 'Elfbunderslaan 76', zip: '1650', municipality: 'Beersel' });
  });

  it('test-identity/test-address verify with the RSA RRN certificate (SHA-1)', () => {
    const files = {
      identity: read('test-identity.tlv'),
      identitySignature: read('test-identity-sign.der'),
      address: read('test-address.tlv'),
      addressSignature: read('test-address-sign.der'),
      rrnCertificate: read('test-rrn-cert.der'),
    };
    expect(verifyIdentitySignature(files)).toEqual({ valid: true, algorithm: 'RSA/SHA1' });
    expect(verifyAddressSignature(files)).toEqual({ valid: true, algorithm: 'RSA/SHA1' });
    const tampered = files.identity.slice();
    tampered[20] = tampered[20]! ^ 1;
    expect(verifyIdentitySignature({ ...files, identity: tampered }).valid).toBe(false);
  });

  it('test-eid-v17-ec: ECDSA/SHA-384 data signatures and the SHA-256 photo hash verify', () => {
    const ec = (name: string) => read(`test-eid-v17-ec/${name}`);
    const files = {
      identity: ec('identity.tlv'),
      identitySignature: ec('identity-signature.der'),
      address: ec('address.tlv'),
      addressSignature: ec('address-signature.der'),
      rrnCertificate: ec('rrn-cert.der'),
    };
    expect(verifyIdentitySignature(files)).toEqual({ valid: true, algorithm: 'ECDSA/SHA-384' });
    expect(verifyAddressSignature(files)).toEqual({ valid: true, algorithm: 'ECDSA/SHA-384' });
    // Trimming the SGN#ID file before appending it must fail: the card signs the whole file.
    const trimmedSig = files.identitySignature.subarray(0, files.identitySignature[1]! + 2);
    expect(verifyAddressSignature({ ...files, identitySignature: trimmedSig }).valid).toBe(false);
    const identity = parseIdentity(files.identity);
    expect(identity.ok).toBe(true);
    if (!identity.ok) return;
    expect(identity.value).toMatchObject({ surname: 'Specimen', firstNames: 'Nora Angèle', nationalNumber: '01050399963', dateOfBirth: '2001-05-03' });
    expect(verifyPhotoHash(ec('photo.jpg'), identity.value.photoHash!)).toEqual({ valid: true, algorithm: 'sha256' });
    const address = parseAddress(files.address);
    expect(address.ok && address.value).toEqual({ streetAndNumber: 'Specimenstraat 12', zip: '1000', municipality: 'Brussel' });
  });
});

if (!available) {
  describe('commons-eid test files (absent)', () => {
    it.skip(REFERENCE_MISSING, () => {});
  });
}
