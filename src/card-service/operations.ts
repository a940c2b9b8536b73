// Every operation of the card service, once: its name, the zod schema of its arguments and of its
// result, and what the process boundary must know about it. The worker dispatches from this table,
// its client is typed and checks answers from it, and the companion's CardPort is derived from it,
// so a new card method is one entry here and one method on CardService (ARCHITECTURE.md).
import { z } from 'zod';
import { cardSummarySchema, languageSchema, readerOverviewSchema } from '../contract/bridge.ts';
import { diagnosisReportSchema } from '../contract/diagnosis.ts';
import { TOKEN_HASHES } from '../auth/token-format.ts';
import { AppError } from '../contract/errors.ts';

const bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'bytes expected');
const reader = z.string().min(1).max(200);
export const pinEntrySchema = z.union([
  z.strictObject({ kind: z.literal('digits'), pin: bytes }),
  z.strictObject({ kind: z.literal('pin-pad'), language: languageSchema }),
]);
const pinStatus = z.strictObject({ triesLeft: z.number().int().min(0).max(15).nullable(), blocked: z.boolean() });

interface OperationEntry {
  readonly args: z.ZodType;
  readonly result: z.ZodType;
  /** Waits on the user (a PIN pad) or many probes: the watchdog gives it the long limit. */
  readonly long?: (args: never) => boolean;
  /** Bytes the caller's side wipes once the call is sent (PINs). */
  readonly secrets?: (args: never) => Uint8Array[];
}

const entry = <A extends z.ZodType, R extends z.ZodType>(
  operation: { args: A; result: R; long?: (args: z.infer<A>) => boolean; secrets?: (args: z.infer<A>) => Uint8Array[] },
) => operation satisfies OperationEntry;

export const cardOperations = {
  overview: entry({ args: z.strictObject({}), result: readerOverviewSchema }),
  summary: entry({ args: z.strictObject({ reader }), result: cardSummarySchema }),
  /** DER of the authentication certificate (no PIN needed). */
  authCertificate: entry({ args: z.strictObject({ reader }), result: bytes }),
  pinStatus: entry({ args: z.strictObject({ reader }), result: pinStatus }),
  /** Verifies the PIN and signs `digest` (a bare hash) with the authentication key in one transaction. */
  authenticate: entry({
    args: z.strictObject({ reader, pin: pinEntrySchema, digest: bytes, hash: z.enum(TOKEN_HASHES) }),
    result: bytes,
    long: (args) => args.pin.kind === 'pin-pad',
    secrets: (args) => (args.pin.kind === 'digits' ? [args.pin.pin] : []),
  }),
  /** The last signature in `reader` did not verify with its certificate: forget the certificate cached for that card. */
  forgetCertificate: entry({ args: z.strictObject({ reader }), result: z.null() }),
  changePin: entry({
    args: z.strictObject({ reader, current: bytes, next: bytes }),
    result: z.null(),
    secrets: (args) => [args.current, args.next],
  }),
  /** The helpdesk diagnosis runs next to the card because it talks to PC/SC; progress comes as events. */
  diagnose: entry({
    args: z.strictObject({ language: languageSchema, includePersonalData: z.boolean(), backendUrl: z.string().max(2048).nullable() }),
    result: diagnosisReportSchema,
    long: () => true,
  }),
};

export type CardOperation = keyof typeof cardOperations;
export type CardOperationArgs<O extends CardOperation> = z.infer<(typeof cardOperations)[O]['args']>;
export type CardOperationResult<O extends CardOperation> = z.infer<(typeof cardOperations)[O]['result']>;
export const CARD_OPERATIONS = Object.keys(cardOperations) as [CardOperation, ...CardOperation[]];

/** The card service as its callers see it: one method per operation, taking the operation's arguments. */
export type CardOperations = { [O in CardOperation]: (args: CardOperationArgs<O>) => Promise<CardOperationResult<O>> };

/** Whether `op` waits on the user or many probes (the longer watchdog limit). */
export function isLongOperation<O extends CardOperation>(op: O, args: CardOperationArgs<O>): boolean {
  const long = (cardOperations[op] as OperationEntry).long as ((args: CardOperationArgs<O>) => boolean) | undefined;
  return long?.(args) ?? false;
}

/** The PINs among `op`'s arguments, for the sender to wipe. */
export function secretsOf<O extends CardOperation>(op: O, args: CardOperationArgs<O>): Uint8Array[] {
  const secrets = (cardOperations[op] as OperationEntry).secrets as ((args: CardOperationArgs<O>) => Uint8Array[]) | undefined;
  return secrets?.(args) ?? [];
}

/** Runs `op` on `service` after checking its arguments: the worker's whole dispatch. */
export function dispatchCardOperation(service: CardOperations, op: CardOperation, args: unknown): Promise<unknown> {
  const parsed = cardOperations[op].args.safeParse(args);
  if (!parsed.success) return Promise.reject(new AppError('INVALID_ARGUMENT', `invalid arguments for ${op}`));
  return (service[op] as (args: unknown) => Promise<unknown>)(parsed.data);
}
