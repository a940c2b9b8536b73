// What the app's poll sees of an itsme flow, from its stored row (shared by both stores).
import type { ItsmeFlow, ItsmeFlowStatus } from '../store.ts';

export function itsmeStatus(status: string, customerId: number | null, errorCode: string | null, expiresAt: number, now: number): ItsmeFlowStatus {
  if (status === 'failed') return { status: 'failed', errorCode: errorCode ?? 'ITSME_PROVIDER_ERROR' };
  // A result already handed out is never handed out again.
  if (status === 'collected') return { status: 'failed', errorCode: 'SESSION_INVALID' };
  if (now >= expiresAt) return { status: 'expired' };
  if (status === 'done' && customerId !== null) return { status: 'done', customerId };
  return { status: 'pending' };
}

export interface ItsmeFlowRow { state_hash: string; poll_id_hash: string; session_id_hash: string; nonce: string; code_verifier: string; expires_at: number | string }

/** A stored row as a flow (SQLite and PostgreSQL return the same columns). */
export function toItsmeFlow(row: ItsmeFlowRow): ItsmeFlow {
  return { stateHash: row.state_hash, pollIdHash: row.poll_id_hash, sessionIdHash: row.session_id_hash, nonce: row.nonce, codeVerifier: row.code_verifier, expiresAt: Number(row.expires_at) };
}

