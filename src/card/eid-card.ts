// A Belgian eID card on one PC/SC connection: recognise it, read and check its files, PIN, sign.
// Every public method runs its APDUs inside one PC/SC transaction and fails only with an AppError.
// APDU economy (test/bench/card.bench.ts): no applet SELECT (the applet is default-selected), one
// SELECT by absolute path per file, 256-byte READ BINARY chunks with the tail fixed by 6Cxx, and
// certificate files read to their DER length. File contents are cached for the connection.
import { AppError } from '../contract/errors.ts';
import type { CardConnection } from '../pcsc/port.ts';
import { CardChannel } from '../apdu/card-channel.ts';
import type { CommandApdu } from '../apdu/command.ts';
import { swHex, type ResponseApdu } from '../apdu/response.ts';
import { statusWord } from '../apdu/status-word.ts';
import { parseCardData, type CardData } from './card-data.ts';
import { cardOperation } from './card-errors.ts';
import { certificateLength } from './certificate-file.ts';
import { DIGEST_INFO_PREFIX, DIGEST_LENGTH, type HashAlgorithm } from './digest-info.ts';
import { toHex } from './hex.ts';
import { parseIdentity, type Identity } from './identity-file.ts';
import { parseAddress, type Address } from './address-file.ts';
import {
  verifyAddressSignature,
  verifyBasicKeyHash,
  verifyIdentitySignature,
  verifyPhotoHash,
  type SignatureCheck,
} from './data-signatures.ts';
import { isValidPin, pinBlock, wipe } from './pin-block.ts';
import { FEATURE_VERIFY_PIN_DIRECT, getFeatureRequestCode, parseFeatures, verifyPinStructure } from './pin-pad.ts';
import type { PinEntry } from './pin-entry.ts';
import { profileByApplet, profileByAtr, profileByCardData, type Applet, type CardProfile, type KeyName } from './card-profile.ts';

export type { Applet, KeyName } from './card-profile.ts';

export type CertificateName = 'authentication' | 'signature' | 'ca' | 'root' | 'rrn';
export type DataFileName = 'identity' | 'identitySignature' | 'address' | 'addressSignature' | 'photo' | 'basicPublicKey';

export type { PinEntry } from './pin-entry.ts';

export interface CardInfo {
  readonly atr: string;
  readonly applet: Applet;
  readonly chipNumber: string;
  readonly cardData: CardData;
}

export interface PinStatus {
  /** null when the card does not tell without risk (1.7 after a successful VERIFY, or 1.1 cards). */
  readonly triesLeft: number | null;
  readonly blocked: boolean;
  /** The PIN is verified in this card session (1.7 empty VERIFY says so). */
  readonly verified?: boolean;
}

export interface DataSignatureReport {
  readonly identity: SignatureCheck;
  readonly address: SignatureCheck;
  readonly photo: SignatureCheck;
  /** 1.8 only: the basic public key file against identity tag 1A. */
  readonly basicKey?: SignatureCheck;
}

const PATHS: Readonly<Record<DataFileName | CertificateName, readonly [number, number]>> = {
  identity: [0xdf01, 0x4031],
  identitySignature: [0xdf01, 0x4032],
  address: [0xdf01, 0x4033],
  addressSignature: [0xdf01, 0x4034],
  photo: [0xdf01, 0x4035],
  basicPublicKey: [0xdf01, 0x4040],
  authentication: [0xdf00, 0x5038],
  signature: [0xdf00, 0x5039],
  ca: [0xdf00, 0x503a],
  root: [0xdf00, 0x503b],
  rrn: [0xdf00, 0x503c],
};
/** Largest file a BELPIC card holds is ~3 KB; anything bigger is a card misbehaving. */
const MAX_FILE = 16 * 1024;

export interface OpenEidCardOptions {
  /** Which control code asks a PIN-pad reader for its features (PcscPort.platform). */
  readonly platform?: 'windows' | 'pcsclite';
  /**
   * What an earlier identification found, when the caller knows the card on `connection` is the one
   * it identified then (the same insertion: no card event in the reader since). A 1.7 card is then
   * not asked again; ignored when the ATR differs. A 1.8 card is always asked (GET CARD DATA P2=01
   * is also its tries-left read, which a fresh CardInfo carries).
   */
  readonly known?: CardInfo;
}

/** Recognises the card on `connection` (ATR, then GET CARD DATA unless `known`) or fails with CARD_UNKNOWN. */
export async function openEidCard(connection: CardConnection, options: OpenEidCardOptions = {}): Promise<EidCard> {
  return cardOperation(async () => {
    const byAtr = profileByAtr(connection.atr);
    if (!byAtr) throw new AppError('CARD_UNKNOWN', `ATR ${toHex(connection.atr)} is not a Belgian eID`);
    const channel = new CardChannel(connection);
    const platform = options.platform ?? 'pcsclite';
    const known = options.known;
    // A card whose GET CARD DATA is also its tries-left read is always asked; another, known from this insertion, is not.
    if (known && byAtr.triesLeft !== 'card-data' && known.atr === toHex(connection.atr)) return new EidCard(channel, known, platform);
    const cardData = await channel.transaction(() => readCardData(channel, byAtr.triesLeft === 'card-data'));
    if (!cardData) throw new AppError('CARD_UNKNOWN', 'the card does not answer GET CARD DATA like a Belgian eID');
    const profile = profileByCardData(cardData);
    if (!profile) throw new AppError('CARD_UNKNOWN', `unsupported applet version ${cardData.appletVersion}`);
    return new EidCard(channel, { atr: toHex(connection.atr), applet: profile.applet, chipNumber: cardData.chipNumber, cardData }, platform);
  });
}

/** A 'card-data' tries-left profile answers P2=01 with the tries left as well; the others know only P2=00. */
async function readCardData(channel: CardChannel, withTries: boolean): Promise<CardData | null> {
  if (withTries) {
    const r = await channel.transmit({ cla: 0x80, ins: 0xe4, p1: 0x00, p2: 0x01, le: 0x1f });
    if (r.sw === 0x9000) {
      const parsed = parseCardData(r.data);
      if (parsed.ok) return parsed.value;
    }
  }
  const r = await channel.transmit({ cla: 0x80, ins: 0xe4, p1: 0x00, p2: 0x00, le: 0x1c });
  if (r.sw !== 0x9000) return null;
  const parsed = parseCardData(r.data);
  return parsed.ok ? parsed.value : null;
}

export class EidCard {
  private readonly files = new Map<string, Uint8Array>();
  private features: Map<number, number> | null = null;
  private readonly profile: CardProfile;

  constructor(
    private readonly channel: CardChannel,
    private readonly cardInfo: CardInfo,
    private readonly platform: 'windows' | 'pcsclite',
  ) {
    this.profile = profileByApplet(cardInfo.applet);
  }

  info(): CardInfo {
    return this.cardInfo;
  }

  get connection(): CardConnection {
    return this.channel.connection;
  }

  /** Raw content of a data file (identity, address, photo, their signatures, the 1.8 basic key). */
  readFile(name: DataFileName): Promise<Uint8Array> {
    return cardOperation(() => this.read(name, false));
  }

  async readIdentity(): Promise<Identity> {
    const bytes = await this.readFile('identity');
    const parsed = parseIdentity(bytes);
    if (!parsed.ok) throw new AppError('CARD_DATA_INVALID', `identity file: ${parsed.error.message}`, { kind: parsed.error.kind });
    return parsed.value;
  }

  async readAddress(): Promise<Address> {
    const bytes = await this.readFile('address');
    const parsed = parseAddress(bytes);
    if (!parsed.ok) throw new AppError('CARD_DATA_INVALID', `address file: ${parsed.error.message}`, { kind: parsed.error.kind });
    return parsed.value;
  }

  readPhoto(): Promise<Uint8Array> {
    return this.readFile('photo');
  }

  /** DER certificate, or null when the card has none (a minor's card has no signature certificate). */
  async readCertificate(name: CertificateName): Promise<Uint8Array | null> {
    const bytes = await cardOperation(() => this.read(name, true));
    return bytes.length === 0 ? null : bytes;
  }

  /** Identity and address signatures with the RRN certificate, the photo hash, and on 1.8 the basic key hash. */
  async verifyDataSignatures(): Promise<DataSignatureReport> {
    return cardOperation(() =>
      this.channel.transaction(async () => {
        const rrnCertificate = await this.read('rrn', true);
        const identity = await this.read('identity', false);
        const address = await this.read('address', false);
        const photo = await this.read('photo', false);
        const parsed = parseIdentity(identity);
        const check = async (whole: boolean) => {
          const identitySignature = await (whole ? this.readRest('identitySignature') : this.read('identitySignature', false));
          const addressSignature = await (whole ? this.readRest('addressSignature') : this.read('addressSignature', false));
          const files = { identity, identitySignature, address, addressSignature, rrnCertificate };
          const checks = { identity: verifyIdentitySignature(files), address: verifyAddressSignature(files) };
          const cut = identitySignature.length === this.profile.signatureFileSize || addressSignature.length === this.profile.signatureFileSize;
          return { checks, cut };
        };
        let signatures = await check(false);
        if ((!signatures.checks.identity.valid || !signatures.checks.address.valid) && signatures.cut) signatures = await check(true);
        const report: DataSignatureReport = {
          ...signatures.checks,
          photo: parsed.ok && parsed.value.photoHash ? verifyPhotoHash(photo, parsed.value.photoHash) : { valid: false, reason: 'no photo hash in the identity file' },
        };
        if (!this.profile.basicKeyFile) return report;
        const basicKeyHash = parsed.ok ? parsed.value.basicKeyHash : undefined;
        const basicKey: SignatureCheck = basicKeyHash
          ? verifyBasicKeyHash(await this.read('basicPublicKey', false), basicKeyHash)
          : { valid: false, reason: 'no basic key hash in the identity file' };
        return { ...report, basicKey };
      }),
    );
  }

  /** Tries left without spending one: GET CARD DATA P2=01 or an empty VERIFY, as the profile says. */
  async pinStatus(): Promise<PinStatus> {
    return cardOperation(async () => {
      if (this.profile.triesLeft === 'card-data') {
        const data = await this.channel.transaction(() => readCardData(this.channel, true));
        const tries = data?.pinTriesLeft ?? null;
        return { triesLeft: tries, blocked: tries === 0 };
      }
      if (this.cardInfo.cardData.appletVersion === '1.1') return { triesLeft: null, blocked: false };
      const r = await this.channel.transmit({ cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x01 });
      const sw = statusWord(r.sw);
      if (sw.kind === 'ok') return { triesLeft: null, blocked: false, verified: true };
      if (sw.kind === 'pin-wrong') return { triesLeft: sw.triesLeft, blocked: sw.triesLeft === 0, verified: false };
      if (sw.kind === 'pin-blocked') return { triesLeft: 0, blocked: true, verified: false };
      throw unexpected('PIN status', r);
    });
  }

  /** VERIFY with the holder's PIN (wiped afterwards) or on the reader's PIN pad. */
  verifyPin(pin: PinEntry): Promise<void> {
    return cardOperation(() => this.channel.transaction(() => this.verify(pin)));
  }

  /** CHANGE REFERENCE DATA. Both PINs are wiped afterwards. */
  changePin(oldPin: Uint8Array, newPin: Uint8Array): Promise<void> {
    return cardOperation(async () => {
      if (!isValidPin(oldPin) || !isValidPin(newPin)) {
        wipe(oldPin, newPin);
        throw new AppError('PIN_FORMAT', 'a PIN has 4 to 12 digits');
      }
      const oldBlock = pinBlock(oldPin);
      const newBlock = pinBlock(newPin);
      const data = new Uint8Array(16);
      data.set(oldBlock);
      data.set(newBlock, 8);
      wipe(oldPin, newPin, oldBlock, newBlock);
      try {
        const r = await this.channel.transaction(() => this.channel.transmit({ cla: 0x00, ins: 0x24, p1: 0x00, p2: 0x01, data }));
        checkPinResponse(r);
      } finally {
        wipe(data);
      }
    });
  }

  /** Does the reader offer secure PIN entry (FEATURE_VERIFY_PIN_DIRECT)? */
  async hasPinPad(): Promise<boolean> {
    return this.profile.pinPad && (await this.pinPadFeatures()).has(FEATURE_VERIFY_PIN_DIRECT);
  }

  /**
   * Signs a digest computed by the caller. The authentication key needs a verified PIN ("PIN once");
   * the signature key needs the PIN right before each signature, so `pin` is mandatory for it.
   * Returns RSA PKCS#1 v1.5 bytes on 1.7, raw r‖s (96 bytes) on 1.8.
   */
  sign(key: KeyName, digest: Uint8Array, hash: HashAlgorithm, pin?: PinEntry): Promise<Uint8Array> {
    return cardOperation(async () => {
      if (digest.length !== DIGEST_LENGTH[hash]) throw new AppError('INVALID_ARGUMENT', `a ${hash} digest has ${DIGEST_LENGTH[hash]} bytes`);
      if (key === 'signature' && pin === undefined) throw new AppError('INVALID_ARGUMENT', 'the signature key needs the PIN for every signature');
      const { signing } = this.profile;
      const algorithm = signing.algorithms[hash];
      if (algorithm === undefined) throw new AppError('INVALID_ARGUMENT', `${hash} is not available on applet ${this.profile.applet}`);
      // RSA: PKCS#1 v1.5 over DigestInfo ‖ hash (the card only pads); ECDSA: the bare hash.
      const toSign = signing.kind === 'rsa-pkcs1' ? new Uint8Array([...DIGEST_INFO_PREFIX[hash], ...digest]) : digest;
      return this.channel.transaction(async () => {
        const mse = await this.channel.transmit({
          cla: 0x00, ins: 0x22, p1: 0x41, p2: 0xb6,
          data: Uint8Array.of(0x04, 0x80, algorithm, 0x84, this.profile.keyReferences[key]),
        });
        const mseSw = statusWord(mse.sw);
        if (mseSw.kind === 'reference-not-found' || (key === 'signature' && mseSw.kind === 'conditions-not-satisfied')) {
          throw new AppError(key === 'signature' ? 'CARD_NO_SIGNATURE_KEY' : 'CARD_COMMUNICATION', `key ${key} unavailable (${swHex(mse.sw)})`);
        }
        if (mseSw.kind !== 'ok') throw unexpected('MSE SET', mse);
        if (pin !== undefined) await this.verify(pin);
        const pso = await this.channel.transmit({ cla: 0x00, ins: 0x2a, p1: 0x9e, p2: 0x9a, data: toSign });
        const psoSw = statusWord(pso.sw);
        if (psoSw.kind === 'security-not-satisfied') {
          throw new AppError('CARD_COMMUNICATION', 'the card wants the PIN before signing', { sw: swHex(pso.sw), reason: 'pin-not-verified' });
        }
        if (psoSw.kind !== 'ok') throw unexpected('PSO: COMPUTE DIGITAL SIGNATURE', pso);
        return pso.data;
      });
    });
  }

  /** LOG OFF: the card forgets the verified PIN. */
  logOff(): Promise<void> {
    return cardOperation(async () => {
      const r = await this.channel.transmit({ cla: 0x80, ins: 0xe6, p1: 0x00, p2: 0x00 });
      if (r.sw !== 0x9000) throw unexpected('LOG OFF', r);
    });
  }

  /** Ends the PC/SC connection (the card stays powered for other applications). */
  close(): Promise<void> {
    this.files.clear();
    return cardOperation(() => this.channel.connection.disconnect('leave'));
  }

  private async verify(pin: PinEntry): Promise<void> {
    if (pin.kind === 'digits') {
      if (!isValidPin(pin.pin)) {
        wipe(pin.pin);
        throw new AppError('PIN_FORMAT', 'a PIN has 4 to 12 digits');
      }
      const block = pinBlock(pin.pin);
      wipe(pin.pin);
      try {
        checkPinResponse(await this.channel.transmit({ cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x01, data: block }));
      } finally {
        wipe(block);
      }
      return;
    }
    const ioctl = (await this.pinPadFeatures()).get(FEATURE_VERIFY_PIN_DIRECT);
    if (ioctl === undefined) throw new AppError('PIN_PAD_FAILED', 'the reader has no PIN pad (FEATURE_VERIFY_PIN_DIRECT)');
    const reply = await this.channel.connection.control(ioctl, verifyPinStructure(pin.language));
    if (reply.length < 2) throw new AppError('PIN_PAD_FAILED', `PIN pad answered ${reply.length} byte(s)`);
    checkPinResponse({ data: reply.subarray(0, reply.length - 2), sw: (reply[reply.length - 2]! << 8) | reply[reply.length - 1]! });
  }

  private async pinPadFeatures(): Promise<Map<number, number>> {
    if (this.features) return this.features;
    try {
      this.features = parseFeatures(await this.channel.connection.control(getFeatureRequestCode(this.platform), new Uint8Array(0)));
    } catch {
      // Readers without SCardControl support answer with an error: no PIN pad.
      this.features = new Map();
    }
    return this.features;
  }

  /** SELECT by absolute path, then READ BINARY to the end (certificates: to their DER length). */
  private async read(name: DataFileName | CertificateName, certificate: boolean): Promise<Uint8Array> {
    const cached = this.files.get(name);
    if (cached) return cached;
    const [df, ef] = PATHS[name];
    const content = await this.channel.transaction(async () => {
      const select = await this.selectPath(df, ef);
      if (select.sw !== 0x9000) throw unexpected(`SELECT ${name}`, select);
      // Signature files have a fixed size: stop there instead of probing for the end with one more
      // READ BINARY; if a signature then fails to verify, readRest fetches the rest.
      const stopAt = name === 'identitySignature' || name === 'addressSignature' ? this.profile.signatureFileSize : null;
      return this.readBinary(name, certificate, 0, stopAt);
    });
    this.files.set(name, content);
    return content;
  }

  /** The part of a file `read` did not fetch (signature files longer than SIGNATURE_FILE_SIZE). */
  private async readRest(name: DataFileName): Promise<Uint8Array> {
    const head = await this.read(name, false);
    if (head.length < this.profile.signatureFileSize) return head;
    const [df, ef] = PATHS[name];
    const tail = await this.channel.transaction(async () => {
      const select = await this.selectPath(df, ef);
      if (select.sw !== 0x9000) throw unexpected(`SELECT ${name}`, select);
      return this.readBinary(name, false, head.length, null);
    });
    const whole = new Uint8Array(head.length + tail.length);
    whole.set(head);
    whole.set(tail, head.length);
    this.files.set(name, whole);
    return whole;
  }

  private selectPath(df: number, ef: number): Promise<ResponseApdu> {
    return this.channel.transmit({
      cla: 0x00, ins: 0xa4, p1: 0x08, p2: 0x0c,
      data: Uint8Array.of(0x3f, 0x00, df >> 8, df & 0xff, ef >> 8, ef & 0xff),
    });
  }

  /**
   * READ BINARY from `start` to the end of the file (a short read or 6B00), to the DER length for a
   * certificate, or until `stopAt` bytes.
   */
  private async readBinary(name: string, certificate: boolean, start: number, stopAt: number | null): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let offset = start;
    let total: number | null = null;
    for (;;) {
      if (stopAt !== null && offset >= stopAt) break;
      const want = total === null ? 256 : Math.min(256, total - offset);
      if (want <= 0) break;
      const command: CommandApdu = { cla: 0x00, ins: 0xb0, p1: offset >> 8, p2: offset & 0xff, le: want };
      const r = await this.channel.transmit(command);
      if (r.sw === 0x6b00) break; // offset at the end of the file
      if (r.sw !== 0x9000) throw unexpected(`READ BINARY ${name}`, r);
      parts.push(r.data);
      offset += r.data.length;
      if (certificate && total === null) {
        const length = certificateLength(r.data.subarray(0, 8));
        if (!length.ok) throw new AppError('CARD_DATA_INVALID', `${name}: ${length.error.message}`);
        if (length.value === null) return new Uint8Array(0);
        total = length.value;
      }
      if (offset > MAX_FILE) throw new AppError('CARD_COMMUNICATION', `${name} is larger than any eID file`);
      if (total === null && r.data.length < want) break; // short read: the 6Cxx tail was the end
    }
    const out = new Uint8Array(offset - start);
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return total === null ? out : out.subarray(0, total);
  }
}

function checkPinResponse(r: ResponseApdu): void {
  const sw = statusWord(r.sw);
  switch (sw.kind) {
    case 'ok':
      return;
    case 'pin-wrong':
      if (sw.triesLeft === 0) throw new AppError('PIN_BLOCKED', 'PIN blocked', { triesLeft: 0 });
      throw new AppError('PIN_WRONG', 'wrong PIN', { triesLeft: sw.triesLeft });
    case 'pin-blocked':
      throw new AppError('PIN_BLOCKED', 'PIN blocked', { triesLeft: 0 });
    case 'incorrect-data':
    case 'pinpad-pin-length':
    case 'pinpad-mismatch':
      throw new AppError('PIN_FORMAT', `PIN format refused (${swHex(r.sw)})`);
    case 'pinpad-timeout':
      throw new AppError('PIN_TIMEOUT', 'no PIN typed on the PIN pad in time');
    case 'pinpad-cancelled':
      throw new AppError('PIN_CANCELLED', 'PIN entry cancelled on the PIN pad');
    case 'pinpad-bad-structure':
      throw new AppError('PIN_PAD_FAILED', 'the PIN pad refused the PIN structure');
    default:
      throw unexpected('VERIFY', r);
  }
}

function unexpected(what: string, r: ResponseApdu): AppError {
  return new AppError('CARD_COMMUNICATION', `${what}: card answered ${swHex(r.sw)}`, { sw: swHex(r.sw) });
}
