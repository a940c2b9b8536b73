// What the app's poll sees of an itsme flow, from its stored row (shared by both stores).
import type { ItsmeFlow, ItsmeFlowStatus } from '../store.ts';

export function itsmeStatus(status: string, errorCode: string | null, expiresAt: number, now: number): ItsmeFlowStatus {
  if (status === 'failed') return { status: 'failed', errorCode: errorCode ?? 'ITSME_PROVIDER_ERROR' };
  // A result already exchanged is never handed out again.
  if (status === 'collected') return { status: 'failed', errorCode: 'SESSION_INVALID' };
  if (now >= expiresAt) return { status: 'expired' };
  if (status === 'done') return { status: 'returned' };
  return { status: 'pending' };
}

export interface ItsmeFlowRow { state_hash: string; poll_id_hash: string; session_id_hash: string; nonce: string; code_verifier: string; expires_at: number | string; app_secret_hash: string }

/** A stored row as a flow (SQLite and PostgreSQL return the same columns). */
export function toItsmeFlow(row: ItsmeFlowRow): ItsmeFlow {
  return {
    stateHash: row.state_hash,
    pollIdHash: row.poll_id_hash,
    sessionIdHash: row.session_id_hash,
    nonce: row.nonce,
    codeVerifier: row.code_verifier,
    expiresAt: Number(row.expires_at),
    appSecretHash: row.app_secret_hash,
  };
}

/** The columns a flow is read back with, in both stores. */
export const ITSME_FLOW_COLUMNS = 'state_hash, poll_id_hash, session_id_hash, nonce, code_verifier, expires_at, app_secret_hash';

