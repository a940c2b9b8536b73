// itsme endpoints. The app starts a flow with the hash of a secret it keeps (and the session cookie it
// got); the system browser goes through itsme and comes back to the https callback, whose page hands a
// one-time result to the app on that computer through a myvivium-eid: link; the app exchanges result +
// secret (in its session) for the logged-in session. The poll (`{ state: pending | failed, error? }`)
// never yields a session: whoever started a flow and sent its authorize URL to someone else gets nothing.
// State, PKCE verifier and nonce are per flow and the callback is single use.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { JWK } from 'jose';
import { z } from 'zod';
import { AppError, type ErrorCode } from '../../src/contract/errors.ts';
import { accountViewAfterItsme, currentSession, rateLimit, startSession, TTL, type ServerContext } from '../context.ts';
import { HELPDESK } from '../http-errors.ts';
import { callbackPage } from './callback-page.ts';
import { ItsmeUnreachableError, type RelyingParty } from './relying-party.ts';

/** The user has 5 minutes in the browser and the itsme app. */
const FLOW_MS = 5 * 60_000;

const callbackQuery = z.object({ state: z.string().max(512).optional(), code: z.string().max(4096).optional(), error: z.string().max(256).optional() });
const random256 = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const statusQuery = z.object({ pollId: random256 });
const startBody = z.object({ appSecretHash: random256 });
const exchangeBody = z.strictObject({ pollId: random256, result: random256, appSecret: random256 });

/** How the app hashes its secret (SHA-256, base64url), so the backend never holds the secret itself. */
export function appSecretHashOf(appSecret: string): string {
  return createHash('sha256').update(appSecret).digest('base64url');
}

export interface ItsmeWiring {
  readonly rp: RelyingParty;
  /** Our public keys (one or more `sig`, one or more `enc`), for /.well-known/jwks.json. */
  readonly jwks: { readonly keys: readonly JWK[] };
  /** This server's callback URL, as registered with the provider. */
  readonly redirectUri: () => string;
}

export function registerItsme(app: FastifyInstance, context: ServerContext, itsme: ItsmeWiring): void {
  // The key set registered with itsme (by URL): it verifies our request objects and client assertions
  // with the `sig` keys and encrypts its answers to the `enc` key.
  app.get('/.well-known/jwks.json', async (_request, reply) => {
    reply.header('content-type', 'application/jwk-set+json').header('cache-control', 'public, max-age=300');
    return itsme.jwks;
  });

  app.post('/api/auth/itsme/start', { config: rateLimit(context, 30) }, async (request, reply) => {
    const body = startBody.safeParse(request.body);
    if (!body.success) throw new AppError('INVALID_ARGUMENT', 'appSecretHash (SHA-256 of the app’s secret, base64url) is required');
    const current = await currentSession(context, request);
    const session = current && current.session.customerId === null ? current.session : await startSession(context, reply, null, TTL.loginSessionMs);
    let start;
    try {
      start = await itsme.rp.start(itsme.redirectUri());
    } catch (error) {
      // Unreachable now (the app offers the eID card instead), or reachable but not as itsme must be.
      if (error instanceof ItsmeUnreachableError) throw new AppError('ITSME_UNAVAILABLE', error.message);
      throw new AppError('ITSME_PROVIDER_ERROR', `itsme cannot be used: ${(error as Error).message}`);
    }
    const pollId = randomBytes(32).toString('base64url');
    await context.store.putItsmeFlow({
      stateHash: context.hash('itsme-state', start.state),
      pollIdHash: context.hash('itsme-poll', pollId),
      sessionIdHash: session.idHash,
      nonce: start.nonce,
      codeVerifier: start.codeVerifier,
      expiresAt: context.clock.now() + FLOW_MS,
      appSecretHash: body.data.appSecretHash,
    });
    return { authorizeUrl: start.authorizeUrl, pollId };
  });

  app.get('/api/auth/itsme/callback', { config: rateLimit(context, 60) }, async (request, reply) => {
    const query = callbackQuery.safeParse(request.query);
    const page = (outcome: { result: string } | ErrorCode) =>
      reply
        .code(typeof outcome === 'object' ? 200 : 400)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
        .header('x-frame-options', 'DENY')
        .send(callbackPage(request.headers['accept-language'], outcome));
    const state = query.success ? query.data.state : undefined;
    const flow = state ? await context.store.takeItsmeFlowByState(context.hash('itsme-state', state), context.clock.now()) : null;
    if (!flow || !state) return page('ITSME_STATE_INVALID');
    const fail = async (code: ErrorCode, reason?: string) => {
      await context.store.finishItsmeFlow(flow.stateHash, { errorCode: code });
      request.log.info({ errorCode: code, reason }, 'itsme login failed');
      return page(code);
    };

    const callbackUrl = new URL(itsme.redirectUri());
    callbackUrl.search = new URLSearchParams(request.query as Record<string, string>).toString();
    const outcome = await itsme.rp.finish(callbackUrl, { state, nonce: flow.nonce, codeVerifier: flow.codeVerifier });
    if (!outcome.ok) return fail(outcome.code, outcome.message);
    const customer = outcome.nationalNumber ? await context.store.findCustomerByNationalNumberHash(context.hash('national-number', outcome.nationalNumber)) : null;
    if (!customer) return fail('ACCOUNT_UNKNOWN');
    // The result goes to the app on this computer through the page's myvivium-eid: link; alone it is worthless.
    const result = randomBytes(32).toString('base64url');
    await context.store.finishItsmeFlow(flow.stateHash, { customerId: customer.id, resultHash: context.hash('itsme-result', result) });
    request.log.info({ event: 'itsme-confirmed', customerId: customer.id }, 'itsme confirmed the customer; waiting for the app');
    return page({ result });
  });

  app.post('/api/auth/itsme/exchange', { config: rateLimit(context, 30) }, async (request, reply) => {
    const body = exchangeBody.safeParse(request.body);
    if (!body.success) throw new AppError('INVALID_ARGUMENT', 'expected { pollId, result, appSecret }');
    const current = await currentSession(context, request);
    if (!current) throw new AppError('SESSION_INVALID', 'exchange with the session that started the login');
    const customerId = await context.store.exchangeItsmeResult(
      {
        pollIdHash: context.hash('itsme-poll', body.data.pollId),
        sessionIdHash: current.session.idHash,
        appSecretHash: appSecretHashOf(body.data.appSecret),
        resultHash: context.hash('itsme-result', body.data.result),
      },
      context.clock.now(),
    );
    if (customerId === null) throw new AppError('ITSME_STATE_INVALID', 'this itsme result does not belong to a login this app started, or was used');
    const customer = await context.store.getCustomer(customerId);
    if (!customer) throw new AppError('SESSION_INVALID', 'the customer no longer exists');
    await startSession(context, reply, customer.id, TTL.accountSessionMs, current.session);
    request.log.info({ event: 'login', method: 'itsme', customerId: customer.id }, 'itsme login');
    return { account: accountViewAfterItsme(customer) };
  });

  app.get('/api/auth/itsme/status', { config: rateLimit(context, 240) }, async (request) => {
    const query = statusQuery.safeParse(request.query);
    if (!query.success) throw new AppError('INVALID_ARGUMENT', 'pollId is required');
    const current = await currentSession(context, request);
    if (!current) throw new AppError('SESSION_INVALID', 'poll with the session that started the login');
    const status = await context.store.itsmeFlowStatus(context.hash('itsme-poll', query.data.pollId), current.session.idHash, context.clock.now());
    if (!status) throw new AppError('SESSION_INVALID', 'no itsme login with this poll id in this session');
    switch (status.status) {
      // Confirmed by itsme or not, the session only comes from the app's exchange.
      case 'pending':
      case 'returned':
        return { state: 'pending' };
      case 'expired':
        return { state: 'failed', error: new AppError('ITSME_TIMEOUT', 'the itsme login took longer than 5 minutes').toJSON() };
      case 'failed': {
        const code = status.errorCode as ErrorCode;
        return { state: 'failed', error: new AppError(code, code, code === 'ACCOUNT_UNKNOWN' ? { ...HELPDESK } : undefined).toJSON() };
      }
    }
  });
}
