// Secure PIN entry on the reader (PC/SC part 10 / CCID): ask the reader for its features with
// GET_FEATURE_REQUEST, then send FEATURE_VERIFY_PIN_DIRECT with the BELPIC PIN_VERIFY_STRUCTURE
// (BELPIC-NOTES §5.2). The control code for GET_FEATURE_REQUEST differs per OS; feature ioctls are
// always taken from the reader's answer, never hard-coded.

import { WINDOWS_LANGUAGE_IDS, type Language } from '../i18n/languages.ts';
import { PIN_PAD_TIMEOUT_SECONDS } from './pin-entry.ts';

/** SCARD_CTL_CODE(3400): pcsc-lite and macOS add it to 0x42000000, Windows builds it as a device ioctl. */
export function getFeatureRequestCode(platform: 'windows' | 'pcsclite'): number {
  return platform === 'windows' ? ((0x31 << 16) | (3400 << 2)) >>> 0 : 0x42000000 + 3400;
}

export const FEATURE_VERIFY_PIN_DIRECT = 0x06;
export const FEATURE_MODIFY_PIN_DIRECT = 0x07;

/** Parses the reply to GET_FEATURE_REQUEST: repeated `tag 04 ioctl(4, big-endian)`. Total: stops at junk. */
export function parseFeatures(reply: Uint8Array): Map<number, number> {
  const features = new Map<number, number>();
  for (let i = 0; i + 6 <= reply.length; i += 6) {
    if (reply[i + 1] !== 4) break;
    const code = ((reply[i + 2]! << 24) | (reply[i + 3]! << 16) | (reply[i + 4]! << 8) | reply[i + 5]!) >>> 0;
    features.set(reply[i]!, code);
  }
  return features;
}

/** The 32-byte PIN_VERIFY_STRUCTURE for a BELPIC VERIFY with a 4..12 digit BCD PIN. */
export function verifyPinStructure(language: Language, timeoutSeconds = PIN_PAD_TIMEOUT_SECONDS): Uint8Array {
  const lang = WINDOWS_LANGUAGE_IDS[language];
  return Uint8Array.from([
    timeoutSeconds, timeoutSeconds, // bTimerOut, bTimerOut2
    0x89, // bmFormatString: byte units, PIN at offset 1, left-justified, BCD
    0x47, // bmPINBlockString: 4-bit length field, 7-byte PIN block
    0x04, // bmPINLengthFormat: length at bit 4 of the first byte (the L of 0x2L)
    0x0c, 0x04, // wPINMaxExtraDigit: min 4, max 12
    0x02, // bEntryValidationCondition: OK key
    0x01, // bNumberMessage
    lang & 0xff, lang >> 8, // wLangId, little-endian as the minidriver and commons-eid send it
    0x00, // bMsgIndex
    0x00, 0x00, 0x00, // bTeoPrologue
    0x0d, 0x00, 0x00, 0x00, // ulDataLength = 13
    0x00, 0x20, 0x00, 0x01, 0x08, 0x20, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // the VERIFY the reader completes
  ]);
}
