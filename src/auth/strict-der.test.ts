import { describe, expect, it } from 'vitest';
import { isStrictDer } from './strict-der.ts';
import { createTestCa } from '../test-pki/test-pki.ts';

describe('isStrictDer', () => {
  it('accepts a real certificate', async () => {
    const ca = await createTestCa({ name: 'Strict DER CA' });
    expect(isStrictDer(ca.der)).toBe(true);
  });

  it('refuses a wrong outer length, a wrong inner length and trailing bytes', async () => {
    const der = (await createTestCa({ name: 'Strict DER CA' })).der;
    const outer = Uint8Array.from(der);
    outer[3] = outer[3]! ^ 0x40;
    expect(isStrictDer(outer)).toBe(false);
    // The signatureAlgorithm SEQUENCE sits right after the TBS: shrink its length byte.
    const tbsLength = (der[6]! << 8) | der[7]!;
    const algorithmAt = 4 + 4 + tbsLength;
    const inner = Uint8Array.from(der);
    inner[algorithmAt + 1] = 0x02;
    expect(isStrictDer(inner)).toBe(false);
    expect(isStrictDer(Uint8Array.from([...der, 0]))).toBe(false);
  });

  it('refuses non-minimal and indefinite lengths', () => {
    expect(isStrictDer(Uint8Array.of(0x04, 0x81, 0x01, 0xaa))).toBe(false);
    expect(isStrictDer(Uint8Array.of(0x30, 0x80, 0x00, 0x00))).toBe(false);
    expect(isStrictDer(Uint8Array.of(0x04, 0x01, 0xaa))).toBe(true);
  });
});
