// How bridge calls and events travel: over Electron IPC (two channels) and over the web host's
// WebSocket (one JSON message per frame). Both ends parse what they receive with these schemas;
// the method's own arguments are then validated against the method table (bridge.ts).
// Browser-safe: zod only.
import { z } from 'zod';
import { appErrorSchema } from './errors.ts';

/** Electron IPC channel names: one invoke channel for calls, one push channel for events. */
export const IPC_CHANNELS = { call: 'eid:call', event: 'eid:event' } as const;

/** The web host's WebSocket path and the query parameter that carries the per-run token. */
export const WEB_BRIDGE_PATH = '/bridge';
export const WEB_TOKEN_PARAM = 'token';

/** A frame larger than this is refused before parsing (the largest argument, diagnosis.save, is 200 kB). */
export const MAX_FRAME_BYTES = 256 * 1024;

const callId = z.number().int().min(0).max(2 ** 31 - 1);
const methodNameText = z.string().min(1).max(64);

/** Renderer → companion. `args` is validated later against the method's own schema. */
export const callMessageSchema = z.strictObject({
  type: z.literal('call'),
  id: callId,
  method: methodNameText,
  args: z.unknown(),
});
export type CallMessage = z.infer<typeof callMessageSchema>;

/**
 * `eid-companion open URL` → the web host: a myvivium-eid: link, answered like a call (`result` with the
 * same id). The link is parsed by the companion (app-link.ts), like one from the OS.
 */
export const openLinkMessageSchema = z.strictObject({
  type: z.literal('open-link'),
  id: callId,
  link: z.string().max(4096),
});

/** Everything a client may send over the web host's socket. */
export const clientMessageSchema = z.discriminatedUnion('type', [callMessageSchema, openLinkMessageSchema]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export const bridgeResponseSchema = z.union([
  z.strictObject({ ok: z.literal(true), result: z.unknown() }),
  z.strictObject({ ok: z.literal(false), error: appErrorSchema }),
]);

/** Companion → renderer: the answer to one call, or an event. */
export const serverMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('result'), id: callId, response: bridgeResponseSchema }),
  z.strictObject({ type: z.literal('event'), event: methodNameText, payload: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

/** Parses one text frame; null when it is not JSON or not a message of this schema. */
export function parseFrame<T>(schema: z.ZodType<T>, text: string): T | null {
  if (text.length > MAX_FRAME_BYTES) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
