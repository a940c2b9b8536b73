// The Belgian eID root CAs this app and the reference backend trust, pinned by the SHA-256 of their DER
// encoding. These are facts about public certificates: anything that claims to be a Belgian root but
// hashes to something else is refused, wherever it came from (download, disk, card).
//
// CA4 exists twice: the 2013 certificate (valid to 2028) and a re-issue with the same subject, serial
// and key, valid to 2032. Both are pinned because a chain built under the CA4 key verifies against
// either, and different sources hand out either. CA2 expired in 2021; it stays pinned so diagnostics can
// name it (the validator still refuses chains that end in an expired root).

export const BELGIAN_ROOT_PINS = [
  {
    id: 'belgium-root-ca2',
    commonName: 'Belgium Root CA2',
    sha256: '9f9744463be13714754e1a3becf98c08cc205e4ab32028f4e2830c4a1b2775b8',
    notAfter: '2021-12-15T08:00:00Z',
  },
  {
    id: 'belgium-root-ca3',
    commonName: 'Belgium Root CA3',
    sha256: 'a8d14e945e3e5156bcae5e39737cf6a1b1f51028bbbf982f50ce5f4c05568b4d',
    notAfter: '2028-01-28T12:00:00Z',
  },
  {
    id: 'belgium-root-ca4',
    commonName: 'Belgium Root CA4',
    sha256: 'c3fbf37259af0954eeea4282dd1c7226a54e7150f7c29a2c495ba34dbfe09ca0',
    notAfter: '2028-01-28T12:00:00Z',
  },
  {
    id: 'belgium-root-ca4b',
    commonName: 'Belgium Root CA4',
    sha256: '702dd5c1a093cf0a9d71fadd9bf9a7c5857d89fb73b716e867228b3c2beb968f',
    notAfter: '2032-10-22T12:00:00Z',
  },
  {
    id: 'belgium-root-ca6',
    commonName: 'Belgium Root CA6',
    sha256: '9c872bc979a7c09a58d4a274c199e5cb16cfa9b9618d98bc9a9988e984b8495c',
    notAfter: '2040-06-03T10:01:31Z',
  },
] as const;

export type RootPin = (typeof BELGIAN_ROOT_PINS)[number];
export type RootPinId = RootPin['id'];

/** Lower-case hex without separators: the one form fingerprints take in this code base. */
export function normaliseFingerprint(text: string): string {
  return text.replace(/[\s:]/g, '').toLowerCase();
}

export function pinForFingerprint(sha256: string): RootPin | undefined {
  const wanted = normaliseFingerprint(sha256);
  return BELGIAN_ROOT_PINS.find((pin) => pin.sha256 === wanted);
}
