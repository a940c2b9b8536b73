// PostgreSQL implementation of the Store, for several backend instances sharing one database
// (DATABASE_URL=postgres://…). Same tables and semantics as the SQLite store; atomic steps are single
// statements (DELETE … RETURNING, an upsert) or a transaction holding row locks. When the database
// cannot be reached every method fails fast with StoreUnavailableError (the routes answer 503), and the
// pool opens new connections by itself once it is back.
import pg from 'pg';
import { timingSafeEqualText } from './keyed-hash.ts';
import { ITSME_FLOW_COLUMNS, itsmeStatus, toItsmeFlow, type ItsmeFlowRow } from './itsme/flow-status.ts';
import { loadMigrations, MIGRATIONS_TABLE } from './migrations.ts';
import {
  COUNTER_UPSERT, decideCode, StoreUnavailableError, SUPPORT_CODE_MARKER_MS,
  type Channel, type CodeCheck, type Counter, type CounterLimit, type Customer, type HelpdeskView, type ItsmeExchange, type ItsmeFlow, type ItsmeFlowStatus, type NewSupportReport, type PendingCode, type SeedCustomer, type Session, type Store, type SupportReport, type SupportReportLookup,
} from './store.ts';

/** Any number: the lock only has to be the same for every instance of this backend. */
const MIGRATION_LOCK = 727001;
const COUNT_EVENT = COUNTER_UPSERT({ key: '$1', windowEnd: '$2', now: '$3' }, 1);
const OPEN_COUNTER = COUNTER_UPSERT({ key: '$1', windowEnd: '$2', now: '$3' }, 0);

// BIGINT columns come back as strings by default; ours are milliseconds and row ids, well within 2^53.
const int = (value: unknown): number => Number(value);

interface CustomerRow { id: string; display_name: string; email: string | null; phone: string | null }
interface CodeRow { target: string; code_hash: string; expires_at: string; attempts_left: number; sent_at: string }

export class PostgresStore implements Store {
  private readonly pool: pg.Pool;

  constructor(connectionString: string, onIdleError: (error: Error) => void = () => {}) {
    this.pool = new pg.Pool({
      connectionString,
      max: 10,
      // A stopped or unreachable server must fail a request in seconds, not hang it.
      connectionTimeoutMillis: 3_000,
      query_timeout: 10_000,
      statement_timeout: 10_000,
    });
    // An idle connection cut by the server (restart, failover) is dropped from the pool; without a
    // listener the pool's 'error' event would end the process.
    this.pool.on('error', onIdleError);
  }

  async migrate(): Promise<number[]> {
    const client = await this.connect();
    client.on('error', () => {}); // a cut connection fails the next statement, which throws here
    const applied: number[] = [];
    try {
      // A session lock: instances starting together wait here, then find the migrations applied.
      // Each migration is its own transaction, so a failing one leaves the earlier ones applied.
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await client.query(MIGRATIONS_TABLE);
      const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      for (const migration of loadMigrations('postgres')) {
        if (done.has(migration.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [migration.version, Date.now()]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`);
        }
        applied.push(migration.version);
      }
    } finally {
      // Closing the connection ends its session, which releases the lock however this went.
      client.release(true);
    }
    return applied;
  }

  private async query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(text, values);
    } catch (error) {
      return unavailable(error);
    }
  }

  private async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      return unavailable(error);
    }
  }

  /** Runs `work` in a transaction; a connection that broke on the way is discarded, not returned to the pool. */
  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.connect();
    let broken: Error | undefined;
    // A connection cut between two statements emits 'error' on the checked-out client (which would end
    // the process unheard); the next statement fails with it anyway, so that is where it is handled.
    const ignore = () => {};
    client.on('error', ignore);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      broken = error as Error;
      await client.query('ROLLBACK').catch(() => undefined);
      return unavailable(error);
    } finally {
      client.off('error', ignore);
      client.release(broken && isUnavailable(broken) ? broken : undefined);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async upsertCustomer(customer: SeedCustomer, now: number): Promise<void> {
    await this.query(
      `INSERT INTO customers (national_number_hash, display_name, email, phone, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (national_number_hash) DO UPDATE SET display_name = excluded.display_name, email = excluded.email, phone = excluded.phone`,
      [customer.nationalNumberHash, customer.displayName, customer.email ?? null, customer.phone ?? null, now],
    );
  }

  async findCustomerByNationalNumberHash(hash: string): Promise<Customer | null> {
    const { rows } = await this.query<CustomerRow>('SELECT id, display_name, email, phone FROM customers WHERE national_number_hash = $1', [hash]);
    return rows[0] ? toCustomer(rows[0]) : null;
  }

  async getCustomer(id: number): Promise<Customer | null> {
    const { rows } = await this.query<CustomerRow>('SELECT id, display_name, email, phone FROM customers WHERE id = $1', [id]);
    return rows[0] ? toCustomer(rows[0]) : null;
  }

  async createSession(session: Session, now: number): Promise<void> {
    await this.query('INSERT INTO sessions (id_hash, customer_id, expires_at, created_at) VALUES ($1, $2, $3, $4)', [session.idHash, session.customerId, session.expiresAt, now]);
  }

  async getSession(idHash: string, now: number): Promise<Session | null> {
    const { rows } = await this.query<{ id_hash: string; customer_id: string | null; expires_at: string }>(
      'SELECT id_hash, customer_id, expires_at FROM sessions WHERE id_hash = $1 AND expires_at > $2',
      [idHash, now],
    );
    const row = rows[0];
    return row ? { idHash: row.id_hash, customerId: row.customer_id === null ? null : int(row.customer_id), expiresAt: int(row.expires_at) } : null;
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  }

  async replaceSession(replacedIdHash: string, session: Session, now: number): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('DELETE FROM sessions WHERE id_hash = $1', [replacedIdHash]);
      await client.query('INSERT INTO sessions (id_hash, customer_id, expires_at, created_at) VALUES ($1, $2, $3, $4)', [session.idHash, session.customerId, session.expiresAt, now]);
    });
  }

  async putChallenge(sessionIdHash: string, nonce: string, expiresAt: number): Promise<void> {
    await this.query(
      'INSERT INTO challenges (session_id_hash, nonce, expires_at) VALUES ($1, $2, $3) ON CONFLICT (session_id_hash) DO UPDATE SET nonce = excluded.nonce, expires_at = excluded.expires_at',
      [sessionIdHash, nonce, expiresAt],
    );
  }

  async takeChallenge(sessionIdHash: string): Promise<{ nonce: string; expiresAt: number } | null> {
    const { rows } = await this.query<{ nonce: string; expires_at: string }>('DELETE FROM challenges WHERE session_id_hash = $1 RETURNING nonce, expires_at', [sessionIdHash]);
    return rows[0] ? { nonce: rows[0].nonce, expiresAt: int(rows[0].expires_at) } : null;
  }

  async getPendingCode(customerId: number, channel: Channel): Promise<PendingCode | null> {
    const { rows } = await this.query<CodeRow>('SELECT target, code_hash, expires_at, attempts_left, sent_at FROM pending_codes WHERE customer_id = $1 AND channel = $2', [customerId, channel]);
    return rows[0] ? toPendingCode(rows[0]) : null;
  }

  async putPendingCode(customerId: number, channel: Channel, code: PendingCode): Promise<void> {
    await this.query(
      `INSERT INTO pending_codes (customer_id, channel, target, code_hash, expires_at, attempts_left, sent_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (customer_id, channel) DO UPDATE SET target = excluded.target, code_hash = excluded.code_hash,
         expires_at = excluded.expires_at, attempts_left = excluded.attempts_left, sent_at = excluded.sent_at`,
      [customerId, channel, code.target, code.codeHash, code.expiresAt, code.attemptsLeft, code.sentAt],
    );
  }

  async confirmCode(customerId: number, channel: Channel, codeHash: string, now: number, wrongCodes: CounterLimit): Promise<CodeCheck | null> {
    return this.transaction(async (client) => {
      // The customer's wrong-code counter first, locked for the transaction: checks on both channels
      // queue behind it, so the cap holds exactly however many requests arrive at once.
      const counter = await client.query<CounterRow>(OPEN_COUNTER, [wrongCodes.key, now + wrongCodes.windowMs, now]);
      const { rows } = await client.query<CodeRow>(
        'SELECT target, code_hash, expires_at, attempts_left, sent_at FROM pending_codes WHERE customer_id = $1 AND channel = $2 FOR UPDATE',
        [customerId, channel],
      );
      const row = rows[0];
      if (!row) return null;
      const decision = decideCode(toPendingCode(row), codeHash, now, timingSafeEqualText, toCounter(counter.rows[0]!), wrongCodes.max);
      if (decision.action === 'spend') {
        await client.query('UPDATE pending_codes SET attempts_left = attempts_left - 1 WHERE customer_id = $1 AND channel = $2', [customerId, channel]);
        await client.query('UPDATE counters SET count = count + 1 WHERE key = $1', [wrongCodes.key]);
      } else if (decision.action === 'confirm') {
        const column = channel === 'email' ? 'email' : 'phone';
        await client.query(`UPDATE customers SET ${column} = $1 WHERE id = $2`, [row.target, customerId]);
        await client.query('INSERT INTO confirmations (customer_id, channel, target, confirmed_at) VALUES ($1, $2, $3, $4)', [customerId, channel, row.target, now]);
        await client.query('DELETE FROM pending_codes WHERE customer_id = $1 AND channel = $2', [customerId, channel]);
      }
      return decision.check;
    });
  }

  async listConfirmations(customerId: number): Promise<{ channel: Channel; target: string; confirmedAt: number }[]> {
    const { rows } = await this.query<{ channel: Channel; target: string; confirmed_at: string }>(
      'SELECT channel, target, confirmed_at FROM confirmations WHERE customer_id = $1 ORDER BY id',
      [customerId],
    );
    return rows.map((r) => ({ channel: r.channel, target: r.target, confirmedAt: int(r.confirmed_at) }));
  }

  async putHandoff(tokenHash: string, customerId: number, expiresAt: number): Promise<void> {
    await this.query('INSERT INTO handoffs (token_hash, customer_id, expires_at) VALUES ($1, $2, $3)', [tokenHash, customerId, expiresAt]);
  }

  async takeHandoff(tokenHash: string, now: number): Promise<number | null> {
    const { rows } = await this.query<{ customer_id: string; expires_at: string }>('DELETE FROM handoffs WHERE token_hash = $1 RETURNING customer_id, expires_at', [tokenHash]);
    const row = rows[0];
    return row && int(row.expires_at) > now ? int(row.customer_id) : null;
  }

  async putItsmeFlow(flow: ItsmeFlow): Promise<void> {
    await this.query('INSERT INTO itsme_flows (state_hash, poll_id_hash, session_id_hash, nonce, code_verifier, expires_at, app_secret_hash) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      flow.stateHash, flow.pollIdHash, flow.sessionIdHash, flow.nonce, flow.codeVerifier, flow.expiresAt, flow.appSecretHash,
    ]);
  }

  async takeItsmeFlowByState(stateHash: string, now: number): Promise<ItsmeFlow | null> {
    const { rows } = await this.query<ItsmeFlowRow>(
      `UPDATE itsme_flows SET state_used = 1 WHERE state_hash = $1 AND state_used = 0 AND expires_at > $2 RETURNING ${ITSME_FLOW_COLUMNS}`,
      [stateHash, now],
    );
    return rows[0] ? toItsmeFlow(rows[0]) : null;
  }

  async finishItsmeFlow(stateHash: string, outcome: { customerId: number; resultHash: string } | { errorCode: string }): Promise<void> {
    if ('customerId' in outcome) {
      await this.query("UPDATE itsme_flows SET status = 'done', customer_id = $1, result_hash = $2 WHERE state_hash = $3 AND status = 'pending'", [outcome.customerId, outcome.resultHash, stateHash]);
    } else {
      await this.query("UPDATE itsme_flows SET status = 'failed', error_code = $1 WHERE state_hash = $2 AND status = 'pending'", [outcome.errorCode, stateHash]);
    }
  }

  async itsmeFlowStatus(pollIdHash: string, sessionIdHash: string, now: number): Promise<ItsmeFlowStatus | null> {
    const { rows } = await this.query<{ status: string; error_code: string | null; expires_at: string }>(
      'SELECT status, error_code, expires_at FROM itsme_flows WHERE poll_id_hash = $1 AND session_id_hash = $2',
      [pollIdHash, sessionIdHash],
    );
    return rows[0] ? itsmeStatus(rows[0].status, rows[0].error_code, int(rows[0].expires_at), now) : null;
  }

  async exchangeItsmeResult(exchange: ItsmeExchange, now: number): Promise<number | null> {
    // One conditional UPDATE: of two exchanges racing, one gets the customer.
    const { rows } = await this.query<{ customer_id: string }>(
      "UPDATE itsme_flows SET status = 'collected' WHERE poll_id_hash = $1 AND session_id_hash = $2 AND app_secret_hash = $3 AND result_hash = $4 AND status = 'done' AND expires_at > $5 RETURNING customer_id",
      [exchange.pollIdHash, exchange.sessionIdHash, exchange.appSecretHash, exchange.resultHash, now],
    );
    return rows[0] ? int(rows[0].customer_id) : null;
  }

  async putSupportReport(entry: NewSupportReport): Promise<'stored' | 'code-taken'> {
    const { rowCount } = await this.query(
      `INSERT INTO support_reports (code_hash, installation_id, report, personal_data, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (code_hash) DO NOTHING`,
      [entry.codeHash, entry.installationId, entry.report, entry.personalData, entry.createdAt, entry.expiresAt],
    );
    return rowCount === 1 ? 'stored' : 'code-taken';
  }

  async findSupportReport(codeHash: string, now: number): Promise<SupportReportLookup | null> {
    // One statement: the row as it was, and an expired report's content deleted on the way.
    const { rows } = await this.query<SupportRow>(
      `WITH found AS (SELECT ${SUPPORT_COLUMNS} FROM support_reports WHERE code_hash = $1),
            forgotten AS (UPDATE support_reports SET ${FORGET_REPORT} WHERE code_hash = $1 AND expires_at <= $2 AND report IS NOT NULL)
       SELECT * FROM found`,
      [codeHash, now],
    );
    const row = rows[0];
    if (!row) return null;
    return row.report !== null && row.installation_id !== null && int(row.expires_at) > now ? { status: 'found', report: toSupportReport(row) } : { status: 'expired' };
  }

  async listSupportReports(installationId: string, now: number, limit: number): Promise<SupportReport[]> {
    const { rows } = await this.query<SupportRow>(
      `SELECT ${SUPPORT_COLUMNS} FROM support_reports WHERE installation_id = $1 AND expires_at > $2 ORDER BY created_at DESC, id DESC LIMIT $3`,
      [installationId, now, limit],
    );
    return rows.map(toSupportReport);
  }

  async recordHelpdeskView(view: HelpdeskView): Promise<void> {
    await this.query('INSERT INTO helpdesk_views (agent, support_report_id, report_id, viewed_at) VALUES ($1, $2, $3, $4)', [view.agent, view.supportReportId, view.reportId, view.viewedAt]);
  }

  async listHelpdeskViews(supportReportId: number): Promise<HelpdeskView[]> {
    const { rows } = await this.query<{ agent: string; support_report_id: string; report_id: string; viewed_at: string }>(
      'SELECT agent, support_report_id, report_id, viewed_at FROM helpdesk_views WHERE support_report_id = $1 ORDER BY id',
      [supportReportId],
    );
    return rows.map((r) => ({ agent: r.agent, supportReportId: int(r.support_report_id), reportId: r.report_id, viewedAt: int(r.viewed_at) }));
  }

  async countEvent(key: string, windowMs: number, now: number): Promise<Counter> {
    const { rows } = await this.query<CounterRow>(COUNT_EVENT, [key, now + windowMs, now]);
    return toCounter(rows[0]!);
  }

  async peekCount(key: string, now: number): Promise<Counter> {
    const { rows } = await this.query<CounterRow>('SELECT count, resets_at FROM counters WHERE key = $1 AND resets_at > $2', [key, now]);
    return rows[0] ? toCounter(rows[0]) : { count: 0, resetsAt: now };
  }

  async purgeExpired(now: number): Promise<void> {
    await this.query(`UPDATE support_reports SET ${FORGET_REPORT} WHERE expires_at <= $1 AND report IS NOT NULL`, [now]);
    await this.query('DELETE FROM support_reports WHERE expires_at <= $1', [now - SUPPORT_CODE_MARKER_MS]);
    await this.query('DELETE FROM counters WHERE resets_at <= $1', [now]);
    await this.query('DELETE FROM itsme_flows WHERE expires_at <= $1', [now - 3_600_000]);
    await this.query('DELETE FROM sessions WHERE expires_at <= $1', [now]);
    await this.query('DELETE FROM challenges WHERE expires_at <= $1', [now]);
    await this.query('DELETE FROM handoffs WHERE expires_at <= $1', [now]);
  }
}

/** True for the failures that mean "the database is not there right now", not "this statement is wrong". */
function isUnavailable(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    // Socket errors, SQLSTATE class 08 (connection exception), 57P01–57P03 (shutdown, crash, starting up), 53300 (too many connections).
    if (/^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN)$/.test(code) || /^(08...|57P0[123]|53300)$/.test(code)) return true;
  }
  return typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect|Query read timeout|not queryable|Client was closed/.test(message);
}

function unavailable(error: unknown): never {
  if (isUnavailable(error)) throw new StoreUnavailableError(`PostgreSQL unavailable: ${(error as Error).message}`, { cause: error });
  throw error;
}

interface CounterRow { count: number; resets_at: string }

function toCounter(row: CounterRow): Counter {
  return { count: row.count, resetsAt: int(row.resets_at) };
}

const SUPPORT_COLUMNS = 'id, installation_id, report, personal_data, created_at, expires_at';
/** Deletes a report's content and its link to the installation; the code hash stays as the "expired" marker. */
const FORGET_REPORT = 'report = NULL, installation_id = NULL';
interface SupportRow { id: string; installation_id: string | null; report: string | null; personal_data: boolean; created_at: string; expires_at: string }

function toSupportReport(row: SupportRow): SupportReport {
  return { id: int(row.id), installationId: row.installation_id ?? '', report: row.report ?? '', personalData: row.personal_data, createdAt: int(row.created_at), expiresAt: int(row.expires_at) };
}

function toCustomer(row: CustomerRow): Customer {
  return { id: int(row.id), displayName: row.display_name, email: row.email, phone: row.phone };
}

function toPendingCode(row: CodeRow): PendingCode {
  return { target: row.target, codeHash: row.code_hash, expiresAt: int(row.expires_at), attemptsLeft: row.attempts_left, sentAt: int(row.sent_at) };
}
