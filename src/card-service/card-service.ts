// The card service: watch the readers (through ReaderMonitor), and run one card operation at a time on a fresh
// shared connection, inside the card library's transactions. Its methods are the operations of operations.ts;
// it runs in the card process (main/card-process), which only carries them across the process boundary.
import type { CardSummary, ReaderOverview } from '../contract/index.ts';
import { AppError } from '../contract/index.ts';
import type { DiagnosisReport } from '../contract/diagnosis.ts';
import type { EidCard } from '../card/eid-card.ts';
import { toCardError } from '../card/card-errors.ts';
import { profileByApplet } from '../card/card-profile.ts';
import { describeCertificate } from '../card/certificate-info.ts';
import { PIN_PAD_TIMEOUT_SECONDS } from '../card/pin-entry.ts';
import type { PcscPort, ReaderSnapshot } from '../pcsc/port.ts';
import { ReaderMonitor } from '../pcsc/reader-monitor.ts';
import { diagnose, type DiagnosisHost } from './diagnosis.ts';
import type { CardOperationArgs, CardOperationResult, CardOperations } from './operations.ts';
import { toOverview } from './reader-overview.ts';
import { AuthCertificateCache } from './auth-certificate-cache.ts';
import { CardIdentities } from './card-identities.ts';
import { CardSessions, type SessionRun } from './card-sessions.ts';

/** Retry cadence while the PC/SC service is away: a restarted pcscd is seen within a second. */
const SERVICE_RETRY_MS = { initialBackoffMs: 250, maxBackoffMs: 1000 };
const REMOVAL_SETTLE_MS = 1000;
/** A summary (always on a fresh connection) is kept briefly: a login asks for the certificate next (card-sessions.ts) … */
const SUMMARY_HOLD_MS = 10_000;
/** … a prepared login's for as long as the holder may take for the PIN (the companion's limit is 5 min). */
const LOGIN_HOLD_MS = 5 * 60_000 + 10_000;

export type { DiagnosisHost } from './diagnosis.ts';

export interface CardServiceOptions {
  /** Authentication certificates by chip number (tests pass one to look inside). */
  readonly certificates?: AuthCertificateCache;
  /** Asked at each diagnosis (the trusted roots are read from disk then); without it `diagnose` fails. */
  readonly diagnosisHost?: () => Promise<DiagnosisHost>;
}

export interface CardServiceEvents {
  readers(overview: ReaderOverview): void;
  pinPad(reader: string, timeoutSeconds: number): void;
  diagnosisProgress(step: number, total: number, probe: string): void;
}

export class CardService implements CardOperations {
  readonly #port: PcscPort;
  readonly #events: CardServiceEvents;
  readonly #diagnosisHost: (() => Promise<DiagnosisHost>) | undefined;
  readonly #monitor: ReaderMonitor;
  /** Settles once the monitor knows the service's state (its first state). */
  readonly #known: Promise<void>;
  readonly #pinPads = new Set<string>();
  /** The last overview sent, as JSON: one event per visible change. */
  #published = '';
  #publishQueued = false;
  #cancelled = false;
  readonly #certificates: AuthCertificateCache;
  readonly #identities: CardIdentities;
  readonly #sessions: CardSessions;
  /** The chip that made the last signature in each reader. */
  readonly #signers = new Map<string, string>();

  constructor(port: PcscPort, events: CardServiceEvents, options: CardServiceOptions = {}) {
    this.#port = port;
    this.#events = events;
    this.#diagnosisHost = options.diagnosisHost;
    this.#certificates = options.certificates ?? new AuthCertificateCache();
    const identities = new CardIdentities(port);
    this.#identities = identities;
    this.#sessions = new CardSessions((reader) => identities.open(reader));
    this.#monitor = new ReaderMonitor(port, SERVICE_RETRY_MS);
    let known = () => undefined as void;
    this.#known = new Promise<void>((resolve) => (known = resolve));
    this.#monitor.subscribe((state) => {
      // A PIN pad flag belongs to the reader plugged in now, not to a later one with the same name.
      if (state.kind === 'reader-unplugged') this.#pinPads.delete(state.reader);
      // Whatever happened in a reader (card out, in, mute, taken): the card kept open there goes, and
      // the next connection there identifies its card again.
      if ('reader' in state) {
        identities.forget(state.reader);
        void this.#sessions.close(state.reader);
      } else {
        identities.forget();
        void this.#sessions.closeAll();
      }
      known();
      this.#publish();
    });
    this.#monitor.start();
  }

  async overview(_args: CardOperationArgs<'overview'> = {}): Promise<ReaderOverview> {
    await this.#known;
    return toOverview(this.#monitor.current(), this.#pinPads);
  }

  summary({ reader }: CardOperationArgs<'summary'>): Promise<CardOperationResult<'summary'>> {
    return this.#withCard(reader, async (card) => {
      const info = card.info();
      const der = await this.#authCertificateOf(card);
      const described = describeCertificate(der);
      if (!described.ok) throw new AppError('CARD_DATA_INVALID', `authentication certificate: ${described.error.message}`);
      // A card whose profile reads the tries left from GET CARD DATA (1.8) told them when it was identified, a moment ago on this handle.
      const known = profileByApplet(info.applet).triesLeft === 'card-data' ? info.cardData.pinTriesLeft : null;
      const pin = known !== null ? { triesLeft: known, blocked: known === 0 } : await card.pinStatus();
      const pinPad = await card.hasPinPad();
      this.#notePinPad(reader, pinPad);
      const cert = described.value;
      const now = Date.now();
      const summary: CardSummary = {
        reader,
        applet: info.applet,
        holder: { givenNames: (cert.holder.givenName ?? '').slice(0, 200), surname: (cert.holder.surname ?? '').slice(0, 200) },
        authCertificate: {
          notBefore: cert.notBefore,
          notAfter: cert.notAfter,
          status: now < Date.parse(cert.notBefore) ? 'not-yet-valid' : now > Date.parse(cert.notAfter) ? 'expired' : 'valid',
        },
        pin: { triesLeft: pin.triesLeft, blocked: pin.blocked },
        pinPad,
      };
      return summary;
    }, { holdMs: SUMMARY_HOLD_MS, fresh: true });
  }

  authCertificate({ reader }: CardOperationArgs<'authCertificate'>): Promise<Uint8Array> {
    return this.#withCard(reader, (card) => this.#authCertificateOf(card), { holdMs: LOGIN_HOLD_MS, retryFresh: true });
  }

  /** From the cache when this chip's certificate was read before (a warm login), else from the card. */
  async #authCertificateOf(card: EidCard): Promise<Uint8Array> {
    const chip = card.info().chipNumber;
    const cached = this.#certificates.get(chip);
    if (cached) return cached;
    const der = await card.readCertificate('authentication');
    if (!der) throw new AppError('CARD_DATA_INVALID', 'the card has no authentication certificate');
    if (describeCertificate(der).ok) this.#certificates.put(chip, der);
    return der;
  }

  pinStatus({ reader }: CardOperationArgs<'pinStatus'>): Promise<CardOperationResult<'pinStatus'>> {
    return this.#withCard(reader, async (card) => {
      const status = await card.pinStatus();
      return { triesLeft: status.triesLeft, blocked: status.blocked };
    }, { retryFresh: true });
  }

  authenticate({ reader, pin, digest, hash }: CardOperationArgs<'authenticate'>): Promise<Uint8Array> {
    return this.#withCard(reader, async (card) => {
      try {
        if (pin.kind === 'pin-pad') {
          if (!(await card.hasPinPad())) throw new AppError('PIN_PAD_FAILED', 'this reader has no PIN pad');
          this.#events.pinPad(reader, PIN_PAD_TIMEOUT_SECONDS);
        }
        this.#throwIfCancelled();
        // PIN and signature in one transaction: nobody can use the verified PIN in between.
        const signature = await card.sign('authentication', digest, hash, pin);
        // Which chip signed here: a signature that the token then finds invalid names the certificate to forget.
        this.#signers.set(reader, card.info().chipNumber);
        return signature;
      } finally {
        if (pin.kind === 'digits') pin.pin.fill(0);
        await forgetPin(card);
      }
    });
  }

  /**
   * The last signature made in `reader` did not verify with the certificate handed out for it (the token
   * check said SIGNATURE_INVALID): that certificate, perhaps from the cache, is not this card's. Forget it
   * and the reader's card, so the next login reads both from the card again.
   */
  async forgetCertificate({ reader }: CardOperationArgs<'forgetCertificate'>): Promise<null> {
    const chip = this.#signers.get(reader);
    if (chip !== undefined) this.#certificates.drop(chip);
    this.#signers.delete(reader);
    this.#identities.forget(reader);
    await this.#sessions.close(reader);
    return null;
  }

  changePin({ reader, current, next }: CardOperationArgs<'changePin'>): Promise<null> {
    return this.#withCard(reader, async (card) => {
      try {
        await card.changePin(current, next);
        return null;
      } finally {
        current.fill(0);
        next.fill(0);
      }
    });
  }

  /** The helpdesk diagnosis on this process's PC/SC port (it opens its own connections). */
  async diagnose({ language, includePersonalData, backendUrl }: CardOperationArgs<'diagnose'>): Promise<DiagnosisReport> {
    if (!this.#diagnosisHost) throw new AppError('INTERNAL', 'this card service was started without what a diagnosis needs');
    // The probes open their own connections, some exclusively: nothing of ours may hold a card.
    await this.#sessions.closeAll();
    return diagnose(
      this.#port,
      await this.#diagnosisHost(),
      { language, includePersonalData, backendUrl },
      (progress) => this.#events.diagnosisProgress(progress.step, progress.total, progress.probe),
    );
  }

  cancel(): void {
    this.#cancelled = true;
  }

  async stop(): Promise<void> {
    await this.#sessions.closeAll();
    return this.#monitor.stop();
  }

  async #withCard<T>(reader: string, work: (card: EidCard) => Promise<T>, options: SessionRun = {}): Promise<T> {
    this.#cancelled = false;
    try {
      return await this.#sessions.run(reader, (card) => {
        this.#throwIfCancelled();
        return work(card);
      }, options);
    } catch (error) {
      throw await this.#explain(reader, toCardError(error));
    }
  }

  /**
   * A card pulled out mid-command often surfaces as a transport failure first; the service notices
   * the removal a moment later. Say "removed" when that is what happened.
   */
  async #explain(reader: string, error: AppError): Promise<AppError> {
    if (error.code !== 'CARD_COMMUNICATION' && error.code !== 'CARD_UNRESPONSIVE') return error;
    const present = (snapshots: readonly ReaderSnapshot[]) => snapshots.some((s) => s.name === reader && s.present);
    try {
      let snapshots = await this.#port.readers();
      if (present(snapshots)) snapshots = await this.#port.waitForChange(snapshots, { timeoutMs: REMOVAL_SETTLE_MS });
      if (!present(snapshots)) return new AppError('CARD_REMOVED', 'the card was taken out during the operation');
    } catch {
      // The service itself is in trouble: keep the original error.
    }
    return error;
  }

  #throwIfCancelled(): void {
    if (this.#cancelled) throw new AppError('CANCELLED', 'cancelled');
  }

  #notePinPad(reader: string, pinPad: boolean): void {
    const had = this.#pinPads.has(reader);
    if (had === pinPad) return;
    if (pinPad) this.#pinPads.add(reader);
    else this.#pinPads.delete(reader);
    this.#publish();
  }

  /** One monitor change emits several states (removed, then empty): publish once, after all of them. */
  #publish(): void {
    if (this.#publishQueued) return;
    this.#publishQueued = true;
    queueMicrotask(() => {
      this.#publishQueued = false;
      const overview = toOverview(this.#monitor.current(), this.#pinPads);
      const json = JSON.stringify(overview);
      if (json === this.#published) return;
      this.#published = json;
      this.#events.readers(overview);
    });
  }
}

/**
 * Ends the verified-PIN state after a signature: a reset makes the card forget it as LOG OFF does,
 * without spending an APDU (other programs sharing the card see a reset and reconnect, as PC/SC
 * expects). LOG OFF only when the reset cannot be done.
 */
async function forgetPin(card: EidCard): Promise<void> {
  try {
    await card.connection.disconnect('reset');
  } catch {
    await card.logOff().catch(() => undefined);
  }
}
