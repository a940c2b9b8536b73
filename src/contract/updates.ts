// What the user sees of updates: one status, sent by the main process as the bridge's `update` event and
// rendered with the `updates` i18n namespace (updates:status.<state>, updates:disabled.<reason>,
// updates:failed.<problem>). Part of the contract; the update policy in src/updates builds on it.
import { z } from 'zod';

export const UPDATE_DISABLED_REASONS = [
  'development',
  'disabled-by-administrator',
  'no-feed',
  'insecure-feed',
  'package-managed',
  'not-installed',
  'unsigned',
  'unsupported-platform',
] as const;
export type UpdateDisabledReason = (typeof UPDATE_DISABLED_REASONS)[number];

export const UPDATE_PROBLEMS = ['network', 'signature', 'other'] as const;
export type UpdateProblem = (typeof UPDATE_PROBLEMS)[number];

/** Versions come from the feed: only a plain semantic version is shown, anything else is refused. */
export const updateVersionSchema = z.string().max(64).regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/);

export const updateStatusSchema = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('disabled'), reason: z.enum(UPDATE_DISABLED_REASONS) }),
  z.strictObject({ state: z.literal('idle') }),
  z.strictObject({ state: z.literal('checking') }),
  z.strictObject({ state: z.literal('up-to-date'), checkedAt: z.iso.datetime() }),
  z.strictObject({ state: z.literal('downloading'), version: updateVersionSchema, percent: z.number().min(0).max(100) }),
  /** Downloaded and verified: "Restart to update" (also installed when the app quits). */
  z.strictObject({ state: z.literal('ready'), version: updateVersionSchema }),
  /** The user asked to restart while busy with the card: it happens as soon as they are done. */
  z.strictObject({ state: z.literal('install-pending'), version: updateVersionSchema }),
  z.strictObject({ state: z.literal('failed'), problem: z.enum(UPDATE_PROBLEMS) }),
]);
export type UpdateStatus = z.infer<typeof updateStatusSchema>;
