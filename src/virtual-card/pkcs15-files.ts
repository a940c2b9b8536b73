// PKCS#15 directory files of the BELPIC application, shaped per applet version as the card-content
// documents describe them (1.7: RSA key entries as SEQUENCE; 1.8: EC key entries as [0], CDF with an
// explicit implicitTrust FALSE).
import { bitString, concat, hexBytes, octets, seq, tlv, utf8, utf8String, integer16, boolTrue } from './der.ts';

export type AppletProfile = '1.7' | '1.8';

export const PKCS15_AID = hexBytes('A0 00 00 01 77 50 4B 43 53 2D 31 35');
export const ID_FILES_AID = hexBytes('A0 00 00 01 77 49 64 46 69 6C 65 73');
export const BELPIC_APPLET_AID = hexBytes('A0 00 00 00 30 29 05 70 00 AD 13 10 01 01 FF');

export function efDir(): Uint8Array {
  return tlv(
    0x61,
    tlv(0x4f, PKCS15_AID),
    tlv(0x50, utf8('BELPIC')),
    tlv(0x51, hexBytes('3F00 DF00')),
    tlv(0x73, tlv(0x06, hexBytes('60 38 02'))), // OID 2.16.56.2, "Belpic card"
  );
}

export function odf(): Uint8Array {
  const path = (fid: string): Uint8Array => seq(octets(`3F00 DF00 ${fid}`));
  return concat(tlv(0xa0, path('5035')), tlv(0xa4, path('5037')), tlv(0xa8, path('5034')));
}

export function tokenInfo(profile: AppletProfile, chipSerial: Uint8Array): Uint8Array {
  // Graphical perso, electrical perso, electrical perso interface version, RFU.
  const version = profile === '1.8' ? hexBytes('04 04 00 00') : hexBytes('03 02 00 00');
  return seq(hexBytes('02 01 00'), octets(chipSerial), tlv(0x80, utf8('BELPIC')), bitString('04 30'), tlv(0x9e, version));
}

export function aodf(): Uint8Array {
  return seq(
    seq(utf8String('Basic PIN'), bitString('06 C0')),
    seq(octets('01')),
    tlv(
      0xa1,
      seq(
        bitString('02 0C'), // initialized, needs-padding
        hexBytes('0A 01 00'), // bcd
        hexBytes('02 01 04'), // min length 4
        hexBytes('02 01 08'), // stored length 8
        hexBytes('80 01 01'), // PIN reference 1
        octets('FF'), // pad char
        seq(octets('3F00')),
      ),
    ),
  );
}

/** Fill to `size` with zero bytes, as the card does where an entry is absent. */
function zeroFilled(content: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(Math.max(size, content.length));
  out.set(content);
  return out;
}

export function prkdf(profile: AppletProfile, withSignatureKey: boolean): Uint8Array {
  const outer = profile === '1.8' ? 0xa0 : 0x30;
  const keyBits = profile === '1.8' ? 384 : 2048;
  const keyPath = tlv(0xa1, seq(seq(octets('3F00 DF00')), integer16(keyBits)));
  const authentication = tlv(
    outer,
    seq(utf8String('Authentication'), bitString('06 C0'), octets('01')),
    seq(octets('02'), bitString('05 20'), bitString('03 B8'), integer16(0x82)),
    keyPath,
  );
  const signature = tlv(
    outer,
    seq(utf8String('Signature'), bitString('06 C0'), octets('01'), hexBytes('02 01 01')), // userConsent 1
    seq(octets('03'), bitString('06 00 40'), bitString('03 B8'), integer16(0x83)),
    keyPath,
  );
  const full = concat(authentication, signature);
  return withSignatureKey ? full : zeroFilled(authentication, full.length);
}

export function cdf(profile: AppletProfile, withSignatureCertificate: boolean): Uint8Array {
  const flags = profile === '1.8' ? '06 40' : '06 C0';
  const implicitTrust = profile === '1.8' ? hexBytes('83 01 00') : new Uint8Array();
  const entry = (label: string, id: string, authority: boolean, fid: string): Uint8Array =>
    seq(
      seq(utf8String(label), bitString(flags), octets('01')),
      seq(octets(id), authority ? boolTrue() : new Uint8Array(), implicitTrust),
      tlv(0xa1, seq(seq(octets(`3F00 DF00 ${fid}`)))),
    );
  const authentication = entry('Authentication', '02', false, '5038');
  const signature = entry('Signature', '03', false, '5039');
  const authorities = concat(entry('CA', '04', true, '503A'), entry('Root', '06', true, '503B'));
  const full = concat(authentication, signature, authorities);
  return withSignatureCertificate ? full : zeroFilled(concat(authentication, authorities), full.length);
}

/** Certificate files carry zero padding after the DER; an absent certificate is all zeros. */
export function certificateFile(profile: AppletProfile, der: Uint8Array | null): Uint8Array {
  if (der === null) return new Uint8Array(profile === '1.8' ? 2500 : 1300);
  return zeroFilled(der, der.length + (profile === '1.8' ? 1100 : 50));
}
