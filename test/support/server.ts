// Starts the reference backend (`server/index.ts`) as a real process on a random loopback port with a
// temporary SQLite file, for every integration test that needs MyVivium. Dev mode: codes go to the
// outbox file, GET /dev/outbox and POST /dev/clock exist.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readOutbox, type OutboxEntry } from '../../server/outbox-sender.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const ENTRY = join(ROOT, 'server/index.ts');

export interface StartServerOptions {
  /** PEM files of the CAs the server trusts. */
  readonly trust: readonly string[];
  /** The MyVivium origin tokens are bound to. */
  readonly origin: string;
  readonly dev: true;
  /** Reuse a database (restart after a crash); default: a fresh one in a new temp folder, seeded. */
  readonly dbPath?: string;
  /** Seed the demo customers at start (default: true for a fresh database). */
  readonly seed?: boolean;
  /** OCSP checks (default off: the test PKI's responder is not running). */
  readonly revocation?: boolean;
  readonly extraArgs?: readonly string[];
  /** Extra environment for the server (e.g. ITSME_* settings). */
  readonly env?: Readonly<Record<string, string>>;
  /** Use this PostgreSQL database instead of SQLite (the outbox and logs still go to a temp folder). */
  readonly databaseUrl?: string;
  /** HASH_KEY (hex); instances sharing a database need the same one. Default with PostgreSQL: a random key. */
  readonly hashKey?: string;
  /** Listen on this port (default: any free one). */
  readonly port?: number;
}

export interface ServerHandle {
  readonly url: string;
  readonly origin: string;
  /** The SQLite file (with PostgreSQL: an unused path in the temp folder). */
  readonly dbPath: string;
  readonly outboxPath: string;
  /** The server's JSON log lines (stdout), for privacy checks. */
  readonly logPath: string;
  readonly pid: number;
  /** Moves the server's clock forward (dev only). */
  advanceClock(ms: number): Promise<void>;
  outbox(): Promise<OutboxEntry[]>;
  stop(): Promise<void>;
  kill9(): Promise<void>;
}

export async function startServer(options: StartServerOptions): Promise<ServerHandle> {
  const dbPath = options.dbPath ?? join(mkdtempSync(join(tmpdir(), 'myvivium-server-')), 'myvivium.sqlite');
  const dir = resolve(dbPath, '..');
  mkdirSync(dir, { recursive: true });
  const outboxPath = join(dir, 'outbox.jsonl');
  const logPath = join(dir, `server-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.log`);
  const env = { ...serverEnv(), ...options.env };
  if (options.databaseUrl) {
    env.DATABASE_URL = options.databaseUrl;
    // With PostgreSQL there is no database folder to keep a generated key in.
    env.HASH_KEY = options.hashKey ?? randomBytes(32).toString('hex');
  }
  const args = [
    '--import', 'tsx', ENTRY,
    ...(options.databaseUrl ? [] : ['--db', dbPath]), '--dev', '--origin', options.origin, '--outbox', outboxPath,
    ...((options.seed ?? options.dbPath === undefined) ? ['--seed'] : []),
    '--port', String(options.port ?? 0),
    '--host', '127.0.0.1',
    '--trust', options.trust.join(','),
    ...(options.revocation ? [] : ['--no-revocation']),
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await waitForListening(child, logPath);
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));

  const terminate = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url,
    origin: options.origin,
    dbPath,
    outboxPath,
    logPath,
    pid: child.pid!,
    async advanceClock(ms) {
      const response = await fetch(`${url}/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: ms }) });
      if (!response.ok) throw new Error(`advancing the server clock failed: HTTP ${response.status}`);
    },
    outbox: () => readOutbox(outboxPath),
    async stop() {
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await terminate('SIGTERM');
      clearTimeout(timer);
    },
    kill9: () => terminate('SIGKILL'),
  };
}

/** The tests' server always uses SQLite and a generated dev key, whatever the caller's environment says. */
function serverEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['DATABASE_URL', 'DATABASE_PATH', 'HASH_KEY', 'PORT', 'TRUSTED_CA_FILES', 'MYVIVIUM_ORIGIN', 'OUTBOX_PATH', 'PORTAL_URL']) delete env[name];
  return env;
}

function waitForListening(child: ChildProcess, logPath: string): Promise<string> {
  const log = createWriteStream(logPath);
  let stderr = '';
  let pending = '';
  return new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start within 20 s\n${stderr}`));
    }, 20_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      log.write(chunk);
      pending += chunk.toString();
      let index: number;
      while ((index = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, index);
        pending = pending.slice(index + 1);
        try {
          const entry = JSON.parse(line) as { event?: string; url?: string };
          if (entry.event === 'listening' && entry.url) {
            clearTimeout(timer);
            resolveUrl(entry.url);
          }
        } catch {
          // not a JSON log line
        }
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      log.end();
      reject(new Error(`the server exited (${code ?? signal}) before listening\n${stderr}`));
    });
  });
}

/** A minimal HTTP client that keeps the session cookie, like the app's backend client does. */
export class ApiClient {
  private cookie: string | undefined;
  /** The Set-Cookie header of the last answer that had one. */
  lastSetCookie: string | undefined;

  // Mutable: after a server restart (new port) the same client, cookie and all, talks to the new process.
  constructor(public baseUrl: string) {}

  async post<T = unknown>(path: string, body?: unknown): Promise<{ status: number; body: T; headers: Headers }> {
    return this.request<T>('POST', path, body);
  }

  async get<T = unknown>(path: string): Promise<{ status: number; body: T; headers: Headers }> {
    return this.request<T>('GET', path);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T; headers: Headers }> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(this.cookie ? { cookie: this.cookie } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) {
      this.lastSetCookie = setCookie;
      this.cookie = setCookie.split(';')[0];
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // HTML pages stay text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }
}
