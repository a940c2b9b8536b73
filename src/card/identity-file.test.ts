import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseIdentity } from './identity-file.ts';
import { parseAddress, trimZeroPadding } from './address-file.ts';
import { parseBirthDate, parseDottedDate } from './card-date.ts';

const enc = new TextEncoder();
function tlv(records: Array<[number, string | Uint8Array]>): Uint8Array {
  const out: number[] = [];
  for (const [tag, value] of records) {
    const bytes = typeof value === 'string' ? enc.encode(value) : value;
    out.push(tag);
    let n = bytes.length;
    while (n >= 255) {
      out.push(0xff);
      n -= 255;
    }
    out.push(n, ...bytes);
  }
  return Uint8Array.from(out);
}

const base: Array<[number, string | Uint8Array]> = [
  [0x01, '592000155079'],
  [0x02, Uint8Array.of(0x53, 0x4c, 0x49, 0x4e)],
  [0x03, '01.03.2012'],
  [0x04, '01.03.2017'],
  [0x06, '67063029659'],
  [0x07, 'Lampaert'],
  [0x08, 'Martine Hilde '],
  [0x09, ''],
  [0x0c, '30 JUN 1967'],
  [0x0d, 'V'],
  [0x0f, '01'],
];

describe('parseIdentity', () => {
  it('decodes the fields with their JSON names, omitting empty ones', () => {
    const r = parseIdentity(tlv(base));
    expect(r).toEqual({
      ok: true,
      value: {
        cardNumber: '592000155079', chipNumber: '534C494E', validityBegin: '2012-03-01', validityEnd: '2017-03-01',
        nationalNumber: '67063029659', surname: 'Lampaert', firstNames: 'Martine Hilde', dateOfBirth: '1967-06-30',
        gender: 'female', documentType: 1, memberOfFamily: false,
      },
    });
  });

  it('accepts tag 00 first, unknown tags, member of family, zero padding and M/F/W', () => {
    const bytes = tlv([[0x00, Uint8Array.of(0, 2)], ...base.filter(([t]) => t !== 0x0d), [0x0d, 'M'], [0x14, ''], [0x20, 'future'], [0x1a, Uint8Array.of(0xab)]]);
    const padded = new Uint8Array(bytes.length + 30);
    padded.set(bytes);
    const r = parseIdentity(padded);
    expect(r.ok && r.value.gender).toBe('male');
    expect(r.ok && r.value.memberOfFamily).toBe(true);
    expect(r.ok && r.value.basicKeyHash).toBe('AB');
    for (const letter of ['F', 'W']) {
      const g = parseIdentity(tlv([...base.filter(([t]) => t !== 0x0d), [0x0d, letter]]));
      expect(g.ok && g.value.gender).toBe('female');
    }
    const one = parseIdentity(tlv([...base.filter(([t]) => t !== 0x0f), [0x0f, '1']]));
    expect(one.ok && one.value.documentType).toBe(1);
  });

  it('returns typed errors', () => {
    expect(parseIdentity(new Uint8Array(0))).toMatchObject({ ok: false, error: { kind: 'empty' } });
    expect(parseIdentity(new Uint8Array(40))).toMatchObject({ ok: false, error: { kind: 'empty' } });
    expect(parseIdentity(Uint8Array.of(0x01, 0x0c, 0x35))).toMatchObject({ ok: false, error: { kind: 'truncated', tag: 1 } });
    expect(parseIdentity(tlv(base.filter(([t]) => t !== 0x07)))).toMatchObject({ ok: false, error: { kind: 'missing-field' } });
    expect(parseIdentity(tlv([...base, [0x0d, 'X']]))).toMatchObject({ ok: false, error: { kind: 'invalid-field', tag: 0x0d } });
    expect(parseIdentity(tlv([...base, [0x0c, '31 FEB 1999']]))).toMatchObject({ ok: false, error: { kind: 'invalid-field' } });
    expect(parseIdentity(tlv([...base, [0x07, Uint8Array.of(0xff, 0xfe)]]))).toMatchObject({ ok: false, error: { kind: 'invalid-field' } });
  });

  it('is total: any bytes give a value or a typed error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const r = parseIdentity(bytes);
        expect(typeof r.ok).toBe('boolean');
        const a = parseAddress(bytes);
        expect(typeof a.ok).toBe('boolean');
      }),
      { numRuns: 3000 },
    );
  });

  it('reads FF length continuation', () => {
    const long = 'x'.repeat(300);
    const r = parseIdentity(tlv([...base, [0x05, long]]));
    expect(r.ok && r.value.issuingMunicipality).toBe(long);
  });
});

describe('card dates', () => {
  it('reads the three languages and year-only', () => {
    expect(parseBirthDate('26 AVR  1975')).toBe('1975-04-26');
    expect(parseBirthDate('24 MAAR 1969')).toBe('1969-03-24');
    expect(parseBirthDate('13.AUG. 1996')).toBe('1996-08-13');
    expect(parseBirthDate('07 SEPT 2003')).toBe('2003-09-07');
    expect(parseBirthDate('1 JAN 1971')).toBe('1971-01-01');
    expect(parseBirthDate('03 MEI 2001')).toBe('2001-05-03');
    expect(parseBirthDate('01 MÄR 1980')).toBe('1980-03-01');
    expect(parseBirthDate('12 DEZ 1980')).toBe('1980-12-12');
    expect(parseBirthDate('15 FEV 1990')).toBe('1990-02-15');
    expect(parseBirthDate('1955')).toBe('1955');
    expect(parseBirthDate('30 FOO 1990')).toBeNull();
    expect(parseDottedDate('17.08.2009')).toBe('2009-08-17');
    expect(parseDottedDate('32.08.2009')).toBeNull();
  });
});

describe('parseAddress', () => {
  it('reads a zero-padded address and trims padding', () => {
    const bytes = new Uint8Array(117);
    const content = tlv([[1, 'Meirplaats 1 bus 1'], [2, '2000'], [3, 'Antwerpen']]);
    bytes.set(content);
    expect(parseAddress(bytes)).toEqual({ ok: true, value: { streetAndNumber: 'Meirplaats 1 bus 1', zip: '2000', municipality: 'Antwerpen' } });
    expect(trimZeroPadding(bytes).length).toBe(content.length);
  });
});
