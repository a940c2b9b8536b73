// Handoff to the MyVivium portal: a one-time link valid for 60 seconds, and the minimal portal page
// the reference server serves for it.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { rateLimit, requireCustomer, TTL, type ServerContext } from '../context.ts';
import { portalPage } from '../portal-page.ts';

const handoffQuery = z.object({ t: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

export function registerHandoff(app: FastifyInstance, context: ServerContext): void {
  app.post('/api/handoff', { config: rateLimit(context, 30, true) }, async (request) => {
    const customer = await requireCustomer(context, request);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = context.clock.now() + TTL.handoffMs;
    await context.store.putHandoff(context.hash('handoff', token), customer.id, expiresAt);
    const url = new URL('/portal/handoff', context.settings.portalUrl());
    url.searchParams.set('t', token);
    return { url: url.toString(), expiresAt: new Date(expiresAt).toISOString() };
  });

  app.get('/portal/handoff', { config: rateLimit(context, 60) }, async (request, reply) => {
    const query = handoffQuery.safeParse(request.query);
    const customerId = query.success ? await context.store.takeHandoff(context.hash('handoff', query.data.t), context.clock.now()) : null;
    const customer = customerId === null ? null : await context.store.getCustomer(customerId);
    const page = portalPage(request.headers['accept-language'], customer ? { displayName: customer.displayName } : null);
    reply
      .code(customer ? 200 : 410)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
    return page;
  });
}
