// /helpdesk: the page where a signed-in helpdesk agent types the code a customer reads out and sees the
// report. Every report shown is written to the audit trail (who, which report, when). Plain forms, no
// script; the headers every page gets (server/security-headers.ts) plus a CSP that also locks form targets.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { diagnosisReportSchema } from '../../src/contract/diagnosis.ts';
import type { ErrorCode } from '../../src/contract/errors.ts';
import { normalizeSupportCode, supportCodeSchema } from '../../src/contract/support-report.ts';
import { rateLimit, type ServerContext } from '../context.ts';
import { pickLanguage, type Language } from '../page-text.ts';
import type { SupportReport } from '../store.ts';
import { codePage, reportPage, signInPage, type ShownReport } from './page.ts';
import { AGENT_COOKIE, clearedCookie, readSignedCookie, SIGN_IN_COOKIE, signedCookie } from './signed-cookie.ts';

const AGENT_SESSION_SECONDS = 8 * 3600;
const SIGN_IN_SECONDS = 10 * 60;
/** Earlier reports of the same computer shown under a report. */
const EARLIER_REPORTS = 10;

export const HELPDESK_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const tokenForm = z.object({ token: z.string().min(1).max(256) });
const codeForm = z.object({ code: z.string().max(64) });
const callbackQuery = z.object({ state: z.string().max(512), code: z.string().max(4096) });
const signInState = z.object({ state: z.string(), nonce: z.string(), codeVerifier: z.string() });

export function registerHelpdesk(app: FastifyInstance, context: ServerContext): void {
  // Encapsulated, so the form parser serves these routes only.
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    const signIn = context.helpdeskSignIn;
    const lang = (request: FastifyRequest): Language => pickLanguage(request.headers['accept-language']);
    const agentOf = (request: FastifyRequest): string | null => {
      const payload = readSignedCookie(context.hash, request.headers.cookie, AGENT_COOKIE, context.clock.now());
      return typeof payload?.agent === 'string' ? payload.agent : null;
    };
    const startAgentSession = (reply: FastifyReply, agent: string) =>
      reply.header('set-cookie', signedCookie(context.hash, AGENT_COOKIE, { agent }, AGENT_SESSION_SECONDS, context.clock.now(), context.settings.secureCookies));
    const showSignIn = (request: FastifyRequest, reply: FastifyReply, status: number, errorCode: ErrorCode | null) =>
      html(reply, status).send(signInPage(lang(request), signIn?.kind ?? 'none', errorCode));

    scope.get('/helpdesk', { config: rateLimit(context, 60) }, async (request, reply) => {
      const agent = agentOf(request);
      if (!agent) return showSignIn(request, reply, signIn ? 200 : 503, null);
      return html(reply, 200).send(codePage(lang(request), agent, '', null));
    });

    // Development: the configured token. Production: off to the company's provider.
    scope.post('/helpdesk/sign-in', { config: rateLimit(context, 10) }, async (request, reply) => {
      if (signIn?.kind !== 'dev-token') return showSignIn(request, reply, 404, null);
      const form = tokenForm.safeParse(request.body);
      const agent = form.success ? signIn.check(form.data.token) : null;
      if (!agent) {
        request.log.info({ event: 'helpdesk-sign-in-refused' }, 'helpdesk sign-in refused');
        return showSignIn(request, reply, 401, 'SESSION_INVALID');
      }
      startAgentSession(reply, agent);
      return reply.code(303).header('location', '/helpdesk').send();
    });

    scope.get('/helpdesk/sign-in', { config: rateLimit(context, 10) }, async (request, reply) => {
      if (signIn?.kind !== 'oidc') return showSignIn(request, reply, 404, null);
      let start;
      try {
        start = await signIn.start(signIn.redirectUri());
      } catch (error) {
        request.log.error({ err: { message: (error as Error).message } }, 'helpdesk provider unavailable');
        return showSignIn(request, reply, 502, 'BACKEND_ERROR');
      }
      const flow = { state: start.state, nonce: start.nonce, codeVerifier: start.codeVerifier };
      reply.header('set-cookie', signedCookie(context.hash, SIGN_IN_COOKIE, flow, SIGN_IN_SECONDS, context.clock.now(), context.settings.secureCookies));
      return reply.code(303).header('location', start.authorizeUrl).send();
    });

    scope.get('/helpdesk/callback', { config: rateLimit(context, 10) }, async (request, reply) => {
      if (signIn?.kind !== 'oidc') return showSignIn(request, reply, 404, null);
      const query = callbackQuery.safeParse(request.query);
      const flow = signInState.safeParse(readSignedCookie(context.hash, request.headers.cookie, SIGN_IN_COOKIE, context.clock.now()));
      reply.header('set-cookie', clearedCookie(SIGN_IN_COOKIE, context.settings.secureCookies));
      const agent = query.success && flow.success && query.data.state === flow.data.state
        ? await signIn.finish(new URL(request.url, signIn.redirectUri()), flow.data)
        : null;
      if (!agent) return showSignIn(request, reply, 401, 'SESSION_INVALID');
      startAgentSession(reply, agent);
      return reply.code(303).header('location', '/helpdesk').send();
    });

    scope.post('/helpdesk/sign-out', async (_request, reply) =>
      reply.code(303).header('set-cookie', clearedCookie(AGENT_COOKIE, context.settings.secureCookies)).header('location', '/helpdesk').send(),
    );

    scope.post('/helpdesk/report', { config: rateLimit(context, 30) }, async (request, reply) => {
      const agent = agentOf(request);
      if (!agent) return showSignIn(request, reply, 401, 'SESSION_INVALID');
      const form = codeForm.safeParse(request.body);
      const typed = form.success ? normalizeSupportCode(form.data.code) : '';
      const refuse = (status: number, code: ErrorCode) => html(reply, status).send(codePage(lang(request), agent, typed, code));
      if (!supportCodeSchema.safeParse(typed).success) return refuse(400, 'INVALID_ARGUMENT');

      const now = context.clock.now();
      const found = await context.store.findSupportReport(context.hash('support-code', typed), now);
      if (!found) return refuse(404, 'SUPPORT_CODE_UNKNOWN');
      if (found.status === 'expired') return refuse(410, 'SUPPORT_CODE_EXPIRED');

      const shown = toShown(found.report);
      const earlier = (await context.store.listSupportReports(found.report.installationId, now, EARLIER_REPORTS + 1))
        .filter((r) => r.id !== found.report.id && r.createdAt <= found.report.createdAt)
        .slice(0, EARLIER_REPORTS)
        .map(toShown);
      await context.store.recordHelpdeskView({ agent, supportReportId: found.report.id, reportId: shown.report.reportId, viewedAt: now });
      request.log.info({ event: 'helpdesk-view', agent, reportId: shown.report.reportId }, 'helpdesk report viewed');
      return html(reply, 200).send(reportPage(lang(request), agent, shown, earlier));
    });
  });
}

/** Stored reports were validated on arrival; parsing again keeps the page's input typed. */
function toShown(stored: SupportReport): ShownReport {
  return { report: diagnosisReportSchema.parse(JSON.parse(stored.report)), sentAt: stored.createdAt };
}

function html(reply: FastifyReply, status: number): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', HELPDESK_CSP);
}
