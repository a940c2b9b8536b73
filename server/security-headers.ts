// Headers on every answer of the backend. Pages may not be framed (clickjacking of the handoff and
// itsme pages), nothing is sniffed into another type, no URL (the handoff token is in one) leaks through
// Referer, and browsers keep to https once they reached us over it (directly, or through a proxy we
// trust: see TRUST_PROXY).
import type { FastifyInstance } from 'fastify';

/** One year; the backend's own host only (other vivium.be hosts decide for themselves). */
export const HSTS = 'max-age=31536000';
const HTML_CSP_DEFAULT = "default-src 'none'";

export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
    if (/^text\/html\b/i.test(String(reply.getHeader('content-type') ?? ''))) {
      const csp = String(reply.getHeader('content-security-policy') ?? HTML_CSP_DEFAULT);
      reply.header('content-security-policy', /(^|;)\s*frame-ancestors\s/i.test(csp) ? csp : `${csp}; frame-ancestors 'none'`);
      reply.header('x-frame-options', 'DENY');
    }
    return payload;
  });
}
