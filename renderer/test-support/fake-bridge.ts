// A bridge for component tests, typed from the contract: each method answers through a handler the
// test sets (or fails with a contract error), and the test pushes events as the companion would.
import { AppError, type ErrorCode } from '../../src/contract/errors.ts';
import type { BridgeResponse, EidBridge, EventName, EventPayload, MethodArgs, MethodName, MethodResult } from '../../src/contract/bridge.ts';

type Handler<M extends MethodName> = (args: MethodArgs<M>) => MethodResult<M> | Promise<MethodResult<M>>;
type Handlers = { [M in MethodName]?: Handler<M> };

export interface RecordedCall {
  method: MethodName;
  args: unknown;
}

export class FakeBridge implements EidBridge {
  readonly calls: RecordedCall[] = [];
  private readonly handlers: Handlers = {};
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();

  handle<M extends MethodName>(method: M, handler: Handler<M>): this {
    (this.handlers as Record<string, unknown>)[method] = handler;
    return this;
  }

  /** The method fails with this contract error. */
  fail(method: MethodName, code: ErrorCode, details?: Record<string, string | number | boolean | null>): this {
    (this.handlers as Record<string, unknown>)[method] = () => {
      throw new AppError(code, code, details);
    };
    return this;
  }

  async call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<BridgeResponse<M>> {
    this.calls.push({ method, args });
    const handler = this.handlers[method] as Handler<M> | undefined;
    if (!handler) return { ok: false, error: { code: 'INTERNAL', message: `${method} is not faked in this test` } };
    try {
      return { ok: true, result: await handler(args) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toJSON() };
      throw error;
    }
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as (payload: never) => void);
    this.listeners.set(event, set);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (payload: EventPayload<E>) => void)(payload);
  }

  callsTo(method: MethodName): unknown[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }
}
