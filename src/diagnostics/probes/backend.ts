// The MyVivium backend: reachable, over TLS, through which proxy, and how far our clock is from its
// clock (a login token is refused when the clocks disagree by minutes).
import { z } from 'zod';
import type { Finding } from '../../contract/diagnosis.ts';
import { finding, skipped, type Probe } from '../context.ts';

const TIMEOUT_MS = 8000;
const SKEW_WARN_SECONDS = 60;
const SKEW_FAIL_SECONDS = 300;
const healthSchema = z.object({ status: z.string().max(100), time: z.string().max(40).optional() });

const TLS_ERROR = /^(CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|ERR_TLS|ERR_SSL|HOSTNAME_MISMATCH|ERR_CERT)/;

/** The error code Node's fetch hides in `cause` (ECONNREFUSED, CERT_HAS_EXPIRED…). */
function networkCode(error: unknown): string {
  let current: unknown = error;
  let message = 'UNKNOWN';
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (current.name === 'TimeoutError' || current.name === 'AbortError') return 'TIMEOUT';
    message = current.message.slice(0, 80);
    current = current.cause;
  }
  // No code (fetch refuses some ports itself, "bad port"): the innermost message says why.
  return message;
}

/** Proxy variables, with any credentials removed. */
export function proxyFinding(env: Readonly<Record<string, string | undefined>>, reachable: boolean | null): Finding {
  const names = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'];
  const found = names.map((n) => [n, env[n]] as const).find(([, v]) => v);
  if (!found) return finding('proxy', 'pass', 'none', null);
  const value = found[1]!.replace(/\/\/[^@/]*@/, '//');
  return finding('proxy', reachable === false ? 'warn' : 'pass', 'set', `${found[0]}=${value}`, { proxy: value });
}

export function skewFinding(now: Date, serverTime: Date | null): Finding {
  if (!serverTime || Number.isNaN(serverTime.getTime())) return finding('clockSkew', 'skip', 'unknown');
  const seconds = Math.round((now.getTime() - serverTime.getTime()) / 1000);
  const abs = Math.abs(seconds);
  const status = abs > SKEW_FAIL_SECONDS ? 'fail' : abs > SKEW_WARN_SECONDS ? 'warn' : 'pass';
  return finding('clockSkew', status, status === 'pass' ? 'ok' : seconds > 0 ? 'ahead' : 'behind', seconds, { seconds: abs });
}

export const backendProbe: Probe = {
  id: 'backend',
  async run({ deps, options }) {
    if (!options.backendUrl) return [...skipped(['backendReachable', 'backendTls'], 'noBackend'), proxyFinding(deps.env, null), ...skipped(['clockSkew'], 'noBackend')];
    let url: URL;
    try {
      url = new URL('/health', options.backendUrl);
    } catch {
      return [finding('backendReachable', 'fail', 'badUrl', options.backendUrl.slice(0, 200)), ...skipped(['backendTls'], 'noBackend'), proxyFinding(deps.env, null), ...skipped(['clockSkew'], 'noBackend')];
    }
    const origin = url.origin;
    let response: Response;
    try {
      response = await deps.fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/json' } });
    } catch (error) {
      const code = networkCode(error);
      const tls = TLS_ERROR.test(code);
      return [
        finding('backendReachable', 'fail', tls ? 'tlsFailed' : code === 'TIMEOUT' ? 'timeout' : 'unreachable', `${origin}: ${code}`, { origin, code }),
        tls ? finding('backendTls', 'fail', 'invalid', code, { code }) : skipped(['backendTls'], 'unreachable')[0]!,
        proxyFinding(deps.env, false),
        ...skipped(['clockSkew'], 'unreachable'),
      ];
    }
    const body = healthSchema.safeParse(await response.json().catch(() => null));
    const reachable = response.ok && body.success
      ? finding('backendReachable', 'pass', 'ok', `${origin}: HTTP ${response.status}`, { origin, status: response.status })
      : finding('backendReachable', 'warn', 'unhealthy', `${origin}: HTTP ${response.status}`, { origin, status: response.status });
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    const tls = url.protocol === 'https:'
      ? finding('backendTls', 'pass', 'valid', 'https')
      // A local test server is not checked for encryption (never "OK" next to "without encryption").
      : finding('backendTls', loopback ? 'skip' : 'warn', loopback ? 'localPlain' : 'plain', 'http');
    const serverTime = body.success && body.data.time ? new Date(body.data.time) : response.headers.get('date') ? new Date(response.headers.get('date')!) : null;
    return [reachable, tls, proxyFinding(deps.env, true), skewFinding(deps.now(), serverTime)];
  },
};
