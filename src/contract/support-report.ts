// A diagnosis report handed to the helpdesk: what the app posts (POST /api/support/reports) and the
// short code the backend answers, which the customer reads out on the phone. Shared by the app, the
// CLI and the backend. Browser-safe: zod only.
import { z } from 'zod';
import { diagnosisReportSchema } from './diagnosis.ts';

/** Digits and capitals without the look-alikes 0/O and 1/I/L: 31 symbols, easy to say on the phone. */
export const SUPPORT_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const SUPPORT_CODE_LENGTH = 6;
export const supportCodeSchema = z.string().regex(/^[2-9A-HJKMNP-Z]{6}$/);

/** Reports (and their codes) are deleted this long after they were sent. */
export const SUPPORT_REPORT_TTL_MS = 30 * 24 * 3600_000;
/** The largest request body the backend accepts for one report. */
export const SUPPORT_REPORT_MAX_BYTES = 64 * 1024;

/** Links the reports of one computer: random, made at the app's first start, nothing personal in it. */
export const installationIdSchema = z.uuid();

export const supportReportRequestSchema = z.strictObject({
  installationId: installationIdSchema,
  /** The customer ticked "include my personal data": without it, the backend refuses any personal data. */
  consent: z.boolean(),
  report: diagnosisReportSchema,
});
export type SupportReportRequest = z.infer<typeof supportReportRequestSchema>;

export const supportReportReplySchema = z.strictObject({
  code: supportCodeSchema,
  expiresAt: z.string().max(40),
});
export type SupportReportReply = z.infer<typeof supportReportReplySchema>;

/** What a person types: spaces, dashes and lower case are forgiven; look-alikes are not guessed. */
export function normalizeSupportCode(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase();
}
