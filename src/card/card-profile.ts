// One object per BELPIC applet generation, found by the ATR and confirmed by GET CARD DATA
// (BELPIC-NOTES §1, §3), as libelectronic-id has one class per card: everything the card library
// does differently for 1.7 and 1.8 is read from here, so a new card generation is one new profile.
import type { Applet } from '../contract/bridge.ts';
import type { AppletVersion, CardData } from './card-data.ts';
import type { HashAlgorithm } from './digest-info.ts';
import { fromHex } from './hex.ts';

export type { Applet };
export type KeyName = 'authentication' | 'signature';

export interface CardProfile {
  readonly applet: Applet;
  /** The ATR, compared under `mask`. An ATR alone never makes a card a Belgian eID: GET CARD DATA confirms. */
  readonly atr: Uint8Array;
  readonly atrMask: Uint8Array;
  /** The applet versions GET CARD DATA reports for this profile. */
  readonly appletVersions: readonly AppletVersion[];
  readonly keyReferences: Readonly<Record<KeyName, number>>;
  /**
   * The MSE SET algorithm reference per hash, and whether the card signs a PKCS#1 DigestInfo ‖ hash
   * (RSA: the card only pads) or the bare hash (ECDSA).
   */
  readonly signing: { readonly kind: 'rsa-pkcs1' | 'ecdsa'; readonly algorithms: Partial<Readonly<Record<HashAlgorithm, number>>> };
  /**
   * How to read the PIN tries left without spending one: GET CARD DATA P2=01 (which is then also the
   * identification), or an empty VERIFY.
   */
  readonly triesLeft: 'card-data' | 'empty-verify';
  /** Whether the card has the basic public key file whose hash the identity file carries. */
  readonly basicKeyFile: boolean;
  /** RRN signature files are read this far first (card content §6.2.5): 128 or 256 bytes on the cards seen. */
  readonly signatureFileSize: number;
  /** Secure PIN entry on a PIN pad reader (FEATURE_VERIFY_PIN_DIRECT with the BELPIC structure). */
  readonly pinPad: boolean;
}

const KEYS = { authentication: 0x82, signature: 0x83 } as const;

export const BELPIC_18 = {
  applet: '1.8',
  atr: fromHex('3B 7F 96 00 00 80 31 80 65 B0 85 04 01 20 12 0F FF 82 90 00')!,
  atrMask: fromHex('FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF')!,
  appletVersions: ['1.8'],
  keyReferences: KEYS,
  signing: { kind: 'ecdsa', algorithms: { 'SHA-256': 0x01, 'SHA-384': 0x02, 'SHA-512': 0x04 } },
  triesLeft: 'card-data',
  basicKeyFile: true,
  signatureFileSize: 256,
  pinPad: true,
} satisfies CardProfile;

/** v1.0/1.1/1.7 cards, with the ATR mask eid-mw and the Windows registration use. */
export const BELPIC_17 = {
  applet: '1.7',
  atr: fromHex('3B 98 00 40 00 A5 03 01 01 01 AD 13 00')!,
  atrMask: fromHex('FF FF 00 FF 00 FF FF FF FF FF FF FF 00')!,
  appletVersions: ['1.7', '1.1'],
  keyReferences: KEYS,
  signing: { kind: 'rsa-pkcs1', algorithms: { 'SHA-1': 0x01, 'SHA-256': 0x01, 'SHA-384': 0x01, 'SHA-512': 0x01 } },
  triesLeft: 'empty-verify',
  basicKeyFile: false,
  signatureFileSize: 256,
  pinPad: true,
} satisfies CardProfile;

/** Every applet of the contract has its profile (the compiler checks the list against APPLETS). */
const PROFILES: { readonly [A in Applet]: CardProfile & { readonly applet: A } } = { '1.8': BELPIC_18, '1.7': BELPIC_17 };
export const CARD_PROFILES: readonly CardProfile[] = Object.values(PROFILES);

/** The profile whose ATR this is, or null (not a Belgian eID). */
export function profileByAtr(atr: Uint8Array): CardProfile | null {
  return CARD_PROFILES.find((p) => atr.length === p.atr.length && atr.every((b, i) => (b & p.atrMask[i]!) === p.atr[i])) ?? null;
}

/** The profile of the applet GET CARD DATA reports, or null (an applet we do not support). */
export function profileByCardData(cardData: CardData): CardProfile | null {
  return CARD_PROFILES.find((p) => p.appletVersions.includes(cardData.appletVersion)) ?? null;
}

/** The profile of an applet already identified (CardInfo.applet). */
export function profileByApplet(applet: Applet): CardProfile {
  return PROFILES[applet];
}
