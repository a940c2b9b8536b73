// PostgreSQL implementation of the Store, for several backend instances sharing one database
// (DATABASE_URL=postgres://…). Same tables and semantics as the SQLite store; atomic steps are single
// statements (DELETE … RETURNING) or a transaction holding a row lock.
import pg from 'pg';
import { timingSafeEqualText } from './keyed-hash.ts';
import { ITSME_FLOW_COLUMNS, itsmeStatus, toItsmeFlow, type ItsmeFlowRow } from './itsme/flow-status.ts';
import { decideCode, type ItsmeExchange, type ItsmeFlow, type ItsmeFlowStatus, type Channel, type CodeCheck, type Customer, type PendingCode, type SeedCustomer, type Session, type Store } from './store.ts';

const MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE customers (
        id BIGSERIAL PRIMARY KEY,
        national_number_hash TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        email TEXT,
        phone TEXT,
        created_at BIGINT NOT NULL
      );
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        customer_id BIGINT REFERENCES customers(id) ON DELETE CASCADE,
        expires_at BIGINT NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE TABLE challenges (
        session_id_hash TEXT PRIMARY KEY REFERENCES sessions(id_hash) ON DELETE CASCADE,
        nonce TEXT NOT NULL,
        expires_at BIGINT NOT NULL
      );
      CREATE TABLE pending_codes (
        customer_id BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        channel TEXT NOT NULL CHECK (channel IN ('email', 'phone')),
        target TEXT NOT NULL,
        code_hash TEXT NOT NULL,
        expires_at BIGINT NOT NULL,
        attempts_left INTEGER NOT NULL,
        sent_at BIGINT NOT NULL,
        PRIMARY KEY (customer_id, channel)
      );
      CREATE TABLE confirmations (
        id BIGSERIAL PRIMARY KEY,
        customer_id BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        channel TEXT NOT NULL,
        target TEXT NOT NULL,
        confirmed_at BIGINT NOT NULL
      );
      CREATE INDEX confirmations_customer ON confirmations(customer_id);
      CREATE TABLE handoffs (
        token_hash TEXT PRIMARY KEY,
        customer_id BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        expires_at BIGINT NOT NULL
      );
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE itsme_flows (
        state_hash TEXT PRIMARY KEY,
        poll_id_hash TEXT NOT NULL UNIQUE,
        session_id_hash TEXT NOT NULL,
        nonce TEXT NOT NULL,
        code_verifier TEXT NOT NULL,
        expires_at BIGINT NOT NULL,
        state_used INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed', 'collected')),
        customer_id BIGINT REFERENCES customers(id) ON DELETE CASCADE,
        error_code TEXT
      );
    `,
  },
  {
    // An itsme login belongs to the app that started it (issue 21): the hash of the app's secret, and the
    // keyed hash of the one-time result the callback page hands to that app.
    version: 3,
    sql: `
      ALTER TABLE itsme_flows ADD COLUMN app_secret_hash TEXT NOT NULL DEFAULT '';
      ALTER TABLE itsme_flows ADD COLUMN result_hash TEXT;
    `,
  },
];

// BIGINT columns come back as strings by default; ours are milliseconds and row ids, well within 2^53.
const int = (value: unknown): number => Number(value);

interface CustomerRow { id: string; display_name: string; email: string | null; phone: string | null }
interface CodeRow { target: string; code_hash: string; expires_at: string; attempts_left: number; sent_at: string }

export class PostgresStore implements Store {
  private readonly pool: pg.Pool;

  constructor(connectionString: string) {
    this.pool = new pg.Pool({ connectionString, max: 10 });
  }

  async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // One migrator at a time across instances.
      await client.query('SELECT pg_advisory_xact_lock(727001)');
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
      const applied = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      for (const migration of MIGRATIONS) {
        if (applied.has(migration.version)) continue;
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [migration.version, Date.now()]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async upsertCustomer(customer: SeedCustomer, now: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO customers (national_number_hash, display_name, email, phone, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (national_number_hash) DO UPDATE SET display_name = excluded.display_name, email = excluded.email, phone = excluded.phone`,
      [customer.nationalNumberHash, customer.displayName, customer.email ?? null, customer.phone ?? null, now],
    );
  }

  async findCustomerByNationalNumberHash(hash: string): Promise<Customer | null> {
    const { rows } = await this.pool.query<CustomerRow>('SELECT id, display_name, email, phone FROM customers WHERE national_number_hash = $1', [hash]);
    return rows[0] ? toCustomer(rows[0]) : null;
  }

  async getCustomer(id: number): Promise<Customer | null> {
    const { rows } = await this.pool.query<CustomerRow>('SELECT id, display_name, email, phone FROM customers WHERE id = $1', [id]);
    return rows[0] ? toCustomer(rows[0]) : null;
  }

  async createSession(session: Session, now: number): Promise<void> {
    await this.pool.query('INSERT INTO sessions (id_hash, customer_id, expires_at, created_at) VALUES ($1, $2, $3, $4)', [session.idHash, session.customerId, session.expiresAt, now]);
  }

  async getSession(idHash: string, now: number): Promise<Session | null> {
    const { rows } = await this.pool.query<{ id_hash: string; customer_id: string | null; expires_at: string }>(
      'SELECT id_hash, customer_id, expires_at FROM sessions WHERE id_hash = $1 AND expires_at > $2',
      [idHash, now],
    );
    const row = rows[0];
    return row ? { idHash: row.id_hash, customerId: row.customer_id === null ? null : int(row.customer_id), expiresAt: int(row.expires_at) } : null;
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  }

  async replaceSession(replacedIdHash: string, session: Session, now: number): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('DELETE FROM sessions WHERE id_hash = $1', [replacedIdHash]);
      await client.query('INSERT INTO sessions (id_hash, customer_id, expires_at, created_at) VALUES ($1, $2, $3, $4)', [session.idHash, session.customerId, session.expiresAt, now]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  async putChallenge(sessionIdHash: string, nonce: string, expiresAt: number): Promise<void> {
    await this.pool.query(
      'INSERT INTO challenges (session_id_hash, nonce, expires_at) VALUES ($1, $2, $3) ON CONFLICT (session_id_hash) DO UPDATE SET nonce = excluded.nonce, expires_at = excluded.expires_at',
      [sessionIdHash, nonce, expiresAt],
    );
  }

  async takeChallenge(sessionIdHash: string): Promise<{ nonce: string; expiresAt: number } | null> {
    const { rows } = await this.pool.query<{ nonce: string; expires_at: string }>('DELETE FROM challenges WHERE session_id_hash = $1 RETURNING nonce, expires_at', [sessionIdHash]);
    return rows[0] ? { nonce: rows[0].nonce, expiresAt: int(rows[0].expires_at) } : null;
  }

  async getPendingCode(customerId: number, channel: Channel): Promise<PendingCode | null> {
    const { rows } = await this.pool.query<CodeRow>('SELECT target, code_hash, expires_at, attempts_left, sent_at FROM pending_codes WHERE customer_id = $1 AND channel = $2', [customerId, channel]);
    return rows[0] ? toPendingCode(rows[0]) : null;
  }

  async putPendingCode(customerId: number, channel: Channel, code: PendingCode): Promise<void> {
    await this.pool.query(
      `INSERT INTO pending_codes (customer_id, channel, target, code_hash, expires_at, attempts_left, sent_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (customer_id, channel) DO UPDATE SET target = excluded.target, code_hash = excluded.code_hash,
         expires_at = excluded.expires_at, attempts_left = excluded.attempts_left, sent_at = excluded.sent_at`,
      [customerId, channel, code.target, code.codeHash, code.expiresAt, code.attemptsLeft, code.sentAt],
    );
  }

  async confirmCode(customerId: number, channel: Channel, codeHash: string, now: number): Promise<CodeCheck | null> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<CodeRow>(
        'SELECT target, code_hash, expires_at, attempts_left, sent_at FROM pending_codes WHERE customer_id = $1 AND channel = $2 FOR UPDATE',
        [customerId, channel],
      );
      const row = rows[0];
      if (!row) {
        await client.query('ROLLBACK');
        return null;
      }
      const decision = decideCode(toPendingCode(row), codeHash, now, timingSafeEqualText);
      if (decision.action === 'spend') {
        await client.query('UPDATE pending_codes SET attempts_left = attempts_left - 1 WHERE customer_id = $1 AND channel = $2', [customerId, channel]);
      } else if (decision.action === 'confirm') {
        const column = channel === 'email' ? 'email' : 'phone';
        await client.query(`UPDATE customers SET ${column} = $1 WHERE id = $2`, [row.target, customerId]);
        await client.query('INSERT INTO confirmations (customer_id, channel, target, confirmed_at) VALUES ($1, $2, $3, $4)', [customerId, channel, row.target, now]);
        await client.query('DELETE FROM pending_codes WHERE customer_id = $1 AND channel = $2', [customerId, channel]);
      }
      await client.query('COMMIT');
      return decision.check;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  async listConfirmations(customerId: number): Promise<{ channel: Channel; target: string; confirmedAt: number }[]> {
    const { rows } = await this.pool.query<{ channel: Channel; target: string; confirmed_at: string }>(
      'SELECT channel, target, confirmed_at FROM confirmations WHERE customer_id = $1 ORDER BY id',
      [customerId],
    );
    return rows.map((r) => ({ channel: r.channel, target: r.target, confirmedAt: int(r.confirmed_at) }));
  }

  async putHandoff(tokenHash: string, customerId: number, expiresAt: number): Promise<void> {
    await this.pool.query('INSERT INTO handoffs (token_hash, customer_id, expires_at) VALUES ($1, $2, $3)', [tokenHash, customerId, expiresAt]);
  }

  async takeHandoff(tokenHash: string, now: number): Promise<number | null> {
    const { rows } = await this.pool.query<{ customer_id: string; expires_at: string }>('DELETE FROM handoffs WHERE token_hash = $1 RETURNING customer_id, expires_at', [tokenHash]);
    const row = rows[0];
    return row && int(row.expires_at) > now ? int(row.customer_id) : null;
  }

  async putItsmeFlow(flow: ItsmeFlow): Promise<void> {
    await this.pool.query('INSERT INTO itsme_flows (state_hash, poll_id_hash, session_id_hash, nonce, code_verifier, expires_at, app_secret_hash) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      flow.stateHash, flow.pollIdHash, flow.sessionIdHash, flow.nonce, flow.codeVerifier, flow.expiresAt, flow.appSecretHash,
    ]);
  }

  async takeItsmeFlowByState(stateHash: string, now: number): Promise<ItsmeFlow | null> {
    const { rows } = await this.pool.query<ItsmeFlowRow>(
      `UPDATE itsme_flows SET state_used = 1 WHERE state_hash = $1 AND state_used = 0 AND expires_at > $2 RETURNING ${ITSME_FLOW_COLUMNS}`,
      [stateHash, now],
    );
    return rows[0] ? toItsmeFlow(rows[0]) : null;
  }

  async finishItsmeFlow(stateHash: string, outcome: { customerId: number; resultHash: string } | { errorCode: string }): Promise<void> {
    if ('customerId' in outcome) {
      await this.pool.query("UPDATE itsme_flows SET status = 'done', customer_id = $1, result_hash = $2 WHERE state_hash = $3 AND status = 'pending'", [outcome.customerId, outcome.resultHash, stateHash]);
    } else {
      await this.pool.query("UPDATE itsme_flows SET status = 'failed', error_code = $1 WHERE state_hash = $2 AND status = 'pending'", [outcome.errorCode, stateHash]);
    }
  }

  async itsmeFlowStatus(pollIdHash: string, sessionIdHash: string, now: number): Promise<ItsmeFlowStatus | null> {
    const { rows } = await this.pool.query<{ status: string; error_code: string | null; expires_at: string }>(
      'SELECT status, error_code, expires_at FROM itsme_flows WHERE poll_id_hash = $1 AND session_id_hash = $2',
      [pollIdHash, sessionIdHash],
    );
    return rows[0] ? itsmeStatus(rows[0].status, rows[0].error_code, int(rows[0].expires_at), now) : null;
  }

  async exchangeItsmeResult(exchange: ItsmeExchange, now: number): Promise<number | null> {
    // One conditional UPDATE: of two exchanges racing, one gets the customer.
    const { rows } = await this.pool.query<{ customer_id: string }>(
      "UPDATE itsme_flows SET status = 'collected' WHERE poll_id_hash = $1 AND session_id_hash = $2 AND app_secret_hash = $3 AND result_hash = $4 AND status = 'done' AND expires_at > $5 RETURNING customer_id",
      [exchange.pollIdHash, exchange.sessionIdHash, exchange.appSecretHash, exchange.resultHash, now],
    );
    return rows[0] ? int(rows[0].customer_id) : null;
  }

  async purgeExpired(now: number): Promise<void> {
    await this.pool.query('DELETE FROM itsme_flows WHERE expires_at <= $1', [now - 3_600_000]);
    await this.pool.query('DELETE FROM sessions WHERE expires_at <= $1', [now]);
    await this.pool.query('DELETE FROM challenges WHERE expires_at <= $1', [now]);
    await this.pool.query('DELETE FROM handoffs WHERE expires_at <= $1', [now]);
  }
}

function toCustomer(row: CustomerRow): Customer {
  return { id: int(row.id), displayName: row.display_name, email: row.email, phone: row.phone };
}

function toPendingCode(row: CodeRow): PendingCode {
  return { target: row.target, codeHash: row.code_hash, expiresAt: int(row.expires_at), attemptsLeft: row.attempts_left, sentAt: int(row.sent_at) };
}
