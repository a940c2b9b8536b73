// POST /api/support/reports: a customer's diagnosis report in, a six-character code out. The report must
// match the shared schema and fit in 64 KB; without the consent flag it must carry no personal data; each
// client may send a few per hour. The stored copy is the validated report, nothing else about the sender
// but the installation identifier (random, made by the app) that links one computer's reports.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../src/contract/errors.ts';
import { SUPPORT_REPORT_MAX_BYTES, SUPPORT_REPORT_TTL_MS, supportReportRequestSchema, type SupportReportReply } from '../../src/contract/support-report.ts';
import { rateLimit, type ServerContext } from '../context.ts';
import { findPersonalData } from './personal-data.ts';
import { newSupportCode } from './support-code.ts';

/** Sends per client (IP address) and hour, before the rate-limit multiplier. */
export const SENDS_PER_HOUR = 10;
/** A fresh code that collides with a live one is drawn again; 31^6 codes make a second collision unheard of. */
const CODE_DRAWS = 5;

export function registerSupportReports(app: FastifyInstance, context: ServerContext): void {
  app.post(
    '/api/support/reports',
    {
      bodyLimit: SUPPORT_REPORT_MAX_BYTES,
      config: { ...perHour(context, SENDS_PER_HOUR), tooLargeCode: 'REPORT_TOO_LARGE' },
    },
    async (request, reply): Promise<SupportReportReply> => {
      const parsed = supportReportRequestSchema.safeParse(request.body);
      if (!parsed.success) {
        const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(body)').join(', ');
        throw new AppError('REPORT_INVALID', 'the report does not match the diagnosis report schema', { fields: fields.slice(0, 200) });
      }
      const { installationId, consent, report } = parsed.data;
      const found = consent ? null : findPersonalData(report);
      if (found) throw new AppError('PERSONAL_DATA_NOT_CONSENTED', 'the report carries personal data but the customer did not consent', { found });

      const now = context.clock.now();
      const expiresAt = now + SUPPORT_REPORT_TTL_MS;
      for (let draw = 0; draw < CODE_DRAWS; draw++) {
        const code = newSupportCode();
        const stored = await context.store.putSupportReport({
          codeHash: context.hash('support-code', code),
          installationId,
          report: JSON.stringify(report),
          personalData: report.personalDataIncluded,
          createdAt: now,
          expiresAt,
        });
        if (stored === 'stored') {
          reply.code(201);
          return { code, expiresAt: new Date(expiresAt).toISOString() };
        }
      }
      throw new AppError('INTERNAL', 'no free support code after several draws');
    },
  );
}

function perHour(context: ServerContext, perHourMax: number) {
  const limit = rateLimit(context, perHourMax).rateLimit;
  return { rateLimit: { ...limit, timeWindow: 3600_000 } };
}
