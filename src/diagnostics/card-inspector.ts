// What the diagnosis asks of the card library, as a port: the adapter over src/card lives in
// card-library-inspector.ts; tests may pass the same adapter over the in-process virtual card.
import type { CardConnection } from '../pcsc/port.ts';
import type { PinStatus } from '../card/eid-card.ts';

/** The holder's data. It never leaves the diagnosis unless the user ticks "include my personal data". */
export interface PersonalData {
  readonly nationalNumber: string;
  readonly surname: string;
  readonly givenNames: string;
  readonly birthDate: string;
  readonly birthPlace: string;
  /** Street and number, postal code, municipality. */
  readonly address: readonly string[];
}

export type CardIdentification =
  | { readonly kind: 'belgian-eid'; readonly applet: string; readonly chipNumber: string | null }
  | { readonly kind: 'other'; readonly reason: string };

export interface IdentityReading {
  readonly personal: PersonalData;
  /** Identity and address signatures and the photo hash verify with the card's RRN certificate. */
  readonly signatureValid: boolean;
}

/** DER certificates as read from the card; null when the card has none (a minor's signature key). */
export interface CardCertificates {
  readonly authentication: Uint8Array | null;
  readonly signature: Uint8Array | null;
  readonly ca: Uint8Array | null;
  readonly root: Uint8Array | null;
}

/** The card library's tries-left answer (null when the card cannot tell without spending a try). */
export type { PinStatus };

export interface CardInspector {
  /** ATR and GET CARD DATA: Belgian eID or not, applet, chip number. */
  identify(connection: CardConnection): Promise<CardIdentification>;
  readIdentity(connection: CardConnection): Promise<IdentityReading>;
  readCertificates(connection: CardConnection): Promise<CardCertificates>;
  /** Never spends a try. */
  pinStatus(connection: CardConnection): Promise<PinStatus>;
  /** The reader has a PIN pad (CCID part 10 FEATURE_VERIFY_PIN_DIRECT). */
  pinPad(connection: CardConnection): Promise<boolean>;
  /** The optional, user-started PIN test: VERIFY, then LOG OFF. Wipes `pin`. Fails with PIN_WRONG/PIN_BLOCKED. */
  verifyPin(connection: CardConnection, pin: Uint8Array): Promise<void>;
}
