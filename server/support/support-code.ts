// The code a customer reads to the helpdesk: six symbols drawn uniformly (crypto, no modulo bias) from
// an alphabet without look-alikes. It opens one report and nothing else; the database keeps only its keyed hash.
import { randomInt } from 'node:crypto';
import { SUPPORT_CODE_ALPHABET, SUPPORT_CODE_LENGTH } from '../../src/contract/support-report.ts';

export function newSupportCode(): string {
  let code = '';
  for (let i = 0; i < SUPPORT_CODE_LENGTH; i++) code += SUPPORT_CODE_ALPHABET[randomInt(SUPPORT_CODE_ALPHABET.length)];
  return code;
}
