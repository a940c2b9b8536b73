// The Fedict 1.7 test card dump (every EF by path) and the eID Viewer export of a test card, read by
// the card library's parsers: the values those projects publish must come out.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { referenceAvailable, referencePath, REFERENCE_MISSING } from '../support/reference.ts';
import { parseIdentity } from '../../src/card/identity-file.ts';
import { parseAddress } from '../../src/card/address-file.ts';
import { parseCardData } from '../../src/card/card-data.ts';
import { profileByAtr } from '../../src/card/card-profile.ts';
import { certificateLength } from '../../src/card/certificate-file.ts';
import { describeCertificate } from '../../src/card/certificate-info.ts';
import { verifyPhotoHash } from '../../src/card/data-signatures.ts';
import { fromHex } from '../../src/card/hex.ts';

const dumpPath = referencePath('test-cards/fedict-test-card-v17.xml');
const viewerPath = referencePath('test-cards/67.06.30-296.59.eid');

function tag(xml: string, name: string): string {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  if (!m) throw new Error(`no <${name}> in the dump`);
  return m[1]!.trim();
}

describe.skipIf(!referenceAvailable || !existsSync(dumpPath))('Fedict 1.7 test card dump', () => {
  const xml = existsSync(dumpPath) ? readFileSync(dumpPath, 'utf8') : '';
  const files = new Map<string, Uint8Array>();
  for (const m of xml.matchAll(/<id>(\w+)<\/id>\s*<content>(\w*)<\/content>/g)) files.set(m[1]!, fromHex(m[2]!)!);
  const file = (id: string) => files.get(id) ?? new Uint8Array();

  it('ATR and card data say applet 1.7, chip number matches identity tag 02 and TokenInfo', () => {
    expect(profileByAtr(fromHex(tag(xml, 'atr'))!)?.applet).toBe('1.7');
    const chip = tag(xml, 'chipNumber');
    const cardData = new Uint8Array([...fromHex(chip)!, ...fromHex(tag(xml, 'versionNumber'))!, 0x0f]);
    const parsed = parseCardData(cardData);
    expect(parsed.ok && parsed.value).toMatchObject({ chipNumber: chip, appletVersion: '1.7', globalOsVersion: 3, pinTriesLeft: null });
    const identity = parseIdentity(file('3F00DF014031'));
    expect(identity.ok && identity.value.chipNumber).toBe(chip);
    expect(Buffer.from(file('3F00DF005032')).toString('hex').toUpperCase()).toContain(chip);
  });

  it('identity, address and photo hash', () => {
    const identity = parseIdentity(file('3F00DF014031'));
    expect(identity.ok).toBe(true);
    if (!identity.ok) return;
    expect(identity.value).toMatchObject({ cardNumber: '59200005668B', gender: expect.stringMatching(/male/), memberOfFamily: false });
    expect(identity.value.surname.length).toBeGreaterThan(0);
    expect(identity.value.dateOfBirth).toMatch(/^\d{4}(-\d{2}-\d{2})?$/);
    const address = parseAddress(file('3F00DF014033'));
    expect(address.ok && address.value.zip).toBe('1000');
    expect(address.ok && address.value.municipality).toBe('Brussel');
    // The dump's photo is cut short (2043 bytes, no JPEG end marker), so its hash must NOT match.
    const photo = file('3F00DF014035');
    expect([photo[0], photo[1]]).toEqual([0xff, 0xd8]);
    expect(verifyPhotoHash(photo, identity.value.photoHash!)).toEqual({ valid: false, reason: 'hash differs' });
  });

  it('certificate files: DER length equals the content, every certificate decodes', () => {
    for (const id of ['5038', '5039', '503A', '503B', '503C']) {
      const der = file(`3F00DF00${id}`);
      const length = certificateLength(der.subarray(0, 8));
      expect(length).toEqual({ ok: true, value: der.length });
      const info = describeCertificate(der);
      expect(info.ok).toBe(true);
    }
    const auth = describeCertificate(file('3F00DF005038'));
    expect(auth.ok && auth.value.subject).toContain('(Authentication)');
    expect(auth.ok && auth.value.keyType).toBe('RSA-2048');
    expect(certificateLength(new Uint8Array(1300))).toEqual({ ok: true, value: null });
  });
});

describe.skipIf(!referenceAvailable || !existsSync(viewerPath))('eID Viewer export 67.06.30-296.59', () => {
  const xml = existsSync(viewerPath) ? readFileSync(viewerPath, 'utf8') : '';
  const cert = (name: string) => new Uint8Array(Buffer.from(tag(xml, name).replace(/\s/g, ''), 'base64'));

  it('the certificates name the holder the export shows', () => {
    const auth = describeCertificate(cert('authentication'));
    expect(auth.ok).toBe(true);
    if (!auth.ok) return;
    const nationalNumber = /nationalnumber="(\d+)"/.exec(xml)![1];
    expect(auth.value.holder).toEqual({
      commonName: `Martine Lampaert (Authentication)`,
      surname: tag(xml, 'name'),
      givenName: tag(xml, 'firstname'),
      serialNumber: nationalNumber,
    });
    expect(auth.value.notAfter.slice(0, 10)).toBe('2017-03-01');
    const signing = describeCertificate(cert('signing'));
    expect(signing.ok && signing.value.subject).toContain('(Signature)');
    const rrn = describeCertificate(cert('rrn'));
    expect(rrn.ok && rrn.value.holder.commonName).toBe('RRN');
    const root = describeCertificate(cert('root'));
    expect(root.ok && root.value.issuer).toBe(root.ok ? root.value.subject : '');
    const ca = describeCertificate(cert('citizenca'));
    expect(ca.ok && auth.value.issuer).toBe(ca.ok ? ca.value.subject : '');
  });

  it('the photo decodes as a JPEG', () => {
    const photo = cert('photo');
    expect([photo[0], photo[1]]).toEqual([0xff, 0xd8]);
    expect(createHash('sha1').update(photo).digest().length).toBe(20);
  });
});

if (!referenceAvailable) {
  describe('reference test cards (absent)', () => {
    it.skip(REFERENCE_MISSING, () => {});
  });
}
