// The bridge reaches components through context (no module singleton), so tests pass a fake one.
import { createContext, useContext } from 'react';
import { AppError } from '../../src/contract/errors.ts';
import type { EidBridge, MethodArgs, MethodName, MethodResult } from '../../src/contract/bridge.ts';

export const BridgeContext = createContext<EidBridge | null>(null);

export function useBridge(): EidBridge {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('useBridge outside <BridgeContext>');
  return bridge;
}

/** Calls a bridge method and returns its result; a failure becomes an AppError with the contract's code. */
export async function invoke<M extends MethodName>(bridge: EidBridge, method: M, args: MethodArgs<M>): Promise<MethodResult<M>> {
  let response;
  try {
    response = await bridge.call(method, args);
  } catch (error) {
    // The transport itself broke (web host gone, IPC closed): the companion is out of reach.
    throw new AppError('INTERNAL', error instanceof Error ? error.message : 'bridge call failed');
  }
  if (response.ok) return response.result;
  throw new AppError(response.error.code, response.error.message, response.error.details);
}

export function asAppError(error: unknown): AppError {
  return error instanceof AppError ? error : new AppError('INTERNAL', error instanceof Error ? error.message : String(error));
}
