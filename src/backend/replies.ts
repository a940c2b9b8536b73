// What the MyVivium backend answers, as zod schemas: a reply that does not match is a
// BACKEND_INVALID_RESPONSE, never a half-read object.
import { z } from 'zod';
import { accountSchema } from '../contract/bridge.ts';
import { errorCodeSchema } from '../contract/errors.ts';

export const challengeReply = z.object({
  nonce: z.string().min(1).max(256),
  origin: z.string().min(1).max(255),
  expiresAt: z.string().max(40),
});
export type ChallengeReply = z.infer<typeof challengeReply>;

export const accountReply = z.object({ account: accountSchema });
export type AccountReply = z.infer<typeof accountReply>;

export const codeSentReply = z.object({
  expiresAt: z.string().max(40),
  /** When a new code may be asked for (ISO time). */
  resendAfter: z.string().max(40).optional(),
});

export const handoffReply = z.object({ url: z.url().max(2048), expiresAt: z.string().max(40) });

export const itsmeStartReply = z.object({ authorizeUrl: z.url().max(4096), pollId: z.string().min(1).max(128) });

/** The poll never carries an account or a session: an itsme login ends with the app's exchange (accountReply). */
export const itsmeStatusReply = z.object({
  state: z.enum(['pending', 'failed']),
  error: z.object({ code: z.string().max(64), message: z.string().max(2000).optional() }).optional(),
});

/** The one shape of every error answer: { error: { code, message, details? } }. */
export const errorReply = z.object({
  error: z.object({
    code: z.string().max(64),
    message: z.string().max(2000).optional(),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  }),
});

export { errorCodeSchema };
