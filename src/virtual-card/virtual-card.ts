// A whole emulated Belgian eID card: personalised content, the BELPIC applet, and fault knobs that
// reliability tests turn at run time (latency, removal after N APDUs, a mute card, a chosen status word,
// forced T=0 chaining). Transports (the in-process PC/SC port, vpcd) drive it through transmit().
import type { KeyObject } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BelpicApplet } from './belpic-applet.ts';
import { personalise, type CardContent } from './card-content.ts';
import { hexBytes } from './der.ts';
import { holderWith, type Holder, type HolderOverrides } from './holder.ts';
import type { AppletProfile } from './pkcs15-files.ts';
import { createTestPki, type CertificateValidity, type IssuedCertificate, type TestPki } from '../test-pki/test-pki.ts';

export const ATR = {
  '1.7': hexBytes('3B 98 13 40 0A A5 03 01 01 01 AD 13 11'),
  '1.8': hexBytes('3B 7F 96 00 00 80 31 80 65 B0 85 04 01 20 12 0F FF 82 90 00'),
} as const;

export interface FaultSettings {
  /** Added before every answer. */
  latencyMs: number;
  /** Answer this many more APDUs, then behave as removed. null: never. */
  removeAfterApdus: number | null;
  /** The card stops answering (a mute or upside-down card). */
  mute: boolean;
  /** Answer `sw` (no data, no state change) to every command with this INS. */
  statusWordOn: { ins: number; sw: number } | null;
  /** Answer 61xx (data through GET RESPONSE) even where the card would answer directly. */
  forceT0Chaining: boolean;
}

export type FaultKnobs = FaultSettings;

export interface VirtualCardOptions {
  readonly profile?: AppletProfile;
  readonly pin?: string;
  readonly triesLeft?: number;
  /** The PIN is blocked (0 tries left). */
  readonly blocked?: boolean;
  readonly holder?: HolderOverrides;
  readonly certificates?: CertificateValidity;
  /** false: a minor's card, without signature key and certificate. */
  readonly withSignatureKey?: boolean;
  /** Reuse one PKI (one root) for many cards. */
  readonly pki?: TestPki;
  /** Same seed, same keys, serial numbers and chip number. */
  readonly seed?: string;
  readonly faults?: Partial<FaultSettings>;
}

export type VirtualCardFaultKind = 'removed' | 'mute';

/** What a transport sees when the card cannot answer: it maps this to its own error (RemovedCard, …). */
export class VirtualCardFault extends Error {
  override readonly name = 'VirtualCardFault';
  constructor(readonly kind: VirtualCardFaultKind) {
    super(kind === 'removed' ? 'the virtual card was removed' : 'the virtual card does not answer');
  }
}

export interface ExportedPem {
  readonly root: string;
  readonly citizenCa: string;
  readonly rrn: string;
  readonly authentication: string;
  readonly signature: string | null;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class VirtualCard {
  readonly atr: Uint8Array;
  readonly profile: AppletProfile;
  readonly holder: Holder;
  readonly pki: TestPki;
  readonly faults: FaultKnobs;
  private readonly content: CardContent;
  private readonly applet: BelpicApplet;
  private readonly listeners = new Set<() => void>();
  private count = 0;
  private gone = false;

  constructor(args: { profile: AppletProfile; holder: Holder; pki: TestPki; content: CardContent; pin: string; triesLeft: number; faults?: Partial<FaultSettings> }) {
    this.profile = args.profile;
    this.atr = ATR[args.profile];
    this.holder = args.holder;
    this.pki = args.pki;
    this.content = args.content;
    this.applet = new BelpicApplet({
      profile: args.profile,
      files: args.content.files,
      pin: args.pin,
      triesLeft: args.triesLeft,
      cardData: args.content.cardData,
      keys: {
        authentication: args.content.keys.authentication.privateKey,
        signature: args.content.keys.signature?.privateKey ?? null,
        basic: args.content.keys.basic?.privateKey ?? null,
      },
    });
    this.faults = this.knobs({ latencyMs: 0, removeAfterApdus: null, mute: false, statusWordOn: null, forceT0Chaining: false, ...args.faults });
  }

  /** Fault settings whose changes are announced (a reader shows a mute or removed card at once). */
  private knobs(initial: FaultSettings): FaultKnobs {
    const values = { ...initial };
    const knobs = {} as FaultKnobs;
    for (const key of Object.keys(values) as (keyof FaultSettings)[]) {
      Object.defineProperty(knobs, key, {
        enumerable: true,
        get: () => values[key],
        set: (value: never) => {
          values[key] = value;
          if (key === 'removeAfterApdus' && value === 0) this.gone = true;
          this.announce();
        },
      });
    }
    if (values.removeAfterApdus === 0) this.gone = true;
    return knobs;
  }

  /** Raw file contents by absolute path ("3F00DF014031"), for tests. */
  get files(): ReadonlyMap<string, Uint8Array> {
    return this.content.files;
  }

  get certificates(): CardContent['certificates'] {
    return this.content.certificates;
  }

  /** Public halves of the card keys, to verify what the card signs. */
  get publicKeys(): { authentication: KeyObject; signature: KeyObject | null; basic: KeyObject | null } {
    const { keys } = this.content;
    return { authentication: keys.authentication.publicKey, signature: keys.signature?.publicKey ?? null, basic: keys.basic?.publicKey ?? null };
  }

  get chipNumber(): Uint8Array {
    return this.content.chipNumber;
  }

  /** APDUs answered since creation. */
  get apduCount(): number {
    return this.count;
  }

  get triesLeft(): number {
    return this.applet.triesLeft;
  }

  /** true once a removal fault fired; cleared when the card is inserted (powered up) again. */
  get removed(): boolean {
    return this.gone;
  }

  /** Called when the card's presence or muteness changes. Returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private announce(): void {
    for (const listener of [...this.listeners]) listener();
  }

  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    if (this.gone) throw new VirtualCardFault('removed');
    if (this.faults.mute) throw new VirtualCardFault('mute');
    if (this.faults.latencyMs > 0) await sleep(this.faults.latencyMs);
    if (this.gone) throw new VirtualCardFault('removed');
    this.count++;
    const forced = this.faults.statusWordOn;
    const response =
      forced && apdu[1] === forced.ins
        ? Uint8Array.of((forced.sw >> 8) & 0xff, forced.sw & 0xff)
        : this.applet.process(apdu, { forceT0Chaining: this.faults.forceT0Chaining });
    const left = this.faults.removeAfterApdus;
    if (left !== null) this.faults.removeAfterApdus = left - 1; // reaching 0 removes the card
    return response;
  }

  /** Reset (warm or after insertion): applet selected, MF current, no PIN rights. Returns the ATR. */
  reset(): Uint8Array {
    this.applet.reset();
    if (this.gone) {
      this.gone = false;
      if (this.faults.removeAfterApdus !== null && this.faults.removeAfterApdus <= 0) this.faults.removeAfterApdus = null;
      this.announce();
    }
    return this.atr;
  }

  powerOff(): void {
    this.applet.reset();
  }

  /** Writes root, citizen CA, RRN, authentication and (if any) signature certificates as PEM files. */
  exportPem(dir: string): ExportedPem {
    mkdirSync(dir, { recursive: true });
    const write = (name: string, certificate: IssuedCertificate): string => {
      const path = join(dir, name);
      writeFileSync(path, certificate.pem);
      return path;
    };
    const { authentication, signature, rrn } = this.content.certificates;
    return {
      root: write('root.pem', this.pki.root),
      citizenCa: write('citizen-ca.pem', this.pki.citizenCa),
      rrn: write('rrn.pem', rrn),
      authentication: write('authentication.pem', authentication),
      signature: signature ? write('signature.pem', signature) : null,
    };
  }
}

export async function createVirtualCard(options: VirtualCardOptions = {}): Promise<VirtualCard> {
  const profile = options.profile ?? '1.8';
  const pin = options.pin ?? '1234';
  if (!/^\d{4,12}$/.test(pin)) throw new Error('a virtual card PIN has 4 to 12 digits');
  const holder = holderWith(options.holder);
  const pki = options.pki ?? (await createTestPki(options.seed === undefined ? {} : { seed: options.seed }));
  const content = await personalise({
    profile,
    holder,
    pki,
    seed: options.seed,
    certificates: options.certificates ?? 'valid',
    withSignatureKey: options.withSignatureKey ?? true,
  });
  return new VirtualCard({
    profile,
    holder,
    pki,
    content,
    pin,
    triesLeft: options.blocked ? 0 : (options.triesLeft ?? 3),
    ...(options.faults ? { faults: options.faults } : {}),
  });
}
