// Who the emulated card belongs to. The default is an obvious specimen person, never a real one.

export interface Holder {
  readonly surname: string;
  /** The first two given names, as on the card (tag 08). */
  readonly firstNames: string;
  readonly thirdNameInitial: string;
  /** YYMMDDSSSCC with valid check digits. */
  readonly nationalNumber: string;
  readonly nationality: string;
  readonly placeOfBirth: string;
  /** As printed in the identity file, e.g. "12 MEI 1985". */
  readonly dateOfBirth: string;
  readonly gender: 'M' | 'F';
  /** 12 digits, the last two a mod-97 check. */
  readonly cardNumber: string;
  readonly issuingMunicipality: string;
  readonly address: HolderAddress;
}

export interface HolderAddress {
  readonly streetAndNumber: string;
  readonly zip: string;
  readonly municipality: string;
}

/** Check digits of a national number: 97 − (first nine digits, prefixed with 2 when born ≥ 2000, mod 97). */
export function nationalNumberCheck(firstNine: string, bornFrom2000: boolean): string {
  const base = BigInt(bornFrom2000 ? `2${firstNine}` : firstNine);
  return String(97n - (base % 97n)).padStart(2, '0');
}

/** Check digits of a Belgian card number: the first ten digits mod 97, 97 when that is 0. */
export function cardNumberCheck(firstTen: string): string {
  const rest = Number(BigInt(firstTen) % 97n);
  return String(rest === 0 ? 97 : rest).padStart(2, '0');
}

export const SPECIMEN_HOLDER: Holder = {
  surname: 'Specimen',
  firstNames: 'Eva Demo',
  thirdNameInitial: '',
  // Born 12 May 1985, sequence 002 (even: female).
  nationalNumber: `850512002${nationalNumberCheck('850512002', false)}`,
  nationality: 'Belg',
  placeOfBirth: 'Brussel',
  dateOfBirth: '12 MEI 1985',
  gender: 'F',
  cardNumber: `5920000001${cardNumberCheck('5920000001')}`,
  issuingMunicipality: 'Specimen',
  address: { streetAndNumber: 'Demostraat 1', zip: '1000', municipality: 'Brussel' },
};

/** A holder with some fields replaced (address merged field by field). */
export function holderWith(overrides: HolderOverrides | undefined): Holder {
  if (!overrides) return SPECIMEN_HOLDER;
  return {
    ...SPECIMEN_HOLDER,
    ...overrides,
    address: { ...SPECIMEN_HOLDER.address, ...overrides.address },
  };
}

export type HolderOverrides = Partial<Omit<Holder, 'address'>> & { readonly address?: Partial<HolderAddress> };
