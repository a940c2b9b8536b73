// How a running companion can be found on this computer, so `eid-companion open URL` can hand it a
// myvivium-eid: link: one small file in a folder only this user can read, written by the app that runs
// (the web host: its port and per-run token; Electron: the command that reaches it through its
// single-instance lock) and removed when it stops. A record whose process is gone counts as no app.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/** Tests (and several copies side by side) point this at a folder of their own. */
export const RUNTIME_DIR_ENV = 'EID_COMPANION_RUNTIME_DIR';
const FILE = 'instance.json';

export const instanceRecordSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('web'), pid: z.number().int().positive(), port: z.number().int().min(1).max(65535), token: z.string().min(16).max(128) }),
  z.strictObject({ kind: z.literal('electron'), pid: z.number().int().positive(), command: z.array(z.string().max(4096)).min(1).max(8) }),
]);
export type InstanceRecord = z.infer<typeof instanceRecordSchema>;

type Env = Readonly<Record<string, string | undefined>>;

export function runtimeDir(env: Env): string {
  if (env[RUNTIME_DIR_ENV]) return env[RUNTIME_DIR_ENV];
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'myvivium-eid-companion');
  return join(tmpdir(), `myvivium-eid-companion-${userInfo().username.replace(/[^\w.-]/g, '_')}`);
}

/** Writes the record (atomically, owner-only) and returns a function that removes it if it is still ours. */
export function announceInstance(record: InstanceRecord, env: Env): () => void {
  const dir = runtimeDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, FILE);
  const temporary = join(dir, `.${FILE}.${randomBytes(6).toString('hex')}`);
  writeFileSync(temporary, JSON.stringify(record), { mode: 0o600 });
  renameSync(temporary, file);
  return () => {
    if (readRecord(file)?.pid === record.pid) rmSync(file, { force: true });
  };
}

/** The running companion, or null when none announced itself or its process is gone. */
export function findInstance(env: Env, isAlive: (pid: number) => boolean = processIsAlive): InstanceRecord | null {
  const record = readRecord(join(runtimeDir(env), FILE));
  return record && isAlive(record.pid) ? record : null;
}

function readRecord(file: string): InstanceRecord | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = instanceRecordSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH: gone. EPERM: another user's process took the number, so not our app either.
    return false;
  }
}
