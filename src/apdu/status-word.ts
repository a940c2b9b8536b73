// Status words the BELPIC applet and PIN-pad readers return (BELPIC-NOTES §8, §5.2), as typed results,
// so the card library switches on names instead of numbers.

export type StatusWord =
  | { kind: 'ok' }
  | { kind: 'more-data'; available: number } // 61xx (handled by CardChannel)
  | { kind: 'wrong-le'; exact: number } // 6Cxx (handled by CardChannel)
  | { kind: 'pin-wrong'; triesLeft: number } // 63Cx
  | { kind: 'pin-blocked' } // 6983
  | { kind: 'security-not-satisfied' } // 6982
  | { kind: 'conditions-not-satisfied' } // 6985
  | { kind: 'file-not-activated' } // 6283
  | { kind: 'no-current-ef' } // 6986
  | { kind: 'file-not-found' } // 6A82
  | { kind: 'record-not-found' } // 6A83
  | { kind: 'incorrect-data' } // 6A80
  | { kind: 'wrong-p1p2' } // 6A86, 6A87
  | { kind: 'reference-not-found' } // 6A88
  | { kind: 'end-of-file' } // 6B00: offset outside the EF (or bad P1-P2)
  | { kind: 'wrong-length' } // 6700
  | { kind: 'ins-not-supported' } // 6D00
  | { kind: 'cla-not-supported' } // 6E00, 6881
  | { kind: 'memory-failure' } // 6581
  | { kind: 'pinpad-timeout' } // 6400
  | { kind: 'pinpad-cancelled' } // 6401
  | { kind: 'pinpad-mismatch' } // 6402
  | { kind: 'pinpad-pin-length' } // 6403
  | { kind: 'pinpad-bad-structure' } // 6B80
  | { kind: 'unknown'; sw: number };

export function statusWord(sw: number): StatusWord {
  const sw1 = sw >> 8;
  const sw2 = sw & 0xff;
  if (sw === 0x9000) return { kind: 'ok' };
  if (sw1 === 0x61) return { kind: 'more-data', available: sw2 === 0 ? 256 : sw2 };
  if (sw1 === 0x6c) return { kind: 'wrong-le', exact: sw2 === 0 ? 256 : sw2 };
  if (sw1 === 0x63 && (sw2 & 0xf0) === 0xc0) return { kind: 'pin-wrong', triesLeft: sw2 & 0x0f };
  switch (sw) {
    case 0x6983: return { kind: 'pin-blocked' };
    case 0x6982: return { kind: 'security-not-satisfied' };
    case 0x6985: return { kind: 'conditions-not-satisfied' };
    case 0x6283: return { kind: 'file-not-activated' };
    case 0x6986: return { kind: 'no-current-ef' };
    case 0x6a82: return { kind: 'file-not-found' };
    case 0x6a83: return { kind: 'record-not-found' };
    case 0x6a80: return { kind: 'incorrect-data' };
    case 0x6a86:
    case 0x6a87: return { kind: 'wrong-p1p2' };
    case 0x6a88: return { kind: 'reference-not-found' };
    case 0x6b00: return { kind: 'end-of-file' };
    case 0x6700: return { kind: 'wrong-length' };
    case 0x6d00: return { kind: 'ins-not-supported' };
    case 0x6e00:
    case 0x6881: return { kind: 'cla-not-supported' };
    case 0x6581: return { kind: 'memory-failure' };
    case 0x6400: return { kind: 'pinpad-timeout' };
    case 0x6401: return { kind: 'pinpad-cancelled' };
    case 0x6402: return { kind: 'pinpad-mismatch' };
    case 0x6403: return { kind: 'pinpad-pin-length' };
    case 0x6b80: return { kind: 'pinpad-bad-structure' };
    default: return { kind: 'unknown', sw };
  }
}
