// Runs one OS tool: execFile with an argument vector (never a shell string) and a timeout. It never
// rejects: a missing tool, a non-zero exit or a timeout is an answer the parsers turn into "unknown".
import { execFile } from 'node:child_process';

export interface CommandResult {
  /** Exit code; null when the tool could not start or was killed by the timeout. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The tool is not installed (ENOENT). */
  readonly missing: boolean;
}

export type RunCommand = (file: string, args: readonly string[]) => Promise<CommandResult>;

export function createRunCommand(options: { timeoutMs?: number } = {}): RunCommand {
  const timeout = options.timeoutMs ?? 5000;
  return (file, args) =>
    new Promise((resolve) => {
      execFile(
        file,
        [...args],
        { timeout, maxBuffer: 4 * 1024 * 1024, windowsHide: true, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
        (error, stdout, stderr) => {
          if (!error) return resolve({ code: 0, stdout, stderr, missing: false });
          const errno = (error as NodeJS.ErrnoException).code;
          const exit = typeof errno === 'number' ? errno : null;
          resolve({ code: exit, stdout: stdout ?? '', stderr: stderr ?? '', missing: errno === 'ENOENT' });
        },
      );
    });
}
