// Onboarding: link an e-mail address or a mobile number to the account, proven by a 6-digit code.
import { randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../src/contract/errors.ts';
import { accountView, CODE_ATTEMPTS, rateLimit, requireCustomer, TTL, type ServerContext } from '../context.ts';
import { normalisePhone } from '../phone-number.ts';
import type { Channel } from '../store.ts';

const emailBody = z.object({ email: z.string().trim().max(254).pipe(z.email()) });
const phoneBody = z.object({ phone: z.string().max(40) });
const confirmBody = z.object({ code: z.string().trim().regex(/^\d{6}$/) });

export function registerOnboarding(app: FastifyInstance, context: ServerContext): void {
  const codeHash = (customerId: number, channel: Channel, code: string) => context.hash(`code:${customerId}:${channel}`, code);

  async function sendCode(customerId: number, channel: Channel, target: string) {
    const now = context.clock.now();
    const pending = await context.store.getPendingCode(customerId, channel);
    // The cool-down applies to the same address only: correcting a typo is never blocked.
    if (pending && pending.target === target && now - pending.sentAt < TTL.codeResendMs) {
      const retryAfterSeconds = Math.ceil((pending.sentAt + TTL.codeResendMs - now) / 1000);
      throw new AppError('RATE_LIMITED', 'a code was sent to this address moments ago', { retryAfterSeconds });
    }
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

  async function confirm(customerId: number, channel: Channel, code: string) {
    const check = await context.store.confirmCode(customerId, channel, codeHash(customerId, channel, code), context.clock.now());
    if (!check) throw new AppError('CODE_EXPIRED', 'no code is pending: ask for a new one');
    switch (check.outcome) {
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
