// eID login: a single-use challenge bound to a login session, then the Web eID token signed over it.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../src/contract/errors.ts';
import { accountView, currentSession, rateLimit, startSession, TTL, type ServerContext } from '../context.ts';
import { HELPDESK } from '../http-errors.ts';

const loginBody = z.object({ token: z.unknown() }).refine((body) => body.token !== undefined, 'token is required');

export function registerEidLogin(app: FastifyInstance, context: ServerContext): void {
  app.post('/api/auth/eid/challenge', { config: rateLimit(context, 60) }, async (request, reply) => {
    const now = context.clock.now();
    const current = await currentSession(context, request);
    // A logged-in session keeps its account; a new login always starts from a fresh login session.
    const session = current && current.session.customerId === null ? current.session : await startSession(context, reply, null, TTL.loginSessionMs);
    const nonce = randomBytes(32).toString('base64');
    const expiresAt = now + TTL.challengeMs;
    await context.store.putChallenge(session.idHash, nonce, expiresAt);
    return { nonce, origin: context.settings.origin, expiresAt: new Date(expiresAt).toISOString() };
  });

  app.post('/api/auth/eid/login', { config: rateLimit(context, 60), bodyLimit: 16_384 }, async (request, reply) => {
    const body = loginBody.safeParse(request.body);
    if (!body.success) throw new AppError('TOKEN_MALFORMED', 'the body must be { token }');
    const current = await currentSession(context, request);
    if (!current) throw new AppError('NONCE_EXPIRED', 'no login session: ask for a challenge first');
    // The nonce is taken out before validation, so whatever the outcome it can never be used again.
    const challenge = await context.store.takeChallenge(current.session.idHash);
    const now = context.clock.now();
    if (!challenge || challenge.expiresAt <= now) throw new AppError('NONCE_EXPIRED', 'the challenge is unknown, used or expired');

    const result = await context.validator.validate(body.data.token, { origin: context.settings.origin, nonce: challenge.nonce, at: new Date(now) });
    if (!result.ok) throw new AppError(result.error.code, result.error.message);

    const customer = await context.store.findCustomerByNationalNumberHash(context.hash('national-number', result.subject.nationalNumber));
    if (!customer) throw new AppError('ACCOUNT_UNKNOWN', 'no MyVivium customer for this card holder', { ...HELPDESK });
    await startSession(context, reply, customer.id, TTL.accountSessionMs, current.session);
    request.log.info({ event: 'login', customerId: customer.id }, 'eID login');
    return { account: accountView(customer) };
  });
}
