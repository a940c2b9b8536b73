// The companion: every use case the UI drives, behind the method table of src/contract. It owns the
// reader/card state, the pending eID logins and itsme polls; it gets the card, the backend, the
// browser and the diagnostics passed in, so the three programs (Electron, web host, CLI) and the
// tests build it with their own adapters (main/services.ts).
import { Buffer } from 'node:buffer';
import { createHash, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { BackendClient } from '../backend/client.ts';
import {
  methods,
  type CompanionState,
  type EventName,
  type EventPayload,
  type Language,
  type MethodName,
  type MethodResult,
  type ReaderOverview,
  type Account,
} from '../contract/bridge.ts';
import { parseAppLink, type AppLinkRefusal } from '../contract/app-link.ts';
import { AppError, isAppError, type AppErrorData } from '../contract/errors.ts';
import { isBusyPhase } from '../updates/index.ts';
import type { CardPort } from './card-port.ts';
import type { PinEntry } from '../card/pin-entry.ts';
import { hashOf } from '../auth/token-format.ts';
import type { CreateAuthTokenInput } from '../auth/create-token.ts';
import { diagnosticsTranslator } from '../diagnostics/i18n.ts';
import { phaseOf, type Activity } from './phase.ts';
import { chooseReader } from './reader-choice.ts';
import { disabledUpdates, type UpdatesPort } from './updates-port.ts';

export type ExternalLink = z.infer<typeof methods['link.open']['args']>['link'];

/** Builds the Web eID token (src/auth createAuthToken; tests pass their own). */
export type CreateToken = (input: CreateAuthTokenInput) => Promise<unknown>;

export interface CompanionLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface CompanionDeps {
  readonly card: CardPort;
  readonly backend: BackendClient;
  /** The MyVivium origin tokens are bound to, from configuration (never from the UI). */
  readonly origin: string;
  readonly createToken: CreateToken;
  readonly app: {
    readonly version: string;
    /** URL naming this app and version, put in every token's appVersion. */
    readonly versionUrl: string;
    readonly platform: 'windows' | 'macos' | 'linux';
    readonly demo: boolean;
  };
  readonly language: { get(): Language; set(language: Language): void };
  /** Opens an https URL (or the helpdesk mailto) in the default program; the host enforces its allow-list. */
  readonly openExternal: (url: string) => Promise<void>;
  readonly links: Readonly<Record<ExternalLink, string>>;
  readonly helpdeskEmail: string;
  /** The backend the diagnosis checks (reachability, TLS, clock). */
  readonly backendUrl: string;
  readonly saveReport?: (text: string, suggestedName: string) => Promise<boolean>;
  /** This computer's installation identifier (made at first start), sent with reports to the helpdesk. */
  readonly installationId: () => string;
  /** The app's own update; hosts that cannot update themselves leave it out (disabled, development). */
  readonly updates?: UpdatesPort;
  readonly log?: CompanionLog;
  readonly now?: () => number;
}

type Handlers = { [M in MethodName]: (args: z.output<(typeof methods)[M]['args']>) => Promise<MethodResult<M>> };

interface PendingLogin {
  readonly reader: string;
  readonly nonce: string;
  readonly certificateDer: Uint8Array;
  readonly expiresAt: number;
}

/** Web eID's user-interaction limit: a prepared login not completed within it must start over. */
const LOGIN_LIMIT_MS = 5 * 60_000;
const ITSME_LIMIT_MS = 5 * 60_000;

interface PendingItsme {
  readonly deadline: number;
  readonly secret: string;
  /** Set when the result link was exchanged: the next poll answers done. */
  account: Account | null;
}

export class Companion {
  readonly #deps: CompanionDeps;
  readonly #now: () => number;
  readonly #updates: UpdatesPort;
  readonly #unsubscribeUpdates: () => void;
  readonly #listeners = new Map<EventName, Set<(payload: never) => void>>();
  #overview: ReaderOverview = { service: 'ok', readers: [] };
  #activity: Activity | null = null;
  #reconnecting = false;
  #lastState = '';
  readonly #logins = new Map<string, PendingLogin>();
  /** itsme logins this app started, by poll id: the secret that proves it, and the outcome once the result link came. */
  readonly #itsme = new Map<string, PendingItsme>();
  /** The screen the last myvivium-eid: link asked for, until the UI takes it. */
  #linkScreen: 'eid' | 'itsme' | null = null;
  /** Where the portal should open after this login (from the link; checked by the parser). */
  #returnPath: string | null = null;
  #abort = new AbortController();
  #queue: Promise<unknown> = Promise.resolve();
  readonly #unsubscribe: () => void;

  constructor(deps: CompanionDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    this.#updates = deps.updates ?? disabledUpdates('development');
    this.#unsubscribeUpdates = this.#updates.onStatus((status) => this.#emit('update', status));
    this.#unsubscribe = deps.card.on((event) => {
      if (event.type === 'readers') {
        const changed = JSON.stringify(event.overview) !== JSON.stringify(this.#overview);
        this.#overview = event.overview;
        // A finished read or an error stays on screen until the readers change (card out, new card).
        if (changed && (this.#activity?.phase === 'read' || this.#activity?.phase === 'error')) this.#activity = null;
        if (changed) this.#emit('readers', event.overview);
        this.#publishState();
      } else if (event.type === 'diagnosis-progress') {
        this.#emit('diagnosisProgress', { step: event.step, total: event.total, probe: event.probe.slice(0, 200) });
      } else if (event.type === 'pin-pad') {
        // The reader now waits for the PIN: the phase says so while the UI counts down.
        this.#setActivity({ phase: 'pin-entry', reader: event.reader.slice(0, 200) });
        this.#emit('pinPad', { reader: event.reader, timeoutSeconds: event.timeoutSeconds });
      } else {
        this.#reconnecting = event.status === 'down';
        this.#publishState();
      }
    });
  }

  state(): CompanionState {
    return phaseOf(this.#overview, this.#activity, this.#reconnecting);
  }

  /** Reading the card, typing the PIN or signing: an update must not restart the app now. */
  isBusy(): boolean {
    return isBusyPhase(this.state().phase);
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const set = this.#listeners.get(event) ?? new Set();
    this.#listeners.set(event, set);
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  dispose(): void {
    this.#unsubscribe();
    this.#unsubscribeUpdates();
    this.#abort.abort();
    this.#logins.clear();
    this.#listeners.clear();
  }

  /** One handler per contract method; arguments arrive validated (see dispatch.ts). */
  readonly handlers: Handlers = {
    'app.info': async () => ({
      version: this.#deps.app.version,
      platform: this.#deps.app.platform,
      language: this.#deps.language.get(),
      demo: this.#deps.app.demo,
      backendOrigin: this.#deps.origin,
    }),
    'app.setLanguage': async ({ language }) => {
      this.#deps.language.set(language);
      return {};
    },
    'readers.state': async () => {
      this.#overview = await this.#deps.card.overview({});
      return { overview: this.#overview, state: this.state() };
    },
    'card.summary': ({ reader }) =>
      this.#cardWork(reader, 'reading', async (name) => {
        const summary = await this.#deps.card.summary({ reader: name });
        this.#setActivity({ phase: 'read', reader: name });
        return summary;
      }),
    'pin.status': ({ reader }) => this.#cardWork(reader, null, (name) => this.#deps.card.pinStatus({ reader: name })),
    'pin.change': ({ reader, currentPin, newPin }) => {
      const current = Buffer.from(currentPin, 'ascii');
      const next = Buffer.from(newPin, 'ascii');
      return this.#cardWork(reader, 'pin-entry', async (name) => {
        try {
          await this.#deps.card.changePin({ reader: name, current, next });
          return {};
        } finally {
          current.fill(0);
          next.fill(0);
        }
      });
    },
    'login.prepare': ({ reader }) => this.#prepareLogin(reader),
    'login.complete': (args) => this.#completeLogin(args.loginId, 'pin' in args ? args.pin : null),
    'login.cancel': async ({ loginId }) => {
      this.#logins.delete(loginId);
      if (this.#activity?.phase === 'pin-entry') this.#setActivity(null);
      return {};
    },
    'itsme.start': async () => {
      // The secret never leaves main: the backend gets its hash, and finishes only for whoever shows the secret.
      const secret = randomBytes(32).toString('base64url');
      const { authorizeUrl, pollId } = await this.#deps.backend.itsmeStart(createHash('sha256').update(secret).digest('base64url'));
      this.#itsme.set(pollId, { deadline: this.#now() + ITSME_LIMIT_MS, secret, account: null });
      await this.#deps.openExternal(authorizeUrl);
      return { pollId };
    },
    'itsme.status': async ({ pollId }) => {
      const pending = this.#itsme.get(pollId);
      if (pending === undefined) throw new AppError('ITSME_STATE_INVALID', 'unknown or cancelled itsme login');
      if (pending.account) {
        this.#itsme.delete(pollId);
        return { state: 'done', account: pending.account };
      }
      if (this.#now() > pending.deadline) {
        this.#itsme.delete(pollId);
        return { state: 'failed', error: new AppError('ITSME_TIMEOUT', 'the itsme login took longer than 5 minutes').toJSON() };
      }
      // The backend's poll reports failures only; success arrives as the itsme result link (receiveLink).
      const status = await this.#deps.backend.itsmeStatus(pollId, this.#abort.signal);
      if (status.state === 'failed') {
        this.#itsme.delete(pollId);
        return { state: 'failed', error: itsmeError(status.error) };
      }
      return { state: 'pending' };
    },
    'itsme.cancel': async ({ pollId }) => {
      this.#itsme.delete(pollId);
      return {};
    },
    'onboarding.sendCode': async ({ channel, value }) => {
      const reply = await this.#deps.backend.sendCode(channel, value);
      const resendAt = reply.resendAfter ? Date.parse(reply.resendAfter) : NaN;
      const resendAfterSeconds = Number.isFinite(resendAt) ? Math.min(3600, Math.max(0, Math.ceil((resendAt - this.#now()) / 1000))) : 60;
      return { expiresAt: reply.expiresAt, resendAfterSeconds };
    },
    'onboarding.confirm': async ({ channel, code }) => this.#deps.backend.confirmCode(channel, code),
    'handoff.open': async () => {
      const { url } = await this.#deps.backend.handoff(this.#returnPath);
      this.#returnPath = null;
      await this.#deps.openExternal(url);
      return {};
    },
    'link.open': async ({ link }) => {
      await this.#deps.openExternal(this.#deps.links[link]);
      return {};
    },
    'diagnosis.run': async ({ includePersonalData, language }) =>
      this.#deps.card.diagnose({ includePersonalData, language, backendUrl: this.#deps.backendUrl }),
    'diagnosis.save': async ({ text, suggestedName }) => {
      if (!this.#deps.saveReport) throw new AppError('INTERNAL', 'saving is not available here');
      return { saved: await this.#deps.saveReport(text, suggestedName) };
    },
    'diagnosis.mail': async ({ summary }) => {
      // The subject in the customer's language, like the report itself.
      const subject = encodeURIComponent(diagnosticsTranslator(this.#deps.language.get())('report.heading'));
      await this.#deps.openExternal(`mailto:${this.#deps.helpdeskEmail}?subject=${subject}&body=${encodeURIComponent(summary)}`);
      return {};
    },
    // The consent is the choice the customer made before the diagnosis ran: the report carries it.
    'diagnosis.send': async ({ report }) =>
      this.#deps.backend.sendSupportReport({ installationId: this.#deps.installationId(), consent: report.personalDataIncluded, report }),
    'update.status': async () => this.#updates.status(),
    'update.check': async () => {
      await this.#updates.check();
      return {};
    },
    'update.install': async () => {
      // The updater decides (it waits for the card work to end itself); the companion only reports a refusal.
      const decision = this.#updates.install();
      if (decision.action === 'refuse') throw new AppError('UPDATE_NOT_NOW', 'no update is downloaded', { reason: decision.reason });
      return {};
    },
    'appLink.take': async () => {
      const screen = this.#linkScreen;
      this.#linkScreen = null;
      return { request: screen ? { screen } : null };
    },
    cancel: async () => {
      this.cancel();
      return {};
    },
  };

  /**
   * A myvivium-eid: link handed over by the OS (Electron) or the web host's socket. Whatever it holds,
   * it can only open a screen and choose the portal page to land on: nothing is read or signed.
   */
  async receiveLink(link: unknown): Promise<{ ok: true } | { ok: false; reason: AppLinkRefusal | 'no-itsme-login' | 'not-this-app' }> {
    const parsed = parseAppLink(link);
    if (!parsed.ok) {
      this.#deps.log?.warn('refused a myvivium-eid link', { reason: parsed.reason });
      return parsed;
    }
    const request = parsed.request;
    if (request.kind === 'itsme-result') return this.#exchangeItsmeResult(request.result);
    this.#linkScreen = request.method;
    this.#returnPath = request.returnPath;
    this.#deps.log?.info('MyVivium asked for a login', { method: request.method, returnPath: request.returnPath !== null });
    this.#emit('appLink', {});
    return { ok: true };
  }

  /**
   * The itsme return page's one-time result, for the newest itsme login this app started and still waits
   * for: exchanged with that login's secret for the session (the next itsme.status answers done). A
   * result from a login another app started is refused by the backend and changes nothing here.
   */
  async #exchangeItsmeResult(result: string): Promise<{ ok: true } | { ok: false; reason: 'no-itsme-login' | 'not-this-app' }> {
    const waiting = [...this.#itsme.entries()].filter(([, pending]) => !pending.account && this.#now() <= pending.deadline).at(-1);
    if (!waiting) {
      this.#deps.log?.warn('an itsme result arrived while no itsme login waits');
      return { ok: false, reason: 'no-itsme-login' };
    }
    const [pollId, pending] = waiting;
    try {
      const { account } = await this.#deps.backend.itsmeExchange({ pollId, result, appSecret: pending.secret }, this.#abort.signal);
      pending.account = account;
      this.#deps.log?.info('itsme login done', { needsOnboarding: account.needsOnboarding });
      return { ok: true };
    } catch (error) {
      this.#deps.log?.warn('the backend refused the itsme result', { code: isAppError(error) ? error.code : 'INTERNAL' });
      return { ok: false, reason: 'not-this-app' };
    }
  }

  /** Stops whatever runs: backend calls, a PIN pad wait, a card operation; forgets prepared logins. */
  cancel(): void {
    this.#abort.abort();
    this.#abort = new AbortController();
    this.#logins.clear();
    this.#itsme.clear();
    void this.#deps.card.cancel().catch(() => undefined);
    if (this.#activity && this.#activity.phase !== 'error') this.#setActivity(null);
  }

  async #prepareLogin(requested: string | undefined): Promise<MethodResult<'login.prepare'>> {
    const signal = this.#abort.signal;
    const challenge = await this.#deps.backend.challenge(signal);
    // The client checks too: the origin signed is the configured one, whatever the backend says.
    if (challenge.origin !== this.#deps.origin) throw new AppError('ORIGIN_MISMATCH', 'the challenge is bound to another origin');
    return this.#cardWork(requested, 'reading', async (reader) => {
      const summary = await this.#deps.card.summary({ reader });
      throwIfAborted(signal);
      if (summary.authCertificate.status === 'expired') throw new AppError('CERT_EXPIRED', 'the authentication certificate has expired');
      if (summary.authCertificate.status === 'not-yet-valid') throw new AppError('CERT_NOT_YET_VALID', 'the authentication certificate is not valid yet');
      if (summary.pin.blocked) throw new AppError('PIN_BLOCKED', 'the PIN is blocked', { triesLeft: 0 });
      const certificateDer = await this.#deps.card.authCertificate({ reader });
      throwIfAborted(signal);
      const loginId = randomBytes(18).toString('base64url');
      const challengeExpiry = Date.parse(challenge.expiresAt);
      const expiresAt = Math.min(this.#now() + LOGIN_LIMIT_MS, Number.isFinite(challengeExpiry) ? challengeExpiry : Infinity);
      this.#logins.set(loginId, { reader, nonce: challenge.nonce, certificateDer, expiresAt });
      this.#setActivity({ phase: 'pin-entry', reader });
      return {
        loginId,
        holderName: `${summary.holder.givenNames} ${summary.holder.surname}`.trim().slice(0, 200),
        triesLeft: summary.pin.triesLeft,
        pinPad: summary.pinPad,
        expiresAt: new Date(expiresAt).toISOString(),
      };
    });
  }

  async #completeLogin(loginId: string, pin: string | null): Promise<MethodResult<'login.complete'>> {
    const login = this.#logins.get(loginId);
    if (!login) throw new AppError('NONCE_EXPIRED', 'this login was cancelled or is unknown: start again');
    if (this.#now() > login.expiresAt) {
      this.#logins.delete(loginId);
      throw new AppError('NONCE_EXPIRED', 'the login took too long: start again');
    }
    const signal = this.#abort.signal;
    const pinBytes = pin === null ? null : Buffer.from(pin, 'ascii');
    try {
      const token = await this.#cardWork(login.reader, 'signing', (reader) => {
        const entry: PinEntry = pinBytes ? { kind: 'digits', pin: pinBytes } : { kind: 'pin-pad', language: this.#deps.language.get() };
        return this.#deps.createToken({
          certificateDer: login.certificateDer,
          origin: this.#deps.origin,
          nonce: login.nonce,
          appVersion: this.#deps.app.versionUrl,
          sign: (digest, algorithm) => this.#deps.card.authenticate({ reader, pin: entry, digest, hash: hashOf(algorithm) }),
        });
      });
      throwIfAborted(signal);
      // The nonce is spent by the backend whatever the outcome: a retry needs a new challenge.
      this.#logins.delete(loginId);
      const reply = await this.#deps.backend.login(token, signal);
      this.#deps.log?.info('eID login done', { needsOnboarding: reply.account.needsOnboarding });
      this.#setActivity(null);
      return reply;
    } catch (error) {
      // The card's signature does not verify with the certificate it was given (perhaps a cached one):
      // the card service forgets that certificate, so the next login reads it from the card.
      if (isAppError(error, 'SIGNATURE_INVALID')) await this.#deps.card.forgetCertificate({ reader: login.reader }).catch(() => undefined);
      // A wrong PIN keeps the prepared login (the nonce is still unused); anything else ends it.
      if (isAppError(error, 'PIN_WRONG') && this.#logins.has(loginId)) this.#setActivity({ phase: 'pin-entry', reader: login.reader });
      else this.#logins.delete(loginId);
      throw error;
    } finally {
      pinBytes?.fill(0);
    }
  }

  /**
   * Runs one card operation at a time (the card has one PIN state and one current file), choosing
   * the reader, showing `phase` while it runs and `error` when it fails.
   */
  #cardWork<T>(requested: string | undefined, phase: 'reading' | 'pin-entry' | 'signing' | null, work: (reader: string) => Promise<T>): Promise<T> {
    const run = async () => {
      const reader = chooseReader(await this.#deps.card.overview({}), requested);
      if (phase) this.#setActivity({ phase, reader });
      try {
        return await work(reader);
      } catch (error) {
        const data = toAppError(error);
        this.#setActivity(data.code === 'CANCELLED' || data.code === 'PIN_CANCELLED' ? null : { phase: 'error', reader, error: data.toJSON() });
        throw data;
      }
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  #setActivity(activity: Activity | null): void {
    this.#activity = activity;
    this.#publishState();
  }

  #publishState(): void {
    const state = this.state();
    const key = JSON.stringify(state);
    if (key === this.#lastState) return;
    this.#lastState = key;
    this.#emit('state', state);
  }

  #emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.#listeners.get(event) ?? []) {
      try {
        (listener as (payload: EventPayload<E>) => void)(payload);
      } catch (error) {
        this.#deps.log?.warn('event listener failed', { event, error: String(error) });
      }
    }
  }
}

export function createCompanion(deps: CompanionDeps): Companion {
  return new Companion(deps);
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new AppError('CANCELLED', 'cancelled');
}

function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  return new AppError('INTERNAL', error instanceof Error ? error.message.slice(0, 500) : 'unexpected failure');
}

function itsmeError(error: { code: string; message?: string | undefined } | undefined): AppErrorData {
  const known = ['ITSME_STATE_INVALID', 'ITSME_CODE_INVALID', 'ITSME_ID_TOKEN_INVALID', 'ITSME_PROVIDER_ERROR', 'ITSME_TIMEOUT', 'ITSME_UNAVAILABLE', 'ACCOUNT_UNKNOWN'] as const;
  const code = known.find((c) => c === error?.code) ?? 'ITSME_PROVIDER_ERROR';
  return new AppError(code, error?.message ?? code).toJSON();
}
