// Per-route rate limits, counted in the store so every instance sharing the database shares them, and
// keyed by what the server has verified: the customer of a valid session on routes that need one, else
// the client address (as TRUST_PROXY resolves it). A cookie the server did not issue is no key: random
// cookie values all count against their sender's address, and nothing an attacker sends can evict
// another client's count (there is no in-memory table to fill).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../src/contract/errors.ts';
import { currentSession, type ServerContext } from './context.ts';

export interface RouteRateLimit {
  readonly max: number;
  readonly timeWindow: number;
  /** Count per logged-in customer (after the session check) instead of per client address. */
  readonly keyByCustomer: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    rateLimit?: RouteRateLimit;
  }
}

export function registerRateLimits(app: FastifyInstance, context: ServerContext): void {
  app.addHook('onRequest', async (request, reply) => {
    const limit = request.routeOptions.config.rateLimit;
    if (!limit) return;
    const now = context.clock.now();
    const key = context.hash('rate-limit', `${request.method} ${request.routeOptions.url} ${await subjectOf(context, request, limit)}`);
    const counter = await context.store.countEvent(key, limit.timeWindow, now);
    if (counter.count <= limit.max) return;
    const retryAfterSeconds = Math.max(1, Math.ceil((counter.resetsAt - now) / 1000));
    reply.header('retry-after', String(retryAfterSeconds));
    throw new AppError('RATE_LIMITED', 'too many requests', { retryAfterSeconds });
  });
}

async function subjectOf(context: ServerContext, request: FastifyRequest, limit: RouteRateLimit): Promise<string> {
  if (limit.keyByCustomer) {
    const customerId = (await currentSession(context, request))?.session.customerId;
    if (customerId !== null && customerId !== undefined) return `customer:${customerId}`;
  }
  return `address:${request.ip}`;
}
