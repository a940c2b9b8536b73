// The card process's small typed RPC. The parent (the companion's side) sends calls of the card
// service's operations table (src/card-service/operations.ts); the worker answers each with a result or
// an AppError and pushes reader / PIN pad events. Byte arrays travel
// as Uint8Array (structured clone: `serialization: 'advanced'` for fork, postMessage for Electron's
// utilityProcess). Both sides parse what they receive.
import { z } from 'zod';
import { appErrorSchema, readerOverviewSchema } from '../../src/contract/index.ts';
import { CARD_OPERATIONS } from '../../src/card-service/index.ts';

/** How the worker reaches cards: the machine's PC/SC service, or an in-process virtual card (demo). */
export const workerConfigSchema = z.strictObject({
  pcsc: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('native') }),
    z.strictObject({
      kind: z.literal('virtual'),
      profile: z.enum(['1.7', '1.8']),
      pin: z.string().regex(/^\d{4,12}$/).optional(),
      /** Same seed, same test PKI: the demo backend trusts the CA made from it. */
      seed: z.string().max(100).optional(),
    }),
  ]),
  /** The app's trust anchors folder (installed: process.resourcesPath/trust-anchors), for the diagnosis. */
  trustAnchorDirectory: z.string().min(1).max(4096).optional(),
});
export type WorkerConfig = z.infer<typeof workerConfigSchema>;

const reader = z.string().min(1).max(200);
const operationName = z.enum(CARD_OPERATIONS);
const id = z.number().int().min(0);

export const parentMessageSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('init'), config: workerConfigSchema }),
  z.strictObject({ kind: z.literal('call'), id, op: operationName, args: z.unknown() }),
  z.strictObject({ kind: z.literal('cancel') }),
]);
export type ParentMessage = z.infer<typeof parentMessageSchema>;

export const workerMessageSchema = z.union([
  z.strictObject({ kind: z.literal('ready') }),
  z.strictObject({ kind: z.literal('result'), id, ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ kind: z.literal('result'), id, ok: z.literal(false), error: appErrorSchema }),
  z.strictObject({ kind: z.literal('readers'), overview: readerOverviewSchema }),
  z.strictObject({ kind: z.literal('pin-pad'), reader, timeoutSeconds: z.number().int().min(1).max(120) }),
  z.strictObject({ kind: z.literal('diagnosis-progress'), step: z.number().int().min(0), total: z.number().int().min(1), probe: z.string().max(200) }),
]);
export type WorkerMessage = z.infer<typeof workerMessageSchema>;

/** One running worker, whatever started it (child_process.fork or Electron's utilityProcess). */
export interface WorkerHandle {
  readonly pid: number | undefined;
  send(message: ParentMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the process ends, for whatever reason. */
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}
export type SpawnWorker = () => WorkerHandle;
