// A throwaway PostgreSQL cluster for tests, CI and the server bench: `initdb` into a temporary folder,
// `pg_ctl` on a free loopback port (its socket in the same folder), trust authentication for the
// `postgres` superuser on loopback only. PostgreSQL refuses to run as root, so as root every command
// runs as the dedicated `postgres` user (Debian's package creates it) and the folder is handed to it.
// Used by `scripts/test-postgres.ts` (CI and developers) and by the tests that stop the server.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresCluster {
  /** The folder holding the data directory, the socket and the log. */
  readonly dir: string;
  readonly port: number;
  /** postgres://postgres@127.0.0.1:PORT/postgres (the superuser, the maintenance database). */
  readonly url: string;
  /** Stops the server (fast: open connections are cut), keeping the data. */
  stop(mode?: 'fast' | 'immediate'): void;
  /** Starts it again on the same port after `stop`. */
  start(): void;
  /** Stops the server and deletes the folder. */
  destroy(): void;
}

export const POSTGRES_MISSING = 'PostgreSQL is not installed (initdb, pg_ctl): apt-get install postgresql, or set PG_BIN to its bin folder';

/** The folder with initdb and pg_ctl: PG_BIN, else the PATH, else Debian's /usr/lib/postgresql/<newest>/bin. */
export function postgresBin(): string | null {
  const candidates = [
    process.env.PG_BIN,
    ...(process.env.PATH ?? '').split(':'),
    ...(existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)).map((version) => `/usr/lib/postgresql/${version}/bin`)
      : []),
  ];
  return candidates.find((dir) => dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) ?? null;
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = postgresBin();
  if (!bin) throw new Error(POSTGRES_MISSING);
  const dir = mkdtempSync(join(tmpdir(), 'myvivium-pg-'));
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  const run = (tool: string, args: string[]) => {
    const command = [join(bin, tool), ...args];
    // runuser (util-linux) switches user without a password or a login shell.
    const [file, ...rest] = asRoot ? ['runuser', '-u', 'postgres', '--', ...command] : command;
    execFileSync(file!, rest, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
  };
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '--encoding=UTF8', '--locale=C']);
  const port = await freePort();
  // fsync off: a throwaway cluster need not survive a power cut (a killed server still loses nothing
  // committed: the WAL is in the operating system's cache). Unix socket only in our own folder.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = () => run('pg_ctl', ['start', '-w', '-t', '30', '-D', data, '-l', join(dir, 'postgres.log'), '-o', options]);
  const stop = (mode: 'fast' | 'immediate' = 'fast') => run('pg_ctl', ['stop', '-w', '-t', '30', '-D', data, '-m', mode]);
  start();
  return {
    dir,
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop,
    start,
    destroy() {
      try {
        stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Stops the cluster that `startPostgresCluster` left in `dir` (from another process: the CI script). */
export function stopPostgresClusterIn(dir: string): void {
  const bin = postgresBin();
  if (!bin) throw new Error(POSTGRES_MISSING);
  const command = [join(bin, 'pg_ctl'), 'stop', '-w', '-D', join(dir, 'data'), '-m', 'fast'];
  const [file, ...rest] = userInfo().uid === 0 ? ['runuser', '-u', 'postgres', '--', ...command] : command;
  try {
    execFileSync(file!, rest, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A new, empty database on `serverUrl` for one test file or bench run, dropped by `drop()`. */
export async function createTestDatabase(serverUrl: string, prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a safe database name: ${name}`);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
