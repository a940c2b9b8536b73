// The bridge between the UI and the companion: every method (name → zod args → zod result) and every
// event. Electron's preload exposes exactly these names, the IPC handlers and the web host register
// handlers from this table and validate arguments on arrival, and the renderer's client is typed
// from it. Adding a capability = one entry here, one method on the companion, one screen.
// Browser-safe: zod only.
import { z } from 'zod';
import { LANGUAGES } from '../i18n/languages.ts';
import { AppError, appErrorSchema, type AppErrorData } from './errors.ts';
import { diagnosisReportSchema } from './diagnosis.ts';
import { supportReportReplySchema } from './support-report.ts';
import { updateStatusSchema } from './updates.ts';

const shortText = z.string().max(200);
export const languageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof languageSchema>;
const isoDateTime = z.string().max(40);
/** The Belgian eID applet generations the app knows, one card profile each (src/card/card-profile.ts). */
export const APPLETS = ['1.7', '1.8'] as const;
export const appletSchema = z.enum(APPLETS);
export type Applet = z.infer<typeof appletSchema>;

/** A PIN as typed: 4–12 digits. It crosses the bridge once and is zeroed in main right after use. */
export const pinSchema = z.string().regex(/^\d{4,12}$/);

export const readerSchema = z.strictObject({
  name: shortText,
  pinPad: z.boolean(),
  state: z.enum(['empty', 'card', 'in-use', 'unresponsive']),
  card: z
    .strictObject({
      type: z.enum(['belgian-eid', 'unknown']),
      applet: appletSchema.nullable(),
      atr: z.string().max(80),
    })
    .nullable(),
});
export type Reader = z.infer<typeof readerSchema>;

export const readerOverviewSchema = z.strictObject({
  service: z.enum(['ok', 'unavailable']),
  readers: z.array(readerSchema).max(32),
});
export type ReaderOverview = z.infer<typeof readerOverviewSchema>;

/** The companion's phase, following the eID Viewer's states. */
export const companionStateSchema = z.strictObject({
  phase: z.enum(['no-service', 'no-reader', 'ready', 'card', 'reading', 'read', 'pin-entry', 'signing', 'error', 'reconnecting']),
  reader: shortText.nullable(),
  error: appErrorSchema.nullable(),
});
export type CompanionState = z.infer<typeof companionStateSchema>;

export const certificateValiditySchema = z.strictObject({
  notBefore: isoDateTime,
  notAfter: isoDateTime,
  status: z.enum(['valid', 'expired', 'not-yet-valid']),
});

export const cardSummarySchema = z.strictObject({
  reader: shortText,
  applet: appletSchema,
  holder: z.strictObject({ givenNames: shortText, surname: shortText }),
  authCertificate: certificateValiditySchema,
  pin: z.strictObject({ triesLeft: z.number().int().min(0).max(15).nullable(), blocked: z.boolean() }),
  pinPad: z.boolean(),
});
export type CardSummary = z.infer<typeof cardSummarySchema>;

export const accountSchema = z.strictObject({
  displayName: shortText,
  email: z.string().max(254).optional(),
  phone: z.string().max(32).optional(),
  needsOnboarding: z.boolean(),
  /** After itsme without a linked e-mail address: onboarding asks for one (a mobile number may come too, not instead). */
  needsEmail: z.boolean().optional(),
});
export type Account = z.infer<typeof accountSchema>;

export const onboardingChannelSchema = z.enum(['email', 'phone']);

const noArgs = z.strictObject({});
const loginId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

/** Fixed destinations the UI may open in the default browser; main builds the URLs, never the UI. */
export const externalLinkSchema = z.enum(['myvivium', 'helpdesk-mail', 'eid-software', 'privacy']);

export const methods = {
  /** App facts the UI needs on start. */
  'app.info': {
    args: noArgs,
    result: z.strictObject({
      version: shortText,
      platform: z.enum(['windows', 'macos', 'linux']),
      language: languageSchema,
      demo: z.boolean(),
      backendOrigin: shortText,
    }),
  },
  /** Remember the language the user chose. */
  'app.setLanguage': { args: z.strictObject({ language: languageSchema }), result: noArgs },
  /** Current readers, cards and companion phase (also pushed as events). */
  'readers.state': {
    args: noArgs,
    result: z.strictObject({ overview: readerOverviewSchema, state: companionStateSchema }),
  },
  /** Who is on the card and until when the certificate is valid — no PIN. */
  'card.summary': { args: z.strictObject({ reader: shortText.optional() }), result: cardSummarySchema },
  /** Tries left, read without spending a try. */
  'pin.status': {
    args: z.strictObject({ reader: shortText.optional() }),
    result: z.strictObject({ triesLeft: z.number().int().min(0).max(15).nullable(), blocked: z.boolean() }),
  },
  'pin.change': {
    args: z.strictObject({ reader: shortText.optional(), currentPin: pinSchema, newPin: pinSchema }),
    result: noArgs,
  },
  /** Step 1 of an eID login: challenge from the backend (origin checked), card summary, PIN mode. */
  'login.prepare': {
    args: z.strictObject({ reader: shortText.optional() }),
    result: z.strictObject({
      loginId,
      holderName: shortText,
      triesLeft: z.number().int().min(0).max(15).nullable(),
      pinPad: z.boolean(),
      expiresAt: isoDateTime,
    }),
  },
  /** Step 2: the PIN typed by the user, or the reader's PIN pad; signs and logs in. */
  'login.complete': {
    args: z.union([
      z.strictObject({ loginId, pin: pinSchema }),
      z.strictObject({ loginId, usePinPad: z.literal(true) }),
    ]),
    result: z.strictObject({ account: accountSchema }),
  },
  'login.cancel': { args: z.strictObject({ loginId }), result: noArgs },
  'itsme.start': { args: noArgs, result: z.strictObject({ pollId: z.string().max(128) }) },
  'itsme.status': {
    args: z.strictObject({ pollId: z.string().max(128) }),
    result: z.strictObject({
      state: z.enum(['pending', 'done', 'failed']),
      account: accountSchema.optional(),
      error: appErrorSchema.optional(),
    }),
  },
  'itsme.cancel': { args: z.strictObject({ pollId: z.string().max(128) }), result: noArgs },
  'onboarding.sendCode': {
    args: z.union([
      z.strictObject({ channel: z.literal('email'), value: z.email().max(254) }),
      z.strictObject({ channel: z.literal('phone'), value: z.string().regex(/^\+?[0-9 ./-]{8,20}$/) }),
    ]),
    result: z.strictObject({ expiresAt: isoDateTime, resendAfterSeconds: z.number().int().min(0).max(3600) }),
  },
  'onboarding.confirm': {
    args: z.strictObject({ channel: onboardingChannelSchema, code: z.string().regex(/^\d{6}$/) }),
    result: z.strictObject({ account: accountSchema }),
  },
  /** Opens MyVivium with a one-time link in the default browser. */
  'handoff.open': { args: noArgs, result: noArgs },
  'link.open': { args: z.strictObject({ link: externalLinkSchema }), result: noArgs },
  'diagnosis.run': {
    args: z.strictObject({ includePersonalData: z.boolean(), language: languageSchema }),
    result: diagnosisReportSchema,
  },
  /** Save the report text to a file the user picks (Electron) or offer it as a download (web). */
  'diagnosis.save': {
    args: z.strictObject({ text: z.string().max(200_000), suggestedName: z.string().regex(/^[\w.-]{1,80}$/) }),
    result: z.strictObject({ saved: z.boolean() }),
  },
  /** Opens a mail to the helpdesk with the report summary. */
  'diagnosis.mail': { args: z.strictObject({ summary: z.string().max(4000) }), result: noArgs },
  /**
   * Sends the report the customer has on screen to the MyVivium helpdesk, with this computer's
   * installation identifier; personal data goes only if the report was made with it (the consent).
   */
  'diagnosis.send': { args: z.strictObject({ report: diagnosisReportSchema }), result: supportReportReplySchema },
  /** Where the app's own update stands (also pushed as the `update` event). */
  'update.status': { args: noArgs, result: updateStatusSchema },
  /** "Check for updates": starts a check now; the outcome arrives as `update` events. */
  'update.check': { args: noArgs, result: noArgs },
  /**
   * "Restart to update": now, or once the login, PIN or signature running ends (status install-pending);
   * refused with UPDATE_NOT_NOW while nothing is downloaded.
   */
  'update.install': { args: noArgs, result: noArgs },
  /**
   * The screen a myvivium-eid: link asked for (MyVivium's login page), once: the next call answers null.
   * The link itself never reaches the UI; its return path stays in main for the handoff.
   */
  'appLink.take': { args: noArgs, result: z.strictObject({ request: z.strictObject({ screen: z.enum(['eid', 'itsme']) }).nullable() }) },
  /** Stop whatever runs now (reading, PIN pad wait, signing, itsme wait). */
  cancel: { args: noArgs, result: noArgs },
} as const;

export type MethodName = keyof typeof methods;
export type MethodArgs<M extends MethodName> = z.input<(typeof methods)[M]['args']>;
export type MethodResult<M extends MethodName> = z.output<(typeof methods)[M]['result']>;

export const events = {
  /** Readers and cards changed. */
  readers: readerOverviewSchema,
  /** The companion's phase changed. */
  state: companionStateSchema,
  /** The reader's PIN pad waits for the PIN: show a countdown. */
  pinPad: z.strictObject({ reader: shortText, timeoutSeconds: z.number().int().min(1).max(120) }),
  /** Diagnosis progress: probe n of total. */
  diagnosisProgress: z.strictObject({ step: z.number().int().min(0), total: z.number().int().min(1), probe: shortText }),
  /** The app's own update moved on (checking, downloading, ready to restart…). */
  update: updateStatusSchema,
  /** A myvivium-eid: link asked for a screen: take it with appLink.take. */
  appLink: z.strictObject({}),
} as const;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/** What a call returns across the bridge: a result or a typed error, never a thrown exception. */
export type BridgeResponse<M extends MethodName> =
  | { ok: true; result: MethodResult<M> }
  | { ok: false; error: z.infer<typeof appErrorSchema> };

/** The typed surface the renderer sees (window.eid in Electron, the WebSocket client in the browser). */
export interface EidBridge {
  call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<BridgeResponse<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

export const METHOD_NAMES = Object.keys(methods) as MethodName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** A call whose method exists and whose arguments passed that method's schema. */
export type ParsedCall = { [M in MethodName]: { method: M; args: z.output<(typeof methods)[M]['args']> } }[MethodName];

/**
 * Validates a call on arrival (IPC handler, web host): unknown methods and malformed arguments
 * (wrong types, extra fields, oversized strings) become INVALID_ARGUMENT, never an exception.
 */
export function parseCall(method: unknown, args: unknown): { ok: true; call: ParsedCall } | { ok: false; error: AppErrorData } {
  if (!isMethodName(method)) {
    return { ok: false, error: new AppError('INVALID_ARGUMENT', 'unknown method', { method: String(method).slice(0, 64) }).toJSON() };
  }
  const parsed = methods[method].args.safeParse(args ?? {});
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(args)').join(', ');
    return { ok: false, error: new AppError('INVALID_ARGUMENT', `invalid arguments for ${method}`, { method, fields: where.slice(0, 200) }).toJSON() };
  }
  return { ok: true, call: { method, args: parsed.data } as ParsedCall };
}
