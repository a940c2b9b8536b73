// The backend's storage, one interface with two implementations: SQLite (embedded, the default) and
// PostgreSQL (several instances behind a load balancer). Every operation that must be atomic (taking a
// challenge, checking a code, using a handoff link) is one method here, so each implementation can make
// it a single statement or transaction and no caller can split it into a racy read-then-write.

export type Channel = 'email' | 'phone';

export interface Customer {
  readonly id: number;
  readonly displayName: string;
  readonly email: string | null;
  readonly phone: string | null;
}

export interface SeedCustomer {
  /** Keyed hash of the national number (never the number itself). */
  readonly nationalNumberHash: string;
  readonly displayName: string;
  readonly email?: string;
  readonly phone?: string;
}

export interface Session {
  readonly idHash: string;
  readonly customerId: number | null;
  readonly expiresAt: number;
}

export interface PendingCode {
  readonly target: string;
  readonly codeHash: string;
  readonly expiresAt: number;
  readonly attemptsLeft: number;
  readonly sentAt: number;
}

export interface ItsmeFlow {
  readonly stateHash: string;
  readonly pollIdHash: string;
  readonly sessionIdHash: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly expiresAt: number;
  /** SHA-256 of the secret the app made at start (base64url): only that app can exchange the result. */
  readonly appSecretHash: string;
}

/** What the app's poll learns of a flow: never a session (a finished login waits for the app's exchange). */
export type ItsmeFlowStatus =
  | { readonly status: 'pending' }
  /** itsme said yes and the callback page handed the one-time result to the browser: the app must exchange it. */
  | { readonly status: 'returned' }
  | { readonly status: 'failed'; readonly errorCode: string }
  | { readonly status: 'expired' };

/** Everything an exchange must match: the flow (poll id), the app's session, its secret, and the result the link brought. */
export interface ItsmeExchange {
  readonly pollIdHash: string;
  readonly sessionIdHash: string;
  readonly appSecretHash: string;
  readonly resultHash: string;
}

export type CodeCheck =
  | { readonly outcome: 'confirmed'; readonly target: string }
  | { readonly outcome: 'wrong'; readonly attemptsLeft: number }
  | { readonly outcome: 'exceeded' }
  | { readonly outcome: 'expired' }
  /** Too many wrong codes in the customer's window: no code is checked until `resetsAt`. */
  | { readonly outcome: 'locked'; readonly resetsAt: number };

/** A counter's state: events in its window (including the one just counted) and when the window ends. */
export interface Counter {
  readonly count: number;
  readonly resetsAt: number;
}

/** A cap on a counter: at most `max` events per window of `windowMs` under `key`. */
export interface CounterLimit {
  readonly key: string;
  readonly max: number;
  readonly windowMs: number;
}

/**
 * The database cannot be reached (stopped, restarting, connections cut). Routes answer it with 503 and
 * BACKEND_UNAVAILABLE; the store reconnects by itself on the next request.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

/** A diagnosis report sent to the helpdesk, found again by the keyed hash of its code. */
export interface SupportReport {
  readonly id: number;
  readonly installationId: string;
  /** The report as received (JSON text, validated against src/contract/diagnosis.ts before storing). */
  readonly report: string;
  readonly personalData: boolean;
  readonly createdAt: number;
  readonly expiresAt: number;
}

export interface NewSupportReport {
  readonly codeHash: string;
  readonly installationId: string;
  readonly report: string;
  readonly personalData: boolean;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** How long an expired report's code hash stays as an "expired" marker (and cannot be handed out again). */
export const SUPPORT_CODE_MARKER_MS = 30 * 24 * 3600_000;

export type SupportReportLookup = { readonly status: 'found'; readonly report: SupportReport } | { readonly status: 'expired' };

export interface HelpdeskView {
  readonly agent: string;
  readonly supportReportId: number;
  readonly reportId: string;
  readonly viewedAt: number;
}

export interface Store {
  /**
   * Applies the migrations the database lacks (server/migrations/NNN-*.sql), each once even when
   * several instances start together; returns the versions this call applied.
   */
  migrate(): Promise<number[]>;
  close(): Promise<void>;

  upsertCustomer(customer: SeedCustomer, now: number): Promise<void>;
  findCustomerByNationalNumberHash(hash: string): Promise<Customer | null>;
  getCustomer(id: number): Promise<Customer | null>;

  createSession(session: Session, now: number): Promise<void>;
  getSession(idHash: string, now: number): Promise<Session | null>;
  deleteSession(idHash: string): Promise<void>;
  /** Creates `session` and deletes `replacedIdHash` in one transaction (a new session id at login). */
  replaceSession(replacedIdHash: string, session: Session, now: number): Promise<void>;

  /** Replaces the session's challenge: a session holds at most one live nonce. */
  putChallenge(sessionIdHash: string, nonce: string, expiresAt: number): Promise<void>;
  /** Removes and returns the session's challenge in one step, so a nonce can be used once only. */
  takeChallenge(sessionIdHash: string): Promise<{ nonce: string; expiresAt: number } | null>;

  getPendingCode(customerId: number, channel: Channel): Promise<PendingCode | null>;
  putPendingCode(customerId: number, channel: Channel, code: PendingCode): Promise<void>;
  /**
   * Checks a code and applies the outcome in one transaction: a wrong code spends an attempt of the code and
   * counts under `wrongCodes` (the customer's wrong codes, whatever code or channel: a new code does not
   * reset it), the right one links the target to the customer (durably, before the call returns) and
   * removes the code. Once `wrongCodes.max` is reached no code is checked until the window ends.
   */
  confirmCode(customerId: number, channel: Channel, codeHash: string, now: number, wrongCodes: CounterLimit): Promise<CodeCheck | null>;
  /** Every confirmed target, oldest first: the audit trail, and what the crash test checks. */
  listConfirmations(customerId: number): Promise<{ channel: Channel; target: string; confirmedAt: number }[]>;

  putHandoff(tokenHash: string, customerId: number, expiresAt: number): Promise<void>;
  /** Removes the handoff in one step and returns its customer if it was still valid. */
  takeHandoff(tokenHash: string, now: number): Promise<number | null>;

  /** itsme: a started authorization, found again by its state (callback) or its poll id (the app). */
  putItsmeFlow(flow: ItsmeFlow): Promise<void>;
  /** Marks the flow's state as used and returns the flow, once: a replayed callback finds nothing. */
  takeItsmeFlowByState(stateHash: string, now: number): Promise<ItsmeFlow | null>;
  /** Success keeps the customer and the keyed hash of the one-time result the callback page hands to the app. */
  finishItsmeFlow(stateHash: string, outcome: { customerId: number; resultHash: string } | { errorCode: string }): Promise<void>;
  /** The flow as the session that started it sees it (read only). */
  itsmeFlowStatus(pollIdHash: string, sessionIdHash: string, now: number): Promise<ItsmeFlowStatus | null>;
  /** The finished flow's customer, once (then `collected`), when everything in `exchange` matches; else null and nothing changes. */
  exchangeItsmeResult(exchange: ItsmeExchange, now: number): Promise<number | null>;

  /** Stores a report under its code's hash; `code-taken` when that code is still in use (pick another). */
  putSupportReport(entry: NewSupportReport): Promise<'stored' | 'code-taken'>;
  /**
   * The report behind a code. Past its expiry the report is deleted there and then (the code's hash stays
   * as a marker until it is purged, so the helpdesk hears "expired" rather than "unknown").
   */
  findSupportReport(codeHash: string, now: number): Promise<SupportReportLookup | null>;
  /** The installation's reports that have not expired, newest first. */
  listSupportReports(installationId: string, now: number, limit: number): Promise<SupportReport[]>;
  /** The audit trail of the helpdesk page: who viewed which report when. */
  recordHelpdeskView(view: HelpdeskView): Promise<void>;
  listHelpdeskViews(supportReportId: number): Promise<HelpdeskView[]>;

  /**
   * Counts one event under `key`, in one statement so instances sharing the database share the count. A
   * window starts at the key's first event and lasts `windowMs`; the next event after it starts a new one.
   */
  countEvent(key: string, windowMs: number, now: number): Promise<Counter>;
  /** The key's count in its current window, without counting. */
  peekCount(key: string, now: number): Promise<Counter>;

  /** Drops expired sessions, challenges, handoffs and counters; deletes expired support reports (their code markers a period later). */
  purgeExpired(now: number): Promise<void>;
}

/** What a code check does to the pending code, decided from its row (shared by both stores). */
export type CodeDecision =
  | { readonly check: CodeCheck; readonly action: 'none' }
  | { readonly check: CodeCheck; readonly action: 'spend' }
  | { readonly check: CodeCheck; readonly action: 'confirm' };

/**
 * `wrong` is the customer's wrong-code counter before this check and `maxWrong` its cap. A spent attempt
 * also counts there; the attempts left are the fewer of the code's and the window's.
 */
export function decideCode(pending: PendingCode, codeHash: string, now: number, equal: (a: string, b: string) => boolean, wrong: Counter, maxWrong: number): CodeDecision {
  if (wrong.count >= maxWrong) return { check: { outcome: 'locked', resetsAt: wrong.resetsAt }, action: 'none' };
  if (pending.attemptsLeft <= 0) return { check: { outcome: 'exceeded' }, action: 'none' };
  if (now >= pending.expiresAt) return { check: { outcome: 'expired' }, action: 'none' };
  if (equal(pending.codeHash, codeHash)) return { check: { outcome: 'confirmed', target: pending.target }, action: 'confirm' };
  const wrongLeft = maxWrong - wrong.count - 1;
  if (wrongLeft === 0) return { check: { outcome: 'locked', resetsAt: wrong.resetsAt }, action: 'spend' };
  const attemptsLeft = Math.min(pending.attemptsLeft - 1, wrongLeft);
  return attemptsLeft === 0
    ? { check: { outcome: 'exceeded' }, action: 'spend' }
    : { check: { outcome: 'wrong', attemptsLeft }, action: 'spend' };
}

/**
 * Both stores' counter statement (only the parameter syntax differs): counts `increment` (0 only opens
 * the window and locks the row) under the key, keeping the window while it lasts and starting a new one,
 * ending at `windowEnd`, after it. One upsert, so concurrent requests on any instance count exactly.
 */
export const COUNTER_UPSERT = (placeholders: { key: string; windowEnd: string; now: string }, increment: 0 | 1) => `
  INSERT INTO counters (key, count, resets_at) VALUES (${placeholders.key}, ${increment}, ${placeholders.windowEnd})
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN counters.resets_at > ${placeholders.now} THEN counters.count + ${increment} ELSE ${increment} END,
    resets_at = CASE WHEN counters.resets_at > ${placeholders.now} THEN counters.resets_at ELSE excluded.resets_at END
  RETURNING count, resets_at`;
