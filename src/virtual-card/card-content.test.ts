// What is personalised onto the virtual card: files shaped as on real cards (checked against the Fedict
// 1.7 test-card dump in the reference material when it is present), data signed by the test RRN,
// certificates shaped like the Belgian ones, and the profile options.
import 'reflect-metadata'; // before @peculiar/x509
import { createHash, verify, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as x509 from '@peculiar/x509';
import { simpleTlvRecords } from './identity-files.ts';
import { BELGIAN_POLICY, createTestPki, createVirtualCard, nationalNumberCheck, SPECIMEN_HOLDER, type TestPki, type VirtualCard } from './index.ts';

// Unit tests cannot import test/support (src/ may import only src/); the path is the same one.
const REFERENCE_DUMP = resolve(import.meta.dirname, '../../../shared/reference/test-cards/fedict-test-card-v17.xml');
const referencePresent = existsSync(REFERENCE_DUMP);
if (!referencePresent) console.warn(`reference material not found at ${REFERENCE_DUMP}: the comparison with a real 1.7 test card is skipped`);

const hexOf = (data: Uint8Array): string => Buffer.from(data).toString('hex').toUpperCase();
const file = (card: VirtualCard, path: string): Uint8Array => {
  const content = card.files.get(path);
  if (!content) throw new Error(`no file ${path}`);
  return content;
};
const text = (records: { tag: number; bytes: Uint8Array }[], tag: number): string => {
  const record = records.find((r) => r.tag === tag);
  return record ? Buffer.from(record.bytes.subarray(2)).toString('utf8') : '';
};
const derLength = (certificateFile: Uint8Array): number => (((certificateFile[2] ?? 0) << 8) | (certificateFile[3] ?? 0)) + 4;

let pki: TestPki;
let v17: VirtualCard;
let v18: VirtualCard;
beforeAll(async () => {
  pki = await createTestPki({ seed: 'content-tests' });
  v17 = await createVirtualCard({ profile: '1.7', pki, seed: 'content-tests' });
  v18 = await createVirtualCard({ profile: '1.8', pki, seed: 'content-tests' });
});

describe('the specimen holder', () => {
  it('has a national number and card number with valid check digits', () => {
    const nn = SPECIMEN_HOLDER.nationalNumber;
    expect(nn).toMatch(/^\d{11}$/);
    expect(nn.slice(9)).toBe(nationalNumberCheck(nn.slice(0, 9), false));
    expect(Number(BigInt(SPECIMEN_HOLDER.cardNumber.slice(0, 10)) % 97n)).toBe(Number(SPECIMEN_HOLDER.cardNumber.slice(10)));
    expect(nationalNumberCheck('010503998', true)).toBe('64'); // Nora Specimen, born 2001: 01050399864
  });
});

describe.skipIf(!referencePresent)('PKCS#15 files of the 1.7 profile', () => {
  it('match the Fedict 1.7 test card byte for byte (TokenInfo apart from its serial)', () => {
    const dump = readFileSync(REFERENCE_DUMP, 'utf8');
    const real = new Map([...dump.matchAll(/<id>(\w+)<\/id>\s*<content>(\w*)<\/content>/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
    for (const path of ['3F002F00', '3F00DF005031', '3F00DF005034', '3F00DF005035', '3F00DF005037']) {
      expect(hexOf(file(v17, path)), path).toBe(real.get(path));
    }
    const tokenInfo = hexOf(file(v17, '3F00DF005032'));
    const realTokenInfo = real.get('3F00DF005032') ?? '';
    expect(tokenInfo.slice(0, 14) + tokenInfo.slice(46, 74)).toBe(realTokenInfo.slice(0, 14) + realTokenInfo.slice(46, 74));
  });
});

describe('PKCS#15 files of the 1.8 profile', () => {
  it('use EC private-key entries of 384 bits and a CDF with implicitTrust FALSE', () => {
    const prkdf = hexOf(file(v18, '3F00DF005035'));
    expect(prkdf.startsWith('A03A30170C0E')).toBe(true);
    expect(prkdf).toContain('A039');
    expect(prkdf.endsWith('02020180')).toBe(true);
    const cdf = hexOf(file(v18, '3F00DF005037'));
    // CC18 prints 30 32 for the first entry, but its own offsets give 0x2F (the next entry starts at 0x31).
    for (const entry of ['302F', '302A', '3026', '3028']) expect(cdf).toContain(entry);
    expect(cdf).toContain('3006040102830100'); // id 02, implicitTrust FALSE
    expect(file(v18, '3F00DF005037').length).toBe(0x2f + 0x2a + 0x26 + 0x28 + 8);
  });
});

describe.each(['1.7', '1.8'] as const)('files of the %s profile', (profile) => {
  const card = (): VirtualCard => (profile === '1.8' ? v18 : v17);
  const padding = profile === '1.8' ? 1100 : 50;

  it('pads certificate files and carries the whole chain', () => {
    for (const [path, certificate] of [
      ['3F00DF005038', card().certificates.authentication],
      ['3F00DF005039', card().certificates.signature],
      ['3F00DF00503A', pki.citizenCa],
      ['3F00DF00503B', pki.root],
      ['3F00DF00503C', card().certificates.rrn],
    ] as const) {
      const content = file(card(), path);
      expect(derLength(content), path).toBe(certificate?.der.length);
      expect(content.length, path).toBe(derLength(content) + padding);
      expect(content.subarray(derLength(content)).every((b) => b === 0)).toBe(true);
    }
  });

  it('writes the identity file with the holder, the chip number and the photo hash', () => {
    const identity = file(card(), '3F00DF014031');
    const records = simpleTlvRecords(identity);
    expect(records.map((r) => r.tag)).toEqual(
      profile === '1.8' ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 0x1a] : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17],
    );
    expect(records.reduce((n, r) => n + r.bytes.length, 0)).toBe(identity.length); // no padding
    expect(text(records, 0x06)).toBe(SPECIMEN_HOLDER.nationalNumber);
    expect(text(records, 0x07)).toBe('Specimen');
    expect(text(records, 0x08)).toBe('Eva Demo');
    expect(text(records, 0x03)).toMatch(/^\d\d\.\d\d\.\d{4}$/);
    expect(hexOf(records.find((r) => r.tag === 2)?.bytes.subarray(2) ?? new Uint8Array())).toBe(hexOf(card().chipNumber));
    const photo = file(card(), '3F00DF014035');
    expect(hexOf(photo.subarray(0, 2))).toBe('FFD8');
    const photoHash = createHash(profile === '1.8' ? 'sha384' : 'sha1').update(photo).digest();
    expect(hexOf(records.find((r) => r.tag === 0x11)?.bytes.subarray(2) ?? new Uint8Array())).toBe(hexOf(photoHash));
  });

  it('pads the address file to 117 bytes', () => {
    const address = file(card(), '3F00DF014033');
    expect(address.length).toBe(117);
    const records = simpleTlvRecords(address);
    expect(records.map((r) => text([r], r.tag))).toEqual(['Demostraat 1', '1000', 'Brussel']);
  });

  it('signs identity and address with the RRN key, the address signature covering the identity signature', () => {
    const identity = file(card(), '3F00DF014031');
    const identitySignature = file(card(), '3F00DF014032');
    const address = file(card(), '3F00DF014033');
    const addressSignature = file(card(), '3F00DF014034');
    const rrn = new X509Certificate(card().certificates.rrn.der);
    const trimmedAddress = address.subarray(0, address.findLastIndex((b) => b !== 0) + 1);
    const signedAddress = Buffer.concat([trimmedAddress, identitySignature]);
    if (profile === '1.8') {
      const der = (padded: Uint8Array) => padded.subarray(0, (padded[1] ?? 0) + 2);
      expect(identitySignature.length).toBe(256);
      expect(verify('sha384', identity, rrn.publicKey, der(identitySignature))).toBe(true);
      expect(verify('sha384', signedAddress, rrn.publicKey, der(addressSignature))).toBe(true);
    } else {
      expect(identitySignature.length).toBe(256);
      expect(verify('sha1', identity, rrn.publicKey, identitySignature)).toBe(true);
      expect(verify('sha1', signedAddress, rrn.publicKey, addressSignature)).toBe(true);
    }
    expect(rrn.checkIssued(new X509Certificate(pki.root.der))).toBe(true);
  });
});

describe('certificates', () => {
  it('are shaped like Belgian citizen certificates and chain to the test root', () => {
    const auth = new X509Certificate(v18.certificates.authentication.der);
    const sign = new X509Certificate(v18.certificates.signature?.der ?? new Uint8Array());
    const ca = new X509Certificate(pki.citizenCa.der);
    const root = new X509Certificate(pki.root.der);
    expect(auth.subject.split('\n')).toEqual(['C=BE', 'CN=Eva Specimen (Authentication)', 'SN=Specimen', 'GN=Eva Demo', `serialNumber=${SPECIMEN_HOLDER.nationalNumber}`]);
    expect(sign.subject).toContain('CN=Eva Specimen (Signature)');
    expect(auth.checkIssued(ca) && sign.checkIssued(ca) && ca.checkIssued(root)).toBe(true);
    expect(auth.verify(ca.publicKey) && ca.verify(root.publicKey) && root.verify(root.publicKey)).toBe(true);
    expect(auth.infoAccess).toContain('OCSP - URI:http://127.0.0.1:0/ocsp');
    expect(auth.infoAccess).toContain('CA Issuers - URI:http://127.0.0.1:0/certs/citizen-ca.crt');
    expect(auth.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']); // node lists the extended key usage: clientAuth
    expect(sign.keyUsage).toBeUndefined();
    const parsedAuth = v18.certificates.authentication.certificate;
    const parsedSign = v18.certificates.signature?.certificate;
    expect(parsedAuth.getExtension(x509.CertificatePolicyExtension)?.policies).toEqual([BELGIAN_POLICY.authentication]);
    expect(parsedSign?.getExtension(x509.CertificatePolicyExtension)?.policies).toEqual([BELGIAN_POLICY.signature]);
    expect(parsedAuth.getExtension(x509.KeyUsagesExtension)?.usages).toBe(x509.KeyUsageFlags.digitalSignature);
    expect(parsedSign?.getExtension(x509.KeyUsagesExtension)?.usages).toBe(x509.KeyUsageFlags.nonRepudiation);
    expect(parsedAuth.getExtension(x509.CRLDistributionPointsExtension)).not.toBeNull();
    expect(new Date(auth.validFrom).getTime()).toBeLessThan(Date.now());
    expect(new Date(auth.validTo).getTime()).toBeGreaterThan(Date.now());
    expect(v17.certificates.authentication.certificate.publicKey.algorithm.name).toBe('RSASSA-PKCS1-v1_5');
  });

  it('can be expired or not yet valid', async () => {
    const expired = await createVirtualCard({ pki, seed: 'content-tests', certificates: 'expired' });
    const future = await createVirtualCard({ pki, seed: 'content-tests', certificates: 'not-yet-valid' });
    expect(new Date(new X509Certificate(expired.certificates.authentication.der).validTo).getTime()).toBeLessThan(Date.now());
    expect(new Date(new X509Certificate(future.certificates.authentication.der).validFrom).getTime()).toBeGreaterThan(Date.now());
  });

  it('are absent for the signature key on a minor card', async () => {
    const minor = await createVirtualCard({ pki, seed: 'content-tests', withSignatureKey: false });
    expect(minor.certificates.signature).toBeNull();
    expect(file(minor, '3F00DF005039').every((b) => b === 0)).toBe(true);
    expect(file(minor, '3F00DF005039').length).toBe(2500);
    expect(Buffer.from(file(minor, '3F00DF005037')).includes(Buffer.from('Signature'))).toBe(false);
    expect(Buffer.from(file(minor, '3F00DF005035')).includes(Buffer.from('Signature'))).toBe(false);
  });

  it('are exported as PEM with the test root', () => {
    const dir = mkdtempSync(join(tmpdir(), 'virtual-card-pem-'));
    const written = v18.exportPem(dir);
    expect(readFileSync(written.root, 'utf8')).toBe(pki.root.pem);
    expect(new X509Certificate(readFileSync(written.authentication)).subject).toContain('Authentication');
    expect(written.signature).not.toBeNull();
  });
});

describe('profiles and seeds', () => {
  it('gives the same keys, chip number and serials for the same seed', async () => {
    const again = await createVirtualCard({ profile: '1.8', pki, seed: 'content-tests' });
    expect(hexOf(again.chipNumber)).toBe(hexOf(v18.chipNumber));
    expect(again.certificates.authentication.certificate.serialNumber).toBe(v18.certificates.authentication.certificate.serialNumber);
    expect(hexOf(file(again, '3F00DF014040'))).toBe(hexOf(file(v18, '3F00DF014040')));
    const other = await createVirtualCard({ profile: '1.8', pki, seed: 'another-seed' });
    expect(hexOf(other.chipNumber)).not.toBe(hexOf(v18.chipNumber));
  });

  it('takes a chosen holder', async () => {
    const card = await createVirtualCard({ pki, holder: { surname: 'Peeters', firstNames: 'Jan', address: { municipality: 'Gent' } } });
    expect(card.holder.address).toEqual({ ...SPECIMEN_HOLDER.address, municipality: 'Gent' });
    expect(new X509Certificate(card.certificates.authentication.der).subject).toContain('CN=Jan Peeters (Authentication)');
  });

  it('refuses a PIN that no card could have', async () => {
    await expect(createVirtualCard({ pki, pin: '12a4' })).rejects.toThrow(/4 to 12 digits/);
  });
});
