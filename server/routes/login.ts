// MyVivium's side of "start at the website": the login page, the small script that shows the fallback
// when the app does not come forward, and the stand-in portal pages a handoff lands on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { safeReturnPath } from '../../src/contract/app-link.ts';
import { currentSession, rateLimit, type ServerContext } from '../context.ts';
import { LOGIN_PAGE_CSP, loginPage, portalStandInPage } from '../login-page.ts';

export const DEFAULT_DOWNLOAD_URL = 'https://www.myvivium.be/eid-companion';
const LOGIN_SCRIPT = readFileSync(join(import.meta.dirname, '../public/eid-login.js'), 'utf8');

export function registerLogin(app: FastifyInstance, context: ServerContext): void {
  app.get('/login', { config: rateLimit(context, 120) }, async (request, reply) => {
    const returnPath = safeReturnPath((request.query as Record<string, unknown>).return);
    const html = loginPage({
      acceptLanguage: request.headers['accept-language'],
      returnPath,
      downloadUrl: context.settings.downloadUrl ?? DEFAULT_DOWNLOAD_URL,
      itsmeLoginUrl: context.settings.itsmeLoginUrl ?? null,
    });
    return htmlHeaders(reply, 200).send(html);
  });

  app.get('/eid-login.js', async (_request, reply) =>
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .header('x-content-type-options', 'nosniff')
      // MyVivium's real login page loads it from here.
      .header('cross-origin-resource-policy', 'cross-origin')
      .send(LOGIN_SCRIPT),
  );

  // The portal's pages, as far as the reference backend stands in for them: who is logged in, where.
  app.get('/portal/*', { config: rateLimit(context, 120) }, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/portal/';
    const current = await currentSession(context, request);
    const customer = current?.session.customerId != null ? await context.store.getCustomer(current.session.customerId) : null;
    return htmlHeaders(reply, customer ? 200 : 401).send(portalStandInPage(request.headers['accept-language'], path, customer));
  });
}

function htmlHeaders(reply: FastifyReply, status: number): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('content-security-policy', LOGIN_PAGE_CSP);
}
