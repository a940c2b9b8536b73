// An emulated secure-PIN-entry reader (PC/SC part 10 / CCID): it lists VERIFY_PIN_DIRECT and
// MODIFY_PIN_DIRECT in its GET_FEATURE_REQUEST answer, reads PIN_VERIFY/PIN_MODIFY structures, takes the
// digits from a PinPad callback (a test, or the demo's on-screen keypad) and sends the completed APDU
// to the card. Reader-made outcomes: 6400 timeout, 6401 cancel, 6402 new PINs differ, 6403 bad length,
// 6B80 a structure this reader does not understand.

export type PinPadEntry = string | 'cancel' | 'timeout';

export interface PinPadRequest {
  /** Which PIN the reader's display asks for. */
  readonly purpose: 'verify' | 'current' | 'new' | 'confirm';
}

export interface PinPad {
  enter(request?: PinPadRequest): Promise<PinPadEntry>;
}

export const FEATURE = { verifyPinDirect: 0x06, modifyPinDirect: 0x07 } as const;

/** Control codes per platform: pcsc-lite's SCARD_CTL_CODE(x) = 0x42000000 + x; Windows (0x31 << 16) | (x << 2). */
export const CONTROL_CODES = {
  pcsclite: { getFeatureRequest: 0x42000d48, verifyPinDirect: 0x42330006, modifyPinDirect: 0x42330007 },
  windows: { getFeatureRequest: 0x00313520, verifyPinDirect: 0x00312030, modifyPinDirect: 0x00312034 },
} as const;

export type ControlPlatform = keyof typeof CONTROL_CODES;

const READER_SW = { timeout: 0x6400, cancelled: 0x6401, differ: 0x6402, badLength: 0x6403, badStructure: 0x6b80 } as const;
const sw = (word: number): Uint8Array => Uint8Array.of(word >> 8, word & 0xff);

/** The TLV list of GET_FEATURE_REQUEST: tag, 04, control code big-endian. */
export function featureList(platform: ControlPlatform): Uint8Array {
  const codes = CONTROL_CODES[platform];
  const entry = (tag: number, code: number): number[] => [tag, 4, (code >>> 24) & 0xff, (code >>> 16) & 0xff, (code >>> 8) & 0xff, code & 0xff];
  return Uint8Array.from([...entry(FEATURE.verifyPinDirect, codes.verifyPinDirect), ...entry(FEATURE.modifyPinDirect, codes.modifyPinDirect)]);
}

/** How the reader writes the PIN into the APDU (bmFormatString, bmPINBlockString, bmPINLengthFormat). */
interface PinFormat {
  readonly offset: number; // byte offset of the digits inside the PIN block
  readonly blockSize: number;
  readonly lengthBitOffset: number; // position of the 4-bit length field inside the block
  readonly lengthBits: number;
  readonly min: number;
  readonly max: number;
}

function pinFormat(formatString: number, blockString: number, lengthFormat: number, maxExtraDigit: number): PinFormat | null {
  const bytesUnits = (formatString & 0x80) !== 0;
  const position = (formatString >> 3) & 0x0f;
  const rightJustified = (formatString & 0x04) !== 0;
  const encoding = formatString & 0x03;
  if (encoding !== 0x01 || rightJustified) return null; // this reader speaks BCD, left-justified
  const offset = bytesUnits ? position : position / 8;
  if (!Number.isInteger(offset)) return null;
  const lengthBits = blockString >> 4;
  if (lengthBits !== 0 && lengthBits !== 4) return null;
  if ((lengthFormat & 0x10) !== 0) return null; // length position in bytes: not used by BELPIC
  return {
    offset,
    blockSize: blockString & 0x0f,
    lengthBitOffset: lengthFormat & 0x0f,
    lengthBits,
    min: (maxExtraDigit >> 8) & 0xff,
    max: maxExtraDigit & 0xff,
  };
}

/** Writes digits (BCD) and the length nibble into `block`. Returns false if they do not fit. */
function writePin(block: Uint8Array, format: PinFormat, digits: string): boolean {
  if (format.offset + Math.ceil(digits.length / 2) > block.length) return false;
  for (let i = 0; i < digits.length; i++) {
    const index = format.offset + (i >> 1);
    const nibble = digits.charCodeAt(i) - 0x30;
    const current = block[index] ?? 0;
    block[index] = i % 2 === 0 ? (nibble << 4) | (current & 0x0f) : (current & 0xf0) | nibble;
  }
  if (format.lengthBits === 4) {
    const index = format.lengthBitOffset >> 3;
    const highNibble = (format.lengthBitOffset & 7) === 0;
    const current = block[index] ?? 0;
    block[index] = highNibble ? (digits.length << 4) | (current & 0x0f) : (current & 0xf0) | digits.length;
  }
  return true;
}

const readU16 = (data: Uint8Array, at: number): number => (data[at] ?? 0) | ((data[at + 1] ?? 0) << 8);
const readU32 = (data: Uint8Array, at: number): number => readU16(data, at) + readU16(data, at + 2) * 0x10000;

/**
 * What PIN_VERIFY_STRUCTURE and PIN_MODIFY_STRUCTURE share: the PIN format (bmFormatString,
 * bmPINBlockString, bmPINLengthFormat at 2–4; wPINMaxExtraDigit at `extraDigitAt`) and, after a header of
 * `headerLength` bytes that ends with ulDataLength, the APDU of that length (a copy). Null when malformed.
 */
function readStructure(structure: Uint8Array, headerLength: number, extraDigitAt: number): { format: PinFormat; apdu: Uint8Array } | null {
  if (structure.length < headerLength) return null;
  const dataLength = readU32(structure, headerLength - 4);
  if (structure.length !== headerLength + dataLength || dataLength < 5) return null;
  const format = pinFormat(structure[2] ?? 0, structure[3] ?? 0, structure[4] ?? 0, readU16(structure, extraDigitAt));
  return format ? { format, apdu: structure.slice(headerLength) } : null;
}

async function enterDigits(pinPad: PinPad, purpose: PinPadRequest['purpose'], format: PinFormat): Promise<string | number> {
  const entry = await pinPad.enter({ purpose });
  if (entry === 'cancel') return READER_SW.cancelled;
  if (entry === 'timeout') return READER_SW.timeout;
  if (!/^\d*$/.test(entry) || entry.length < format.min || entry.length > format.max) return READER_SW.badLength;
  return entry;
}

export type SendToCard = (apdu: Uint8Array) => Promise<Uint8Array>;

/** VERIFY_PIN_DIRECT: the whole PIN_VERIFY_STRUCTURE in, the card's (or reader's) status word out. */
export async function verifyPinDirect(structure: Uint8Array, pinPad: PinPad, send: SendToCard): Promise<Uint8Array> {
  const parsed = readStructure(structure, 19, 5);
  if (!parsed) return sw(READER_SW.badStructure);
  const { format, apdu } = parsed;
  const digits = await enterDigits(pinPad, 'verify', format);
  if (typeof digits === 'number') return sw(digits);
  const block = apdu.subarray(5, 5 + format.blockSize);
  if (!writePin(block, format, digits)) return sw(READER_SW.badLength);
  try {
    return await send(apdu);
  } finally {
    apdu.fill(0);
  }
}

/** MODIFY_PIN_DIRECT: current PIN, new PIN (entered twice when bConfirmPIN asks), then the card's answer. */
export async function modifyPinDirect(structure: Uint8Array, pinPad: PinPad, send: SendToCard): Promise<Uint8Array> {
  const parsed = readStructure(structure, 24, 7);
  if (!parsed) return sw(READER_SW.badStructure);
  const { format, apdu } = parsed;
  const oldOffset = structure[5] ?? 0;
  const newOffset = structure[6] ?? 0;
  const confirm = ((structure[9] ?? 0) & 0x01) !== 0;
  const askCurrent = ((structure[9] ?? 0) & 0x02) !== 0;
  try {
    if (askCurrent) {
      const current = await enterDigits(pinPad, 'current', format);
      if (typeof current === 'number') return sw(current);
      if (!writePin(apdu.subarray(5 + oldOffset, 5 + oldOffset + format.blockSize), format, current)) return sw(READER_SW.badLength);
    }
    const next = await enterDigits(pinPad, 'new', format);
    if (typeof next === 'number') return sw(next);
    if (confirm) {
      const again = await enterDigits(pinPad, 'confirm', format);
      if (typeof again === 'number') return sw(again);
      if (again !== next) return sw(READER_SW.differ);
    }
    if (!writePin(apdu.subarray(5 + newOffset, 5 + newOffset + format.blockSize), format, next)) return sw(READER_SW.badLength);
    return await send(apdu);
  } finally {
    apdu.fill(0);
  }
}
