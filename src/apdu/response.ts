// Response APDUs: data ‖ SW1 SW2. Parsing is total: anything shorter than a status word is a typed error.

export interface ResponseApdu {
  readonly data: Uint8Array;
  /** SW1 << 8 | SW2 */
  readonly sw: number;
}

export type ResponseParse = { ok: true; value: ResponseApdu } | { ok: false; error: string };

export function parseResponse(bytes: Uint8Array): ResponseParse {
  if (bytes.length < 2) return { ok: false, error: `response of ${bytes.length} byte(s) has no status word` };
  const n = bytes.length;
  return { ok: true, value: { data: bytes.slice(0, n - 2), sw: (bytes[n - 2]! << 8) | bytes[n - 1]! } };
}

export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}
