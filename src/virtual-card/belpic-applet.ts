// The BELPIC applet as real clients meet it: one APDU in, one response out (data ‖ SW1 SW2). Behaviour
// follows the applet 1.7/1.8 reference manuals and what eid-mw, the minidriver, OpenSC and commons-eid
// send (SELECT in all their forms, READ BINARY with 6B00/6Cxx, T=0 GET RESPONSE, the PIN policy of the
// authentication and non-repudiation keys). Everything is synchronous and total: no input throws.
import type { KeyObject } from 'node:crypto';
import { ecdsaSignDigest, rsaPkcs1Sign, rsaPssSignDigest } from '../test-pki/digest-signing.ts';
import { pinFromBlock, samePin } from './card-pin-block.ts';
import { concat, hexBytes } from './der.ts';
import { toHex } from '../card/hex.ts';
import { simpleTlvRecords } from './identity-files.ts';
import { BELPIC_APPLET_AID, ID_FILES_AID, PKCS15_AID, type AppletProfile } from './pkcs15-files.ts';

export const SW = {
  ok: 0x9000,
  wrongLength: 0x6700,
  securityNotSatisfied: 0x6982,
  pinBlocked: 0x6983,
  conditionsNotSatisfied: 0x6985,
  noCurrentEf: 0x6986,
  notRecordFile: 0x6981,
  wrongData: 0x6a80,
  fileNotFound: 0x6a82,
  recordNotFound: 0x6a83,
  wrongP1P2: 0x6a86,
  lcInconsistent: 0x6a87,
  referenceNotFound: 0x6a88,
  wrongParameters: 0x6b00,
  insNotSupported: 0x6d00,
  claNotSupported: 0x6e00,
} as const;

export interface AppletKeys {
  readonly authentication: KeyObject;
  /** null on a minor's card. */
  readonly signature: KeyObject | null;
  /** The basic (card) key for INTERNAL AUTHENTICATE, 1.8 only. */
  readonly basic: KeyObject | null;
}

export interface AppletConfig {
  readonly profile: AppletProfile;
  /** Transparent EFs by absolute path, e.g. "3F00DF014031". */
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly pin: string;
  readonly triesLeft: number;
  readonly keys: AppletKeys;
  /** The 28 bytes GET CARD DATA P2=00 answers. */
  readonly cardData: Uint8Array;
}

export interface ProcessOptions {
  /** Answer 61xx for every response with data, even where the card would answer directly. */
  readonly forceT0Chaining?: boolean;
}

const MAX_TRIES = 3;
const MF = '3F00';
const DFS = new Set([MF, '3F00DF00', '3F00DF01']);
/** Files READ RECORD reaches on 1.8: the simplified-TLV identity and address files. */
const TLV_FILES = new Set(['3F00DF014031', '3F00DF014033']);
const INTERNAL_AUTH_LIMIT = 5000;

type Ins =
  | 'select'
  | 'readBinary'
  | 'readRecord'
  | 'getResponse'
  | 'getCardData'
  | 'verify'
  | 'change'
  | 'mse'
  | 'pso'
  | 'internalAuthenticate'
  | 'logOff';

const INSTRUCTIONS: Record<number, Ins> = {
  0xa4: 'select',
  0xb0: 'readBinary',
  0xb2: 'readRecord',
  0xc0: 'getResponse',
  0xe4: 'getCardData',
  0x20: 'verify',
  0x24: 'change',
  0x22: 'mse',
  0x2a: 'pso',
  0x88: 'internalAuthenticate',
  0xe6: 'logOff',
};

/** A parsed short APDU: Lc data and Le as ISO 7816-3 cases 1–4 (Le 0 ⇒ 256). */
interface Command {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly data: Uint8Array;
  /** null when absent (case 1 and 3). */
  readonly le: number | null;
  /** The raw P3 byte (T=0 sends a 5-byte header even for case 1). */
  readonly p3: number | null;
}

function parseCommand(apdu: Uint8Array): Command | 'wrongLength' {
  if (apdu.length < 4) return 'wrongLength';
  const [cla = 0, ins = 0, p1 = 0, p2 = 0] = apdu;
  if (apdu.length === 4) return { cla, ins, p1, p2, data: new Uint8Array(), le: null, p3: null };
  const p3 = apdu[4] ?? 0;
  if (apdu.length === 5) return { cla, ins, p1, p2, data: new Uint8Array(), le: p3 === 0 ? 256 : p3, p3 };
  if (p3 === 0) return 'wrongLength'; // no extended lengths on this card
  if (apdu.length === 5 + p3) return { cla, ins, p1, p2, data: apdu.subarray(5), le: null, p3 };
  if (apdu.length === 6 + p3) {
    const le = apdu[5 + p3] ?? 0;
    return { cla, ins, p1, p2, data: apdu.subarray(5, 5 + p3), le: le === 0 ? 256 : le, p3 };
  }
  return 'wrongLength';
}

const sw = (word: number): Uint8Array => Uint8Array.of(word >> 8, word & 0xff);
const withSw = (data: Uint8Array, word: number = SW.ok): Uint8Array => concat(data, sw(word));

/** The algorithm references an MSE SET may name, with the DTBS lengths PSO accepts for each. */
interface Algorithm {
  readonly lengths: readonly number[];
  readonly sign: (key: KeyObject, dtbs: Uint8Array) => Uint8Array;
}

const DIGEST_INFO = {
  sha1: hexBytes('30 21 30 09 06 05 2B 0E 03 02 1A 05 00 04 14'),
  md5: hexBytes('30 20 30 0C 06 08 2A 86 48 86 F7 0D 02 05 05 00 04 10'),
  sha256: hexBytes('30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20'),
} as const;

const rsaAlgorithms: Record<number, Algorithm> = {
  0x01: { lengths: Array.from({ length: 245 }, (_, i) => i + 1), sign: (k, d) => rsaPkcs1Sign(k, d) },
  0x02: { lengths: [20], sign: (k, d) => rsaPkcs1Sign(k, concat(DIGEST_INFO.sha1, d)) },
  0x04: { lengths: [16], sign: (k, d) => rsaPkcs1Sign(k, concat(DIGEST_INFO.md5, d)) },
  0x08: { lengths: [32], sign: (k, d) => rsaPkcs1Sign(k, concat(DIGEST_INFO.sha256, d)) },
  0x10: { lengths: [20], sign: (k, d) => rsaPssSignDigest(k, 'sha1', d) },
  0x20: { lengths: [32], sign: (k, d) => rsaPssSignDigest(k, 'sha256', d) },
};

const ecdsaAlgorithms: Record<number, Algorithm> = {
  0x01: { lengths: [32], sign: ecdsaSignDigest }, // SHA-2-256
  0x02: { lengths: [48], sign: ecdsaSignDigest }, // SHA-2-384
  0x04: { lengths: [64], sign: ecdsaSignDigest }, // SHA-2-512
  0x08: { lengths: [32], sign: ecdsaSignDigest }, // SHA3-256
  0x10: { lengths: [48], sign: ecdsaSignDigest }, // SHA3-384
  0x20: { lengths: [64], sign: ecdsaSignDigest }, // SHA3-512
  0x40: { lengths: [20, 28, 32, 48, 64], sign: ecdsaSignDigest }, // hash not specified
};

export class BelpicApplet {
  readonly profile: AppletProfile;
  private readonly files: ReadonlyMap<string, Uint8Array>;
  private readonly keys: AppletKeys;
  private readonly cardData: Uint8Array;
  private pin: string;
  private tries: number;

  // Volatile state, cleared by reset.
  private currentDf = MF;
  private currentEf: string | null = null;
  private pending: Uint8Array | null = null;
  private environment: { algorithm: number; key: number } | null = null;
  /** "PIN once": an earlier successful VERIFY that authorises the authentication key. */
  private authGranted = false;
  /** A VERIFY not yet consumed, with the number of commands since (non-repudiation needs it fresh). */
  private freshVerify: { commandsSince: number } | null = null;
  private internalAuthCount = 0;

  constructor(config: AppletConfig) {
    this.profile = config.profile;
    this.files = config.files;
    this.keys = config.keys;
    this.cardData = config.cardData;
    this.pin = config.pin;
    this.tries = Math.max(0, Math.min(MAX_TRIES, config.triesLeft));
  }

  get triesLeft(): number {
    return this.tries;
  }

  /** Warm or cold reset: the applet is selected, the MF is current, every access right is gone. */
  reset(): void {
    this.currentDf = MF;
    this.currentEf = null;
    this.pending = null;
    this.environment = null;
    this.clearRights();
  }

  process(apdu: Uint8Array, options: ProcessOptions = {}): Uint8Array {
    const command = parseCommand(apdu);
    if (command === 'wrongLength') {
      this.pending = null;
      return sw(SW.wrongLength);
    }
    if (command.cla !== 0x00 && command.cla !== 0x80) {
      this.pending = null;
      return sw(SW.claNotSupported);
    }
    const ins = INSTRUCTIONS[command.ins];
    if (ins === undefined) {
      this.pending = null;
      this.ageVerify('other');
      return sw(SW.insNotSupported);
    }
    if (ins !== 'getResponse') this.pending = null;
    this.ageVerify(ins);
    const answer = this.dispatch(ins, command);
    if (answer.data.length === 0) return sw(answer.sw);
    return this.deliver(answer.data, answer.sw, answer.alwaysDirect === true || (command.le !== null && !options.forceT0Chaining));
  }

  /** Data the command produced: directly when the host asked for it (Le), else through GET RESPONSE. */
  private deliver(data: Uint8Array, word: number, direct: boolean): Uint8Array {
    if (word !== SW.ok) return withSw(data, word); // GET RESPONSE with more to come (61xx)
    if (direct && data.length <= 256) return withSw(data);
    const first = direct ? data.subarray(0, 256) : new Uint8Array();
    this.pending = data.subarray(first.length);
    return withSw(first, 0x6100 | (this.pending.length >= 256 ? 0 : this.pending.length));
  }

  private dispatch(ins: Ins, c: Command): { data: Uint8Array; sw: number; alwaysDirect?: boolean } {
    const only = (word: number) => ({ data: new Uint8Array(), sw: word });
    switch (ins) {
      case 'select':
        return only(this.select(c));
      case 'readBinary':
        return this.readBinary(c);
      case 'readRecord':
        return this.readRecord(c);
      case 'getResponse':
        return this.getResponse(c);
      case 'getCardData':
        return this.getCardData(c);
      case 'verify':
        return only(this.verify(c));
      case 'change':
        return only(this.changePin(c));
      case 'mse':
        return only(this.manageSecurityEnvironment(c));
      case 'pso':
        return this.computeSignature(c);
      case 'internalAuthenticate':
        return this.internalAuthenticate(c);
      case 'logOff':
        this.clearRights();
        return only(SW.ok);
    }
  }

  // --- PIN policy -------------------------------------------------------------------------------

  private clearRights(): void {
    this.authGranted = false;
    this.freshVerify = null;
  }

  /**
   * A fresh VERIFY authorises one non-repudiation signature only if PSO follows immediately (1.7) or
   * after at most one other command (1.8) that does not touch the SE or the PIN. Once it is no longer
   * fresh, it still counts for the authentication key ("PIN once").
   */
  private ageVerify(ins: Ins | 'other'): void {
    if (!this.freshVerify || ins === 'verify' || ins === 'pso' || ins === 'getResponse') return;
    this.freshVerify.commandsSince++;
    const tolerated = this.profile === '1.8' && ins !== 'mse' && ins !== 'change' && ins !== 'logOff' ? 1 : 0;
    if (this.freshVerify.commandsSince > tolerated) {
      this.freshVerify = null;
      this.authGranted = true;
    }
  }

  private verify(c: Command): number {
    if (c.p1 !== 0x00) return SW.wrongP1P2;
    if (c.p2 !== 0x01) return SW.referenceNotFound;
    if (c.data.length === 0) {
      // Status query: never decrements the counter.
      if (this.tries === 0) return SW.pinBlocked;
      return this.authGranted || this.freshVerify ? SW.ok : 0x63c0 | this.tries;
    }
    if (c.data.length !== 8) return SW.wrongLength;
    if (this.tries === 0) return SW.pinBlocked;
    const candidate = pinFromBlock(c.data);
    if (candidate === null) return SW.wrongData;
    return this.checkPin(candidate, () => {
      this.freshVerify = { commandsSince: 0 };
    });
  }

  private checkPin(candidate: string, onSuccess: () => void): number {
    if (!samePin(candidate, this.pin)) {
      this.tries = Math.max(0, this.tries - 1);
      this.clearRights();
      return 0x63c0 | this.tries;
    }
    this.tries = MAX_TRIES;
    this.internalAuthCount = 0;
    onSuccess();
    return SW.ok;
  }

  private changePin(c: Command): number {
    if (c.p1 !== 0x00) return SW.wrongP1P2;
    if (c.p2 !== 0x01) return SW.referenceNotFound;
    if (c.data.length !== 16) return SW.wrongLength;
    if (this.tries === 0) return SW.pinBlocked;
    const current = pinFromBlock(c.data.subarray(0, 8));
    const next = pinFromBlock(c.data.subarray(8, 16));
    if (current === null || next === null) return SW.wrongData;
    return this.checkPin(current, () => {
      this.pin = next;
      this.authGranted = true;
    });
  }

  // --- files -------------------------------------------------------------------------------------

  private select(c: Command): number {
    if (c.p2 !== 0x0c && c.p2 !== 0x00) return SW.wrongP1P2;
    switch (c.p1) {
      case 0x04:
        return this.selectAid(c.data);
      case 0x02: {
        if (c.data.length !== 2) return SW.lcInconsistent;
        const fid = toHex(c.data);
        if (fid === MF) return this.enter(MF);
        if (fid === 'DF00' || fid === 'DF01') return this.enter(`${MF}${fid}`);
        return this.enter(`${this.currentDf}${fid}`);
      }
      case 0x08: {
        if (c.data.length === 0 || c.data.length % 2 !== 0) return SW.lcInconsistent;
        const path = toHex(c.data);
        // The manuals say "without the MF"; the minidriver, OpenSC and commons-eid send it anyway.
        return this.enter(path.startsWith(MF) ? path : `${MF}${path}`);
      }
      default:
        return SW.wrongP1P2;
    }
  }

  private selectAid(aid: Uint8Array): number {
    const name = toHex(aid);
    if (name === toHex(BELPIC_APPLET_AID)) return this.enter(MF);
    if (name === toHex(PKCS15_AID)) return this.enter('3F00DF00');
    if (name === toHex(ID_FILES_AID)) return this.enter('3F00DF01');
    return SW.fileNotFound;
  }

  private enter(path: string): number {
    if (DFS.has(path)) {
      this.currentDf = path;
      this.currentEf = null;
      return SW.ok;
    }
    if (!this.files.has(path)) return SW.fileNotFound;
    this.currentDf = path.slice(0, -4);
    this.currentEf = path;
    return SW.ok;
  }

  private readBinary(c: Command): { data: Uint8Array; sw: number; alwaysDirect?: boolean } {
    const none = (word: number) => ({ data: new Uint8Array(), sw: word });
    if (c.p1 & 0x80) return none(SW.wrongParameters);
    const file = this.currentEf === null ? undefined : this.files.get(this.currentEf);
    if (!file) return none(SW.noCurrentEf);
    const offset = (c.p1 << 8) | c.p2;
    if (offset >= file.length) return none(SW.wrongParameters);
    const remaining = file.length - offset;
    const wanted = c.le ?? 256;
    if (wanted > remaining) return none(0x6c00 | (remaining >= 256 ? 0 : remaining));
    return { data: file.subarray(offset, offset + wanted), sw: SW.ok };
  }

  private readRecord(c: Command): { data: Uint8Array; sw: number } {
    const none = (word: number) => ({ data: new Uint8Array(), sw: word });
    if (this.profile !== '1.8') return none(SW.insNotSupported);
    if (this.currentEf === null) return none(SW.noCurrentEf);
    if (!TLV_FILES.has(this.currentEf)) return none(SW.notRecordFile);
    if (c.p2 < c.p1) return none(SW.recordNotFound);
    const file = this.files.get(this.currentEf) ?? new Uint8Array();
    const records = simpleTlvRecords(file).filter((r) => r.tag >= c.p1 && r.tag <= c.p2);
    if (records.length === 0) return none(SW.recordNotFound);
    const data = concat(...records.map((r) => r.bytes));
    if (c.le !== null && c.le !== 256 && c.le !== data.length) return none(0x6c00 | (data.length & 0xff));
    return { data, sw: SW.ok };
  }

  private getResponse(c: Command): { data: Uint8Array; sw: number; alwaysDirect?: boolean } {
    const none = (word: number) => ({ data: new Uint8Array(), sw: word });
    const pending = this.pending;
    if (!pending || pending.length === 0) {
      this.pending = null;
      return none(SW.conditionsNotSatisfied);
    }
    if (c.p1 !== 0 || c.p2 !== 0) return none(SW.wrongParameters);
    const available = Math.min(pending.length, 256);
    const wanted = c.le ?? 256;
    // A larger Le, or FF when 256 wait (commons-eid), gets 6Cxx; the buffer stays for the re-send.
    if (wanted > available || (wanted === 255 && available === 256)) return none(0x6c00 | (available & 0xff));
    const out = pending.subarray(0, wanted);
    const rest = pending.subarray(wanted);
    this.pending = rest.length > 0 ? rest : null;
    return { data: out, sw: rest.length > 0 ? 0x6100 | (rest.length >= 256 ? 0 : rest.length) : SW.ok, alwaysDirect: true };
  }

  private getCardData(c: Command): { data: Uint8Array; sw: number } {
    const none = (word: number) => ({ data: new Uint8Array(), sw: word });
    if (c.p1 !== 0x00) return none(SW.wrongParameters);
    let data: Uint8Array;
    if (c.p2 === 0x00) data = this.cardData;
    else if (c.p2 === 0x01 && this.profile === '1.8') data = concat(this.cardData, Uint8Array.of(this.tries, 0xff, 0xff));
    else return none(SW.wrongParameters);
    if (c.le !== data.length) return none(0x6c00 | data.length);
    return { data, sw: SW.ok };
  }

  // --- signing -----------------------------------------------------------------------------------

  private algorithms(): Record<number, Algorithm> {
    return this.profile === '1.8' ? ecdsaAlgorithms : rsaAlgorithms;
  }

  private manageSecurityEnvironment(c: Command): number {
    if (c.p1 !== 0x41 || c.p2 !== 0xb6) return SW.wrongP1P2;
    // Clients send `04 80 alg 84 key` (a stray length byte first); accept it without as well.
    const body = c.data.length === 5 && c.data[0] === 0x04 ? c.data.subarray(1) : c.data;
    if (body.length !== 4) return SW.wrongLength;
    const [tagAlg, algorithm = 0, tagKey, key = 0] = body;
    if (tagAlg !== 0x80 || tagKey !== 0x84) return SW.wrongData;
    if (key !== 0x81 && key !== 0x82 && key !== 0x83) return SW.referenceNotFound;
    if (key === 0x83 && !this.keys.signature) return SW.referenceNotFound;
    if (key === 0x81 && !this.keys.basic) return SW.referenceNotFound;
    if (!this.algorithms()[algorithm]) return SW.wrongData;
    this.environment = { algorithm, key };
    return SW.ok;
  }

  private computeSignature(c: Command): { data: Uint8Array; sw: number } {
    const none = (word: number) => ({ data: new Uint8Array(), sw: word });
    if (c.p1 !== 0x9e || c.p2 !== 0x9a) return none(SW.wrongParameters);
    const env = this.environment;
    if (!env || env.key === 0x81) return none(SW.conditionsNotSatisfied);
    const fresh = this.freshVerify !== null;
    if (env.key === 0x83 ? !fresh : !(fresh || this.authGranted)) return none(SW.securityNotSatisfied);
    const algorithm = this.algorithms()[env.algorithm];
    const key = env.key === 0x83 ? this.keys.signature : this.keys.authentication;
    if (!algorithm || !key) return none(SW.conditionsNotSatisfied);
    if (!algorithm.lengths.includes(c.data.length)) return none(SW.wrongLength);
    // Non-repudiation consumes the VERIFY; the authentication key turns it into "PIN once".
    this.freshVerify = null;
    if (env.key === 0x82 && fresh) this.authGranted = true;
    return { data: algorithm.sign(key, c.data), sw: SW.ok };
  }

  private internalAuthenticate(c: Command): { data: Uint8Array; sw: number } {
    const none = (word: number) => ({ data: new Uint8Array(), sw: word });
    if (this.profile !== '1.8' || !this.keys.basic) return none(SW.insNotSupported);
    if (c.p2 !== 0x81) return none(SW.referenceNotFound);
    const algorithm = ecdsaAlgorithms[c.p1];
    if (!algorithm) return none(SW.wrongData);
    const [tag, length] = c.data;
    if (tag !== 0x94 || length === undefined || c.data.length !== 2 + length) return none(SW.wrongData);
    const challenge = c.data.subarray(2);
    if (!algorithm.lengths.includes(challenge.length)) return none(SW.wrongData);
    if (this.internalAuthCount >= INTERNAL_AUTH_LIMIT) return none(SW.conditionsNotSatisfied);
    this.internalAuthCount++;
    this.environment = null; // INTERNAL AUTHENTICATE clears the security environment
    return { data: ecdsaSignDigest(this.keys.basic, challenge), sw: SW.ok };
  }
}
