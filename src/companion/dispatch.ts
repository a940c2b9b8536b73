// The one entry point the hosts (Electron IPC, the web host's WebSocket) use: validate the call,
// run the companion's handler, check the result against the contract, and always answer a
// BridgeResponse — a typed error, never a thrown exception.
import { methods, parseCall, type BridgeResponse, type MethodName } from '../contract/bridge.ts';
import { AppError, isAppError } from '../contract/errors.ts';
import type { Companion, CompanionLog } from './companion.ts';

export type Dispatch = (method: unknown, args: unknown) => Promise<BridgeResponse<MethodName>>;

export function createDispatch(companion: Companion, log?: CompanionLog): Dispatch {
  return async (method, args) => {
    const parsed = parseCall(method, args);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    const { call } = parsed;
    try {
      const handler = companion.handlers[call.method] as (args: unknown) => Promise<unknown>;
      const result = await handler(call.args);
      const checked = methods[call.method].result.safeParse(result);
      if (!checked.success) {
        log?.warn('handler result breaks the contract', { method: call.method });
        return { ok: false, error: new AppError('INTERNAL', `${call.method} produced an invalid result`).toJSON() };
      }
      return { ok: true, result: checked.data } as BridgeResponse<MethodName>;
    } catch (error) {
      if (isAppError(error)) return { ok: false, error: error.toJSON() };
      log?.warn('handler failed', { method: call.method, error: error instanceof Error ? error.message : String(error) });
      return { ok: false, error: new AppError('INTERNAL', 'unexpected failure').toJSON() };
    }
  };
}
