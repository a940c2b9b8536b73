// GET CARD DATA (80 E4 00 P2): chip serial, applet version, and on 1.8 with P2=01 the PIN tries left
// (BELPIC-NOTES §3). Total parser.
import { toHex } from './hex.ts';
import { parseFailure, parsed, type ParseResult } from './parse-result.ts';

/** The applet version byte as major.minor, one hex digit each: 0x17 → `1.7`, 0x11 → `1.1`. */
export type AppletVersion = `${number}.${number}`;

export interface CardData {
  /** 16-byte serial in hex = identity tag 02 = PKCS#15 TokenInfo serial. */
  readonly chipNumber: string;
  readonly appletVersion: AppletVersion;
  readonly componentCode: number;
  readonly osNumber: number;
  readonly osVersion: number;
  readonly softmaskNumber: number;
  readonly softmaskVersion: number;
  readonly globalOsVersion: number;
  readonly appletLifeCycle: number | null;
  /** Only from P2=01 on 1.8; null when the card did not say (0xFF = PIN not found). */
  readonly pinTriesLeft: number | null;
}

export function parseCardData(bytes: Uint8Array): ParseResult<CardData> {
  if (bytes.length < 22) return parseFailure({ kind: 'truncated', message: `card data of ${bytes.length} bytes (at least 22 expected)` });
  const versionByte = bytes[21]!;
  const appletVersion: AppletVersion = `${versionByte >> 4}.${versionByte & 0x0f}`;
  const tries = bytes.length >= 29 && bytes[28] !== 0xff ? bytes[28]! : null;
  return parsed({
    chipNumber: toHex(bytes.subarray(0, 16)),
    appletVersion,
    componentCode: bytes[16]!,
    osNumber: bytes[17]!,
    osVersion: bytes[18]!,
    softmaskNumber: bytes[19]!,
    softmaskVersion: bytes[20]!,
    globalOsVersion: bytes.length >= 24 ? (bytes[22]! << 8) | bytes[23]! : 0,
    appletLifeCycle: bytes.length >= 28 ? bytes[27]! : null,
    pinTriesLeft: tries,
  });
}
