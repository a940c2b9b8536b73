// Web eID carries ECDSA signatures as raw r‖s. Cards and PKCS#11 layers usually do too, but some
// return the DER SEQUENCE { r, s }: accept both from the signer, emit only raw.

/** DER `SEQUENCE { INTEGER r, INTEGER s }` → r‖s, each left-padded to `fieldBytes`. Undefined when it is not that. */
export function ecdsaDerToRaw(der: Uint8Array, fieldBytes: number): Uint8Array | undefined {
  const seq = readTlv(der, 0, 0x30);
  if (!seq || seq.end !== der.length) return undefined;
  const r = readTlv(der, seq.start, 0x02);
  if (!r) return undefined;
  const s = readTlv(der, r.end, 0x02);
  if (!s || s.end !== seq.end) return undefined;
  const out = new Uint8Array(2 * fieldBytes);
  for (const [index, part] of [r, s].entries()) {
    let value = der.subarray(part.start, part.end);
    while (value.length > 1 && value[0] === 0) value = value.subarray(1);
    if (value.length > fieldBytes) return undefined;
    out.set(value, (index + 1) * fieldBytes - value.length);
  }
  return out;
}

function readTlv(bytes: Uint8Array, offset: number, tag: number): { start: number; end: number } | undefined {
  if (bytes[offset] !== tag || offset + 2 > bytes.length) return undefined;
  let length = bytes[offset + 1]!;
  let start = offset + 2;
  if (length === 0x81) {
    if (start >= bytes.length) return undefined;
    length = bytes[start]!;
    start += 1;
  } else if (length > 0x80) {
    return undefined;
  }
  const end = start + length;
  return end <= bytes.length && length > 0 ? { start, end } : undefined;
}
