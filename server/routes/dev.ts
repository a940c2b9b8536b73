// Development-only routes (registered only with --dev): the code outbox and the adjustable clock.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../src/contract/errors.ts';
import type { ServerContext } from '../context.ts';
import { readOutbox } from '../outbox-sender.ts';

const clockBody = z.object({ advanceMs: z.number().int().min(0).max(365 * 24 * 3600_000) });

export function registerDev(app: FastifyInstance, context: ServerContext): void {
  app.get('/dev/outbox', async () => ({ messages: context.settings.outboxPath ? await readOutbox(context.settings.outboxPath) : [] }));

  app.post('/dev/clock', async (request) => {
    const body = clockBody.safeParse(request.body);
    if (!body.success || !context.advanceClock) throw new AppError('INVALID_ARGUMENT', 'expected { advanceMs }');
    context.advanceClock(body.data.advanceMs);
    return { time: new Date(context.clock.now()).toISOString() };
  });
}
