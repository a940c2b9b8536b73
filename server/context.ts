// Everything a route needs, passed in (no module state): storage, the validator, the clock, the
// keyed hash, the code sender and the settings. Built once by app.ts.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../src/contract/errors.ts';
import type { Clock } from './clock.ts';
import type { CodeSender } from './code-sender.ts';
import type { ItsmeWiring } from './itsme/routes.ts';
import type { KeyedHash } from './keyed-hash.ts';
import type { RouteRateLimit } from './rate-limits.ts';
import type { SmsPolicy } from './sms-policy.ts';
import { newSessionValue, readCookie, SESSION_COOKIE, sessionCookie } from './session-cookie.ts';
import type { Customer, Session, Store } from './store.ts';
import type { TokenValidator } from './token-validator.ts';

export interface ServerSettings {
  /** The MyVivium origin tokens must be bound to (https://host[:port]). */
  readonly origin: string;
  readonly dev: boolean;
  /** Secure cookies; off only for a development server on plain http. */
  readonly secureCookies: boolean;
  /** Where handoff links point (the portal); may be known only once the server listens. */
  readonly portalUrl: () => string;
  /** Multiplies every rate limit (load tests on one loopback address raise it). */
  readonly rateLimitMultiplier: number;
  /** Text-message destinations and caps (default: Belgian mobiles, DEFAULT_SMS_POLICY). */
  readonly sms?: SmsPolicy;
  readonly outboxPath?: string;
  /** The login page's "get the app" link (DOWNLOAD_URL). */
  readonly downloadUrl?: string;
  /** The login page's itsme button (ITSME_LOGIN_URL); default: the app's itsme screen. */
  readonly itsmeLoginUrl?: string;
}

export interface ServerContext {
  readonly store: Store;
  readonly validator: TokenValidator;
  readonly clock: Clock;
  readonly hash: KeyedHash;
  readonly sender: CodeSender;
  readonly settings: ServerSettings;
  /** The itsme relying party, when configured (ITSME_ISSUER …). */
  readonly itsme?: ItsmeWiring;
  /** Present in development only: moves the clock forward. */
  readonly advanceClock?: (ms: number) => void;
}

export const TTL = {
  challengeMs: 5 * 60_000,
  loginSessionMs: 10 * 60_000,
  accountSessionMs: 30 * 60_000,
  codeMs: 10 * 60_000,
  codeResendMs: 30_000,
  handoffMs: 60_000,
} as const;
export const CODE_ATTEMPTS = 5;
/**
 * Per customer, whatever the session, channel or address letter case (scaled by RATE_LIMIT_MULTIPLIER):
 * codes sent per hour and per day, and wrong codes per day, after which no code is checked until the
 * day is over. A new code never resets the count, so guessing stays at a few tries in a million a day.
 */
export const CODE_LIMITS = { sendsPerHour: 5, sendsPerDay: 10, wrongPerDay: 10 } as const;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export function sessionValue(request: FastifyRequest): string | undefined {
  return readCookie(request.headers.cookie, SESSION_COOKIE);
}

export async function currentSession(context: ServerContext, request: FastifyRequest): Promise<{ value: string; session: Session } | null> {
  const value = sessionValue(request);
  if (!value) return null;
  const session = await context.store.getSession(context.hash('session', value), context.clock.now());
  return session ? { value, session } : null;
}

/**
 * Starts a new session and sets its cookie. `replacing` is the session it takes over (after a login):
 * a session value seen before authentication is worthless after it.
 */
export async function startSession(context: ServerContext, reply: FastifyReply, customerId: number | null, ttlMs: number, replacing?: Session): Promise<Session> {
  const value = newSessionValue();
  const now = context.clock.now();
  const session: Session = { idHash: context.hash('session', value), customerId, expiresAt: now + ttlMs };
  if (replacing) await context.store.replaceSession(replacing.idHash, session, now);
  else await context.store.createSession(session, now);
  reply.header('set-cookie', sessionCookie(value, Math.floor(ttlMs / 1000), context.settings.secureCookies));
  return session;
}

/** The logged-in customer of this request, or SESSION_INVALID. */
export async function requireCustomer(context: ServerContext, request: FastifyRequest): Promise<Customer> {
  const current = await currentSession(context, request);
  if (!current || current.session.customerId === null) throw new AppError('SESSION_INVALID', 'no logged-in session');
  const customer = await context.store.getCustomer(current.session.customerId);
  if (!customer) throw new AppError('SESSION_INVALID', 'the session’s customer no longer exists');
  return customer;
}

export interface AccountView {
  displayName: string;
  email?: string;
  phone?: string;
  needsOnboarding: boolean;
  needsEmail?: boolean;
}

export function accountView(customer: Customer): AccountView {
  return {
    displayName: customer.displayName,
    ...(customer.email ? { email: customer.email } : {}),
    ...(customer.phone ? { phone: customer.phone } : {}),
    needsOnboarding: !customer.email && !customer.phone,
  };
}

/**
 * A route's rate limit (counted by rate-limits.ts), scaled by the settings: per logged-in customer when
 * `keyByCustomer`, else per client address.
 */
export function rateLimit(context: ServerContext, perMinute: number, keyByCustomer = false): { rateLimit: RouteRateLimit } {
  return { rateLimit: { max: scaledLimit(context, perMinute), timeWindow: 60_000, keyByCustomer } };
}

/** A limit times RATE_LIMIT_MULTIPLIER (load tests from one loopback address raise it), at least 1. */
export function scaledLimit(context: ServerContext, limit: number): number {
  return Math.max(1, Math.round(limit * context.settings.rateLimitMultiplier));
}

/** After an itsme login the account needs an e-mail address, whatever else is linked (the FAQ's rule). */
export function accountViewAfterItsme(customer: Customer): AccountView {
  return { ...accountView(customer), needsOnboarding: !customer.email, needsEmail: !customer.email };
}

