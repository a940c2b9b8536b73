// The main-process log, in the user data folder, with personal data taken out before it is written:
// national register numbers, e-mail addresses, phone numbers, and anything that looks like a PIN field.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\b\d{2}\.?\d{2}\.?\d{2}[-.]?\d{3}\.?\d{2}\b/g, '[national-number]'],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[email]'],
  [/\+?\d[\d ./-]{7,}\d/g, '[phone]'],
  [/("?(pin|currentPin|newPin)"?\s*[:=]\s*)"?[^",}\s]*"?/gi, '$1[redacted]'],
];

export function redact(text: string): string {
  return PATTERNS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

export interface FileLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  readonly path: string;
}

export function createFileLog(userData: string): FileLog {
  const dir = join(userData, 'logs');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'main.log');
  const write = (level: string, message: string, fields?: Record<string, unknown>) => {
    const line = redact(`${new Date().toISOString()} ${level} ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
    try {
      appendFileSync(path, `${line}\n`);
    } catch {
      // A log that cannot be written must not stop the app.
    }
  };
  return { path, info: (m, f) => write('info', m, f), warn: (m, f) => write('warn', m, f) };
}
