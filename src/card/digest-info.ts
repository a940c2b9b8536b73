// Hash algorithms the card can sign for, their digest lengths and PKCS#1 DigestInfo prefixes
// (RSA cards sign `DigestInfo ‖ hash` with algorithm 01; the card only pads).
import { fromHex } from './hex.ts';

export type HashAlgorithm = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

export const DIGEST_LENGTH: Readonly<Record<HashAlgorithm, number>> = { 'SHA-1': 20, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

export const DIGEST_INFO_PREFIX: Readonly<Record<HashAlgorithm, Uint8Array>> = {
  'SHA-1': fromHex('3021300906052B0E03021A05000414')!,
  'SHA-256': fromHex('3031300D060960864801650304020105000420')!,
  'SHA-384': fromHex('3041300D060960864801650304020205000430')!,
  'SHA-512': fromHex('3051300D060960864801650304020305000440')!,
};
