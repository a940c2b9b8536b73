// Onboarding: link an e-mail address or a mobile number to the account, proven by a 6-digit code.
import { randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../src/contract/errors.ts';
import { accountView, CODE_ATTEMPTS, CODE_LIMITS, DAY_MS, HOUR_MS, rateLimit, requireCustomer, scaledLimit, TTL, type ServerContext } from '../context.ts';
import { normalisePhone } from '../phone-number.ts';
import { DEFAULT_SMS_POLICY, smsDestination } from '../sms-policy.ts';
import type { Channel, Counter, CounterLimit } from '../store.ts';

// Addresses are compared and stored normalised (trimmed, lower case): another letter case is the same address.
const emailBody = z.object({ email: z.string().trim().toLowerCase().max(254).pipe(z.email()) });
const phoneBody = z.object({ phone: z.string().max(40) });
const confirmBody = z.object({ code: z.string().trim().regex(/^\d{6}$/) });

export function registerOnboarding(app: FastifyInstance, context: ServerContext): void {
  const codeHash = (customerId: number, channel: Channel, code: string) => context.hash(`code:${customerId}:${channel}`, code);

  const counterKey = (name: string) => context.hash('counter', name);
  const wrongCodes = (customerId: number): CounterLimit => ({ key: counterKey(`wrong-codes:${customerId}`), max: scaledLimit(context, CODE_LIMITS.wrongPerDay), windowMs: DAY_MS });
  const retryAfter = (resetsAt: number, now: number) => ({ retryAfterSeconds: Math.max(1, Math.ceil((resetsAt - now) / 1000)) });

  /** Counts one event and refuses with RATE_LIMITED when it goes over `max`. */
  async function spend(name: string, max: number, windowMs: number, now: number, message: string): Promise<Counter> {
    const counter = await context.store.countEvent(counterKey(name), windowMs, now);
    if (counter.count > max) throw new AppError('RATE_LIMITED', message, retryAfter(counter.resetsAt, now));
    return counter;
  }

  async function sendCode(customerId: number, channel: Channel, target: string) {
    const now = context.clock.now();
    const wrong = await context.store.peekCount(wrongCodes(customerId).key, now);
    if (wrong.count >= wrongCodes(customerId).max) throw new AppError('CODE_LOCKED', 'too many wrong codes: codes are locked for this account for now', retryAfter(wrong.resetsAt, now));
    const pending = await context.store.getPendingCode(customerId, channel);
    // The cool-down applies to the same address only: correcting a typo is never blocked.
    if (pending && pending.target === target && now - pending.sentAt < TTL.codeResendMs) {
      const retryAfterSeconds = Math.ceil((pending.sentAt + TTL.codeResendMs - now) / 1000);
      throw new AppError('RATE_LIMITED', 'a code was sent to this address moments ago', { retryAfterSeconds });
    }
    await spend(`code-sends-hour:${customerId}`, scaledLimit(context, CODE_LIMITS.sendsPerHour), HOUR_MS, now, 'too many codes sent to this account this hour');
    await spend(`code-sends-day:${customerId}`, scaledLimit(context, CODE_LIMITS.sendsPerDay), DAY_MS, now, 'too many codes sent to this account today');
    if (channel === 'phone') await spendSms(customerId, now);
    const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
    const expiresAt = now + TTL.codeMs;
    await context.store.putPendingCode(customerId, channel, { target, codeHash: codeHash(customerId, channel, code), expiresAt, attemptsLeft: CODE_ATTEMPTS, sentAt: now });
    try {
      await context.sender.send({ channel, to: target, code });
    } catch (error) {
      throw new AppError('BACKEND_ERROR', `the ${channel} code could not be sent: ${(error as Error).message}`);
    }
    return { expiresAt: new Date(expiresAt).toISOString(), resendAfter: new Date(now + TTL.codeResendMs).toISOString() };
  }

  /** The customer's daily text messages, then the whole backend's daily budget (which raises an alert when spent). */
  async function spendSms(customerId: number, now: number) {
    const policy = context.settings.sms ?? DEFAULT_SMS_POLICY;
    await spend(`sms-day:${customerId}`, policy.perCustomerPerDay, DAY_MS, now, 'too many text messages to this account today');
    const budget = await context.store.countEvent(counterKey('sms-budget'), DAY_MS, now);
    if (budget.count <= policy.dailyBudget) return;
    // The first refusal of the window raises the alert (one line, whichever instance it lands on).
    if (budget.count === policy.dailyBudget + 1) {
      app.log.error({ event: 'alert', alert: 'sms-budget-spent', budget: policy.dailyBudget, resetsAt: new Date(budget.resetsAt).toISOString() }, 'daily SMS budget spent: no text message is sent until it resets');
    }
    throw new AppError('SMS_UNAVAILABLE', 'the daily text-message budget is spent', retryAfter(budget.resetsAt, now));
  }

  async function confirm(customerId: number, channel: Channel, code: string) {
    const now = context.clock.now();
    const check = await context.store.confirmCode(customerId, channel, codeHash(customerId, channel, code), now, wrongCodes(customerId));
    if (!check) throw new AppError('CODE_EXPIRED', 'no code is pending: ask for a new one');
    switch (check.outcome) {
      case 'locked':
        throw new AppError('CODE_LOCKED', 'too many wrong codes: codes are locked for this account for now', { attemptsLeft: 0, ...retryAfter(check.resetsAt, now) });
      case 'wrong':
        throw new AppError('CODE_WRONG', 'wrong code', { attemptsLeft: check.attemptsLeft });
      case 'exceeded':
        throw new AppError('CODE_ATTEMPTS_EXCEEDED', 'too many wrong codes: ask for a new one', { attemptsLeft: 0 });
      case 'expired':
        throw new AppError('CODE_EXPIRED', 'the code expired: ask for a new one');
      case 'confirmed': {
        const customer = await context.store.getCustomer(customerId);
        if (!customer) throw new AppError('SESSION_INVALID', 'the customer no longer exists');
        return { account: accountView(customer) };
      }
    }
  }

  app.post('/api/onboarding/email', { config: rateLimit(context, 10, true) }, async (request) => {
    const customer = await requireCustomer(context, request);
    const body = emailBody.safeParse(request.body);
    if (!body.success) throw new AppError('INVALID_ARGUMENT', 'not a valid e-mail address');
    return sendCode(customer.id, 'email', body.data.email);
  });

  app.post('/api/onboarding/phone', { config: rateLimit(context, 10, true) }, async (request) => {
    const customer = await requireCustomer(context, request);
    const body = phoneBody.safeParse(request.body);
    const phone = body.success ? normalisePhone(body.data.phone) : null;
    if (!phone) throw new AppError('INVALID_ARGUMENT', 'not a valid phone number (Belgian or international +… form)');
    const destination = smsDestination(phone, (context.settings.sms ?? DEFAULT_SMS_POLICY).allowedCountries);
    if (!destination.allowed) {
      throw new AppError('PHONE_NOT_ALLOWED', destination.reason === 'country' ? 'text messages go only to the allowed countries' : 'text messages go only to mobile numbers', { reason: destination.reason });
    }
    return sendCode(customer.id, 'phone', phone);
  });

  for (const channel of ['email', 'phone'] as const) {
    app.post(`/api/onboarding/${channel}/confirm`, { config: rateLimit(context, 20, true) }, async (request) => {
      const customer = await requireCustomer(context, request);
      const body = confirmBody.safeParse(request.body);
      if (!body.success) throw new AppError('INVALID_ARGUMENT', 'the code has 6 digits');
      return confirm(customer.id, channel, body.data.code);
    });
  }
}
