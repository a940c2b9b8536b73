// The Fastify application: error shape, rate limits, privacy-preserving logs, and the routes.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { AppError, isAppError } from '../src/contract/errors.ts';
import type { TrustProxy } from './config.ts';
import type { ServerContext } from './context.ts';
import { errorBody, statusOf } from './http-errors.ts';
import { registerItsme } from './itsme/routes.ts';
import { registerDev } from './routes/dev.ts';
import { registerEidLogin } from './routes/eid-login.ts';
import { registerHandoff } from './routes/handoff.ts';
import { registerLogin } from './routes/login.ts';
import { registerOnboarding } from './routes/onboarding.ts';
import { registerRateLimits } from './rate-limits.ts';
import { addSecurityHeaders } from './security-headers.ts';
import { StoreUnavailableError } from './store.ts';

/**
 * Logs carry no personal data: requests are logged by method and path only (the handoff token is in
 * the query string), bodies and cookies never, and any field that could hold a token, a national
 * number or a code is censored should a future log call include it.
 */
export function loggerOptions(level: string, destination?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(destination ? { stream: destination } : {}),
    redact: {
      paths: ['token', 'nonce', 'code', 'email', 'phone', 'nationalNumber', '*.token', '*.nonce', '*.code', '*.email', '*.phone', '*.nationalNumber', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
    serializers: {
      req: (request: { method: string; url: string; id: string }) => ({ id: request.id, method: request.method, path: request.url.split('?')[0] }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
  };
}

const STORE_RETRY_AFTER_SECONDS = 5;

export interface AppOptions {
  readonly logger: FastifyServerOptions['logger'];
  /**
   * The proxies in front of us (TRUST_PROXY): the client address is the last X-Forwarded-For entry they did
   * not add, and https comes from X-Forwarded-Proto. Default: none, the socket's peer is the client.
   */
  readonly trustProxy?: TrustProxy;
}

/** Fastify's trust function: a hop count believes the first hops, whoever they are (its own numeric form fails closed). */
function trustFunction(trust: TrustProxy | undefined): FastifyServerOptions['trustProxy'] {
  if (!trust) return false;
  if ('addresses' in trust) return [...trust.addresses];
  const { hops } = trust;
  return hops > 0 ? (_address: string, hop: number) => hop < hops : false;
}

export async function buildApp(context: ServerContext, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger,
    bodyLimit: 65_536,
    trustProxy: trustFunction(options.trustProxy),
  });
  addSecurityHeaders(app);

  registerRateLimits(app, context);

  app.setErrorHandler((error, request, reply) => {
    if (isAppError(error)) {
      const status = statusOf(error.code);
      // The answer has the code's fixed message; what actually happened is kept here.
      if (status >= 500) request.log.error({ errorCode: error.code, err: { message: error.message } }, 'request failed');
      else request.log.info({ errorCode: error.code, err: { message: error.message } }, 'request refused');
      return reply.code(status).send(errorBody(error));
    }
    if (error instanceof StoreUnavailableError) {
      // The database is down or restarting: a fast, typed 503 the client may retry; the store reconnects by itself.
      request.log.warn({ errorCode: 'BACKEND_UNAVAILABLE', err: { message: error.message } }, 'database unavailable');
      return reply.code(503).header('retry-after', String(STORE_RETRY_AFTER_SECONDS))
        .send(errorBody(new AppError('BACKEND_UNAVAILABLE', 'the service is briefly unavailable: try again in a moment', { retryAfterSeconds: STORE_RETRY_AFTER_SECONDS })));
    }
    const statusCode = (error as { statusCode?: number }).statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      // Fastify's own refusals: unparsable JSON, body too large, wrong content type.
      const appError = new AppError('INVALID_ARGUMENT', (error as Error).message);
      request.log.info({ errorCode: appError.code, err: { message: appError.message } }, 'request refused');
      return reply.code(statusCode).send(errorBody(appError));
    }
    request.log.error({ err: { name: (error as Error).name, message: (error as Error).message, stack: (error as Error).stack } }, 'unexpected error');
    return reply.code(500).send(errorBody(new AppError('INTERNAL', 'internal error')));
  });

  app.setNotFoundHandler((_request, reply) => reply.code(404).send(errorBody(new AppError('INVALID_ARGUMENT', 'no such route'))));

  app.get('/health', async () => ({ status: 'ok' as const, time: new Date(context.clock.now()).toISOString() }));
  registerEidLogin(app, context);
  registerOnboarding(app, context);
  registerHandoff(app, context);
  registerLogin(app, context);
  if (context.itsme) registerItsme(app, context, context.itsme);
  if (context.settings.dev) registerDev(app, context);
  return app;
}
