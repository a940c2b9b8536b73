// Handoff to the MyVivium portal: a one-time link valid for 60 seconds. Opened in the customer's own
// browser, it starts the portal session there (a cookie of that browser) and lands on the return path
// the login was asked for, or on the reference server's welcome page.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { safeReturnPath } from '../../src/contract/app-link.ts';
import { AppError } from '../../src/contract/errors.ts';
import { rateLimit, requireCustomer, startSession, TTL, type ServerContext } from '../context.ts';
import { portalPage } from '../portal-page.ts';

const handoffQuery = z.object({ t: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });
const handoffBody = z.strictObject({ returnPath: z.string().max(512).optional() }).optional();

export function registerHandoff(app: FastifyInstance, context: ServerContext): void {
  app.post('/api/handoff', { config: rateLimit(context, 30, true) }, async (request) => {
    const body = handoffBody.safeParse(request.body ?? undefined);
    const returnPath = body.success && body.data?.returnPath !== undefined ? safeReturnPath(body.data.returnPath) : null;
    if (!body.success || (body.data?.returnPath !== undefined && returnPath === null)) {
      throw new AppError('INVALID_ARGUMENT', 'returnPath must be a path on the portal (/…, at most 512 characters)');
    }
    const customer = await requireCustomer(context, request);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = context.clock.now() + TTL.handoffMs;
    await context.store.putHandoff(context.hash('handoff', token), customer.id, expiresAt);
    const url = new URL('/portal/handoff', context.settings.portalUrl());
    url.searchParams.set('t', token);
    if (returnPath) url.searchParams.set('return', returnPath);
    return { url: url.toString(), expiresAt: new Date(expiresAt).toISOString() };
  });

  app.get('/portal/handoff', { config: rateLimit(context, 60) }, async (request, reply) => {
    const query = handoffQuery.safeParse(request.query);
    const customerId = query.success ? await context.store.takeHandoff(context.hash('handoff', query.data.t), context.clock.now()) : null;
    const customer = customerId === null ? null : await context.store.getCustomer(customerId);
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    if (customer) {
      // The portal session belongs to the browser that opened the link, never to the page that asked for the login.
      await startSession(context, reply, customer.id, TTL.accountSessionMs);
      const landing = returnAddress(context.settings.portalUrl(), (request.query as Record<string, unknown>).return);
      if (landing) return reply.redirect(landing, 303);
    }
    reply
      .code(customer ? 200 : 410)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
    return portalPage(request.headers['accept-language'], customer ? { displayName: customer.displayName } : null);
  });
}

/** The return path on the portal as an absolute address, or null when absent or unsafe. */
function returnAddress(portalUrl: string, value: unknown): string | null {
  const path = safeReturnPath(value);
  if (!path) return null;
  const portal = new URL(portalUrl);
  const landing = new URL(path, portal);
  return landing.origin === portal.origin ? landing.toString() : null;
}
