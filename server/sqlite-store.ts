// SQLite implementation of the Store: one file, WAL journal. In WAL mode synchronous=NORMAL already
// survives a killed process (a commit is in the OS cache) but may lose the last commits on power loss;
// that is acceptable for challenges and sessions, which a user simply asks again. A confirmed contact
// is not: its transaction runs with synchronous=FULL, so it is on disk before the HTTP answer leaves.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { timingSafeEqualText } from './keyed-hash.ts';
import { ITSME_FLOW_COLUMNS, itsmeStatus, toItsmeFlow, type ItsmeFlowRow } from './itsme/flow-status.ts';
import { loadMigrations, MIGRATIONS_TABLE } from './migrations.ts';
import {
  COUNTER_UPSERT, decideCode, SUPPORT_CODE_MARKER_MS,
  type Channel, type CodeCheck, type Counter, type CounterLimit, type Customer, type HelpdeskView, type ItsmeExchange, type ItsmeFlow, type ItsmeFlowStatus, type NewSupportReport, type PendingCode, type SeedCustomer, type Session, type Store, type SupportReport, type SupportReportLookup,
} from './store.ts';

const COUNT_EVENT = COUNTER_UPSERT({ key: '@key', windowEnd: '@windowEnd', now: '@now' }, 1);
const OPEN_COUNTER = COUNTER_UPSERT({ key: '@key', windowEnd: '@windowEnd', now: '@now' }, 0);

interface CustomerRow { id: number; display_name: string; email: string | null; phone: string | null }
interface CodeRow { target: string; code_hash: string; expires_at: number; attempts_left: number; sent_at: number }

export class SqliteStore implements Store {
  private readonly db: Database.Database;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
  }

  async migrate(): Promise<number[]> {
    this.db.exec(MIGRATIONS_TABLE);
    const applied: number[] = [];
    for (const migration of loadMigrations('sqlite')) {
      // Checked inside the write transaction: another process on the same file may have applied it meanwhile.
      const ran = this.db.transaction(() => {
        if (this.db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version)) return false;
        this.db.exec(migration.sql);
        this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(migration.version, Date.now());
        return true;
      }).immediate();
      if (ran) applied.push(migration.version);
    }
    return applied;
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /** For the crash test and diagnostics: SQLite's own consistency check. */
  integrityCheck(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }

  async upsertCustomer(customer: SeedCustomer, now: number): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO customers (national_number_hash, display_name, email, phone, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (national_number_hash) DO UPDATE SET display_name = excluded.display_name, email = excluded.email, phone = excluded.phone`,
      )
      .run(customer.nationalNumberHash, customer.displayName, customer.email ?? null, customer.phone ?? null, now);
  }

  async findCustomerByNationalNumberHash(hash: string): Promise<Customer | null> {
    const row = this.db.prepare('SELECT id, display_name, email, phone FROM customers WHERE national_number_hash = ?').get(hash) as CustomerRow | undefined;
    return row ? toCustomer(row) : null;
  }

  async getCustomer(id: number): Promise<Customer | null> {
    const row = this.db.prepare('SELECT id, display_name, email, phone FROM customers WHERE id = ?').get(id) as CustomerRow | undefined;
    return row ? toCustomer(row) : null;
  }

  async createSession(session: Session, now: number): Promise<void> {
    this.db.prepare('INSERT INTO sessions (id_hash, customer_id, expires_at, created_at) VALUES (?, ?, ?, ?)').run(session.idHash, session.customerId, session.expiresAt, now);
  }

  async getSession(idHash: string, now: number): Promise<Session | null> {
    const row = this.db.prepare('SELECT id_hash, customer_id, expires_at FROM sessions WHERE id_hash = ? AND expires_at > ?').get(idHash, now) as
      | { id_hash: string; customer_id: number | null; expires_at: number }
      | undefined;
    return row ? { idHash: row.id_hash, customerId: row.customer_id, expiresAt: row.expires_at } : null;
  }

  async deleteSession(idHash: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
  }

  async replaceSession(replacedIdHash: string, session: Session, now: number): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(replacedIdHash);
      this.db.prepare('INSERT INTO sessions (id_hash, customer_id, expires_at, created_at) VALUES (?, ?, ?, ?)').run(session.idHash, session.customerId, session.expiresAt, now);
    })();
  }

  async putChallenge(sessionIdHash: string, nonce: string, expiresAt: number): Promise<void> {
    this.db
      .prepare('INSERT INTO challenges (session_id_hash, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT (session_id_hash) DO UPDATE SET nonce = excluded.nonce, expires_at = excluded.expires_at')
      .run(sessionIdHash, nonce, expiresAt);
  }

  async takeChallenge(sessionIdHash: string): Promise<{ nonce: string; expiresAt: number } | null> {
    const row = this.db.prepare('DELETE FROM challenges WHERE session_id_hash = ? RETURNING nonce, expires_at').get(sessionIdHash) as
      | { nonce: string; expires_at: number }
      | undefined;
    return row ? { nonce: row.nonce, expiresAt: row.expires_at } : null;
  }

  async getPendingCode(customerId: number, channel: Channel): Promise<PendingCode | null> {
    const row = this.db.prepare('SELECT target, code_hash, expires_at, attempts_left, sent_at FROM pending_codes WHERE customer_id = ? AND channel = ?').get(customerId, channel) as
      | CodeRow
      | undefined;
    return row ? toPendingCode(row) : null;
  }

  async putPendingCode(customerId: number, channel: Channel, code: PendingCode): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO pending_codes (customer_id, channel, target, code_hash, expires_at, attempts_left, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (customer_id, channel) DO UPDATE SET target = excluded.target, code_hash = excluded.code_hash,
           expires_at = excluded.expires_at, attempts_left = excluded.attempts_left, sent_at = excluded.sent_at`,
      )
      .run(customerId, channel, code.target, code.codeHash, code.expiresAt, code.attemptsLeft, code.sentAt);
  }

  async confirmCode(customerId: number, channel: Channel, codeHash: string, now: number, wrongCodes: CounterLimit): Promise<CodeCheck | null> {
    return this.durably(() => this.db
      .transaction((): CodeCheck | null => {
        const counter = this.db.prepare(OPEN_COUNTER).get({ key: wrongCodes.key, windowEnd: now + wrongCodes.windowMs, now }) as CounterRow;
        const row = this.db.prepare('SELECT target, code_hash, expires_at, attempts_left, sent_at FROM pending_codes WHERE customer_id = ? AND channel = ?').get(customerId, channel) as
          | CodeRow
          | undefined;
        if (!row) return null;
        const decision = decideCode(toPendingCode(row), codeHash, now, timingSafeEqualText, toCounter(counter), wrongCodes.max);
        if (decision.action === 'spend') {
          this.db.prepare('UPDATE pending_codes SET attempts_left = attempts_left - 1 WHERE customer_id = ? AND channel = ?').run(customerId, channel);
          this.db.prepare('UPDATE counters SET count = count + 1 WHERE key = ?').run(wrongCodes.key);
        } else if (decision.action === 'confirm') {
          const column = channel === 'email' ? 'email' : 'phone';
          this.db.prepare(`UPDATE customers SET ${column} = ? WHERE id = ?`).run(row.target, customerId);
          this.db.prepare('INSERT INTO confirmations (customer_id, channel, target, confirmed_at) VALUES (?, ?, ?, ?)').run(customerId, channel, row.target, now);
          this.db.prepare('DELETE FROM pending_codes WHERE customer_id = ? AND channel = ?').run(customerId, channel);
        }
        return decision.check;
      })
      .immediate());
  }

  /** Runs a write with synchronous=FULL (fsync of the WAL at commit). One connection, synchronous API: nothing interleaves. */
  private durably<T>(write: () => T): T {
    this.db.pragma('synchronous = FULL');
    try {
      return write();
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
  }

  async listConfirmations(customerId: number): Promise<{ channel: Channel; target: string; confirmedAt: number }[]> {
    const rows = this.db.prepare('SELECT channel, target, confirmed_at FROM confirmations WHERE customer_id = ? ORDER BY id').all(customerId) as
      { channel: Channel; target: string; confirmed_at: number }[];
    return rows.map((r) => ({ channel: r.channel, target: r.target, confirmedAt: r.confirmed_at }));
  }

  async putHandoff(tokenHash: string, customerId: number, expiresAt: number): Promise<void> {
    this.db.prepare('INSERT INTO handoffs (token_hash, customer_id, expires_at) VALUES (?, ?, ?)').run(tokenHash, customerId, expiresAt);
  }

  async takeHandoff(tokenHash: string, now: number): Promise<number | null> {
    const row = this.db.prepare('DELETE FROM handoffs WHERE token_hash = ? RETURNING customer_id, expires_at').get(tokenHash) as
      | { customer_id: number; expires_at: number }
      | undefined;
    return row && row.expires_at > now ? row.customer_id : null;
  }

  async putItsmeFlow(flow: ItsmeFlow): Promise<void> {
    this.db
      .prepare('INSERT INTO itsme_flows (state_hash, poll_id_hash, session_id_hash, nonce, code_verifier, expires_at, app_secret_hash) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(flow.stateHash, flow.pollIdHash, flow.sessionIdHash, flow.nonce, flow.codeVerifier, flow.expiresAt, flow.appSecretHash);
  }

  async takeItsmeFlowByState(stateHash: string, now: number): Promise<ItsmeFlow | null> {
    const row = this.db
      .prepare(`UPDATE itsme_flows SET state_used = 1 WHERE state_hash = ? AND state_used = 0 AND expires_at > ? RETURNING ${ITSME_FLOW_COLUMNS}`)
      .get(stateHash, now) as ItsmeFlowRow | undefined;
    return row ? toItsmeFlow(row) : null;
  }

  async finishItsmeFlow(stateHash: string, outcome: { customerId: number; resultHash: string } | { errorCode: string }): Promise<void> {
    if ('customerId' in outcome) {
      this.db.prepare("UPDATE itsme_flows SET status = 'done', customer_id = ?, result_hash = ? WHERE state_hash = ? AND status = 'pending'").run(outcome.customerId, outcome.resultHash, stateHash);
    } else {
      this.db.prepare("UPDATE itsme_flows SET status = 'failed', error_code = ? WHERE state_hash = ? AND status = 'pending'").run(outcome.errorCode, stateHash);
    }
  }

  async itsmeFlowStatus(pollIdHash: string, sessionIdHash: string, now: number): Promise<ItsmeFlowStatus | null> {
    const row = this.db.prepare('SELECT status, error_code, expires_at FROM itsme_flows WHERE poll_id_hash = ? AND session_id_hash = ?').get(pollIdHash, sessionIdHash) as
      | { status: string; error_code: string | null; expires_at: number }
      | undefined;
    return row ? itsmeStatus(row.status, row.error_code, row.expires_at, now) : null;
  }

  async exchangeItsmeResult(exchange: ItsmeExchange, now: number): Promise<number | null> {
    const row = this.db
      .prepare(
        "UPDATE itsme_flows SET status = 'collected' WHERE poll_id_hash = ? AND session_id_hash = ? AND app_secret_hash = ? AND result_hash = ? AND status = 'done' AND expires_at > ? RETURNING customer_id",
      )
      .get(exchange.pollIdHash, exchange.sessionIdHash, exchange.appSecretHash, exchange.resultHash, now) as { customer_id: number } | undefined;
    return row ? row.customer_id : null;
  }

  async putSupportReport(entry: NewSupportReport): Promise<'stored' | 'code-taken'> {
    const result = this.db
      .prepare(
        `INSERT INTO support_reports (code_hash, installation_id, report, personal_data, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (code_hash) DO NOTHING`,
      )
      .run(entry.codeHash, entry.installationId, entry.report, entry.personalData ? 1 : 0, entry.createdAt, entry.expiresAt);
    return result.changes === 1 ? 'stored' : 'code-taken';
  }

  async findSupportReport(codeHash: string, now: number): Promise<SupportReportLookup | null> {
    return this.db
      .transaction((): SupportReportLookup | null => {
        const row = this.db.prepare(`SELECT ${SUPPORT_COLUMNS} FROM support_reports WHERE code_hash = ?`).get(codeHash) as SupportRow | undefined;
        if (!row) return null;
        if (row.report !== null && row.installation_id !== null && row.expires_at > now) return { status: 'found', report: toSupportReport(row) };
        if (row.report !== null) this.db.prepare(`UPDATE support_reports SET ${FORGET_REPORT} WHERE id = ?`).run(row.id);
        return { status: 'expired' };
      })
      .immediate();
  }

  async listSupportReports(installationId: string, now: number, limit: number): Promise<SupportReport[]> {
    const rows = this.db
      .prepare(`SELECT ${SUPPORT_COLUMNS} FROM support_reports WHERE installation_id = ? AND expires_at > ? ORDER BY created_at DESC, id DESC LIMIT ?`)
      .all(installationId, now, limit) as SupportRow[];
    return rows.map(toSupportReport);
  }

  async recordHelpdeskView(view: HelpdeskView): Promise<void> {
    this.db.prepare('INSERT INTO helpdesk_views (agent, support_report_id, report_id, viewed_at) VALUES (?, ?, ?, ?)').run(view.agent, view.supportReportId, view.reportId, view.viewedAt);
  }

  async listHelpdeskViews(supportReportId: number): Promise<HelpdeskView[]> {
    const rows = this.db.prepare('SELECT agent, support_report_id, report_id, viewed_at FROM helpdesk_views WHERE support_report_id = ? ORDER BY id').all(supportReportId) as
      { agent: string; support_report_id: number; report_id: string; viewed_at: number }[];
    return rows.map((r) => ({ agent: r.agent, supportReportId: r.support_report_id, reportId: r.report_id, viewedAt: r.viewed_at }));
  }

  async countEvent(key: string, windowMs: number, now: number): Promise<Counter> {
    return toCounter(this.db.prepare(COUNT_EVENT).get({ key, windowEnd: now + windowMs, now }) as CounterRow);
  }

  async peekCount(key: string, now: number): Promise<Counter> {
    const row = this.db.prepare('SELECT count, resets_at FROM counters WHERE key = ? AND resets_at > ?').get(key, now) as CounterRow | undefined;
    return row ? toCounter(row) : { count: 0, resetsAt: now };
  }

  async purgeExpired(now: number): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare(`UPDATE support_reports SET ${FORGET_REPORT} WHERE expires_at <= ? AND report IS NOT NULL`).run(now);
      this.db.prepare('DELETE FROM support_reports WHERE expires_at <= ?').run(now - SUPPORT_CODE_MARKER_MS);
      this.db.prepare('DELETE FROM counters WHERE resets_at <= ?').run(now);
      this.db.prepare('DELETE FROM itsme_flows WHERE expires_at <= ?').run(now - 3_600_000);
      this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
      this.db.prepare('DELETE FROM challenges WHERE expires_at <= ?').run(now);
      this.db.prepare('DELETE FROM handoffs WHERE expires_at <= ?').run(now);
    })();
  }
}

const SUPPORT_COLUMNS = 'id, installation_id, report, personal_data, created_at, expires_at';
/** Deletes a report's content and its link to the installation; the code hash stays as the "expired" marker. */
const FORGET_REPORT = 'report = NULL, installation_id = NULL';
interface SupportRow { id: number; installation_id: string | null; report: string | null; personal_data: number; created_at: number; expires_at: number }

function toSupportReport(row: SupportRow): SupportReport {
  return { id: row.id, installationId: row.installation_id ?? '', report: row.report ?? '', personalData: row.personal_data === 1, createdAt: row.created_at, expiresAt: row.expires_at };
}

interface CounterRow { count: number; resets_at: number }

function toCounter(row: CounterRow): Counter {
  return { count: row.count, resetsAt: row.resets_at };
}

function toCustomer(row: CustomerRow): Customer {
  return { id: row.id, displayName: row.display_name, email: row.email, phone: row.phone };
}

function toPendingCode(row: CodeRow): PendingCode {
  return { target: row.target, codeHash: row.code_hash, expiresAt: row.expires_at, attemptsLeft: row.attempts_left, sentAt: row.sent_at };
}
