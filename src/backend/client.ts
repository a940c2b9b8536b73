// The MyVivium API client: every call has a timeout, every reply is validated, every failure is an
// AppError with a BACKEND_* (or the backend's own) code. It keeps the session cookie, and refuses a
// challenge whose origin differs from the configured one (ORIGIN_MISMATCH): a rogue or misconfigured
// backend must not obtain a token bound to another site.
import type { z } from 'zod';
import { AppError, type ErrorCode } from '../contract/errors.ts';
import { CookieJar } from './cookie-jar.ts';
import {
  accountReply,
  challengeReply,
  codeSentReply,
  errorCodeSchema,
  errorReply,
  handoffReply,
  itsmeStartReply,
  itsmeStatusReply,
  type AccountReply,
  type ChallengeReply,
} from './replies.ts';

export interface BackendConfig {
  /** Where the API runs, e.g. https://api.myvivium.be or http://127.0.0.1:8080 in tests. */
  readonly baseUrl: string;
  /** The MyVivium origin tokens are bound to (configuration, never the UI). */
  readonly origin: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

export type Channel = 'email' | 'phone';

export interface BackendClient {
  challenge(signal?: AbortSignal): Promise<ChallengeReply>;
  login(token: unknown, signal?: AbortSignal): Promise<AccountReply>;
  sendCode(channel: Channel, value: string): Promise<{ expiresAt: string; resendAfter?: string | undefined }>;
  confirmCode(channel: Channel, code: string): Promise<AccountReply>;
  /** A one-time portal link; `returnPath` (already checked with safeReturnPath) is where the portal opens. */
  handoff(returnPath?: string | null): Promise<{ url: string; expiresAt: string }>;
  /** Starts an itsme login bound to this app: only the hash of the app's secret is sent. */
  itsmeStart(appSecretHash: string): Promise<{ authorizeUrl: string; pollId: string }>;
  itsmeStatus(pollId: string, signal?: AbortSignal): Promise<z.infer<typeof itsmeStatusReply>>;
  /** The one-time result the itsme return page handed over, with the secret: the logged-in session. */
  itsmeExchange(input: { pollId: string; result: string; appSecret: string }, signal?: AbortSignal): Promise<AccountReply>;
  /** Forget the session (a new login starts clean). */
  reset(): void;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_REPLY_BYTES = 64 * 1024;

export function createBackendClient(config: BackendConfig): BackendClient {
  const base = parseBase(config.baseUrl);
  const doFetch = config.fetch ?? fetch;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const jar = new CookieJar();

  async function request<S extends z.ZodType>(method: 'GET' | 'POST', path: string, body: unknown, schema: S, signal?: AbortSignal): Promise<z.infer<S>> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? eitherSignal(signal, timeout) : { signal: timeout, release: () => undefined };
    try {
      return await send(method, path, body, schema, signal, timeout, combined.signal);
    } finally {
      combined.release();
    }
  }

  async function send<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: S,
    signal: AbortSignal | undefined,
    timeout: AbortSignal,
    combined: AbortSignal,
  ): Promise<z.infer<S>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const cookie = jar.header();
    if (cookie) headers.cookie = cookie;
    let response: Response;
    try {
      response = await doFetch(new URL(path, base), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: combined,
        redirect: 'error',
      });
    } catch (error) {
      if (signal?.aborted) throw new AppError('CANCELLED', 'cancelled');
      if (timeout.aborted) throw new AppError('BACKEND_TIMEOUT', `no answer from the backend within ${timeoutMs} ms`);
      throw new AppError('BACKEND_UNREACHABLE', `backend unreachable: ${(error as Error).message}`.slice(0, 300));
    }
    jar.store(response.headers.getSetCookie());
    const payload = await readJson(response, signal, timeout, timeoutMs);
    if (!response.ok) throw errorFromReply(response.status, payload);
    const parsed = schema.safeParse(payload);
    if (!parsed.success) throw new AppError('BACKEND_INVALID_RESPONSE', `unexpected reply to ${method} ${path}`);
    return parsed.data;
  }

  return {
    async challenge(signal) {
      const reply = await request('POST', '/api/auth/eid/challenge', {}, challengeReply, signal);
      if (reply.origin !== config.origin) {
        throw new AppError('ORIGIN_MISMATCH', 'the backend asks for a token bound to another origin', {
          expected: config.origin,
          received: reply.origin.slice(0, 255),
        });
      }
      return reply;
    },
    login: (token, signal) => request('POST', '/api/auth/eid/login', { token }, accountReply, signal),
    sendCode: (channel, value) => request('POST', `/api/onboarding/${channel}`, { [channel]: value }, codeSentReply),
    confirmCode: (channel, code) => request('POST', `/api/onboarding/${channel}/confirm`, { code }, accountReply),
    handoff: (returnPath) => request('POST', '/api/handoff', returnPath ? { returnPath } : {}, handoffReply),
    itsmeStart: (appSecretHash) => request('POST', '/api/auth/itsme/start', { appSecretHash }, itsmeStartReply),
    itsmeStatus: (pollId, signal) =>
      request('GET', `/api/auth/itsme/status?pollId=${encodeURIComponent(pollId)}`, undefined, itsmeStatusReply, signal),
    itsmeExchange: (input, signal) => request('POST', '/api/auth/itsme/exchange', input, accountReply, signal),
    reset: () => jar.clear(),
  };
}

/**
 * Aborts when `outer` or `timeout` does, until released. Not AbortSignal.any: on Node 20 every call
 * leaves an entry in the source signal that is never pruned, and `outer` (the companion's) lives
 * across every login — a leak per request.
 */
function eitherSignal(outer: AbortSignal, timeout: AbortSignal): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const onOuter = () => controller.abort(outer.reason);
  const onTimeout = () => controller.abort(timeout.reason);
  if (outer.aborted) onOuter();
  else if (timeout.aborted) onTimeout();
  outer.addEventListener('abort', onOuter, { once: true });
  timeout.addEventListener('abort', onTimeout, { once: true });
  return {
    signal: controller.signal,
    release() {
      outer.removeEventListener('abort', onOuter);
      timeout.removeEventListener('abort', onTimeout);
    },
  };
}

function parseBase(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new AppError('INVALID_ARGUMENT', 'the backend address is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AppError('INVALID_ARGUMENT', 'the backend address must be http(s)');
  return url;
}

async function readJson(response: Response, signal: AbortSignal | undefined, timeout: AbortSignal, timeoutMs: number): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    if (signal?.aborted) throw new AppError('CANCELLED', 'cancelled');
    if (timeout.aborted) throw new AppError('BACKEND_TIMEOUT', `the backend reply did not finish within ${timeoutMs} ms`);
    throw new AppError('BACKEND_UNREACHABLE', 'the backend connection broke during the reply');
  }
  if (text.length > MAX_REPLY_BYTES) throw new AppError('BACKEND_INVALID_RESPONSE', 'the backend reply is too large');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    if (!response.ok) return undefined;
    throw new AppError('BACKEND_INVALID_RESPONSE', 'the backend reply is not JSON');
  }
}

/** The backend's own code when it is one of ours, else a BACKEND_* code from the HTTP status. */
function errorFromReply(status: number, payload: unknown): AppError {
  const parsed = errorReply.safeParse(payload);
  if (parsed.success) {
    const code = errorCodeSchema.safeParse(parsed.data.error.code);
    if (code.success) return new AppError(code.data, parsed.data.error.message ?? code.data, parsed.data.error.details);
  }
  const fallback: ErrorCode = status === 429 ? 'RATE_LIMITED' : status === 401 ? 'SESSION_INVALID' : 'BACKEND_ERROR';
  return new AppError(fallback, `backend answered HTTP ${status}`, { status });
}
