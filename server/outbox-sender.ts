// Development sender: one JSON line per message in a local file, readable by tests and by GET /dev/outbox.
// Never configured in production (it holds the codes in clear).
import { appendFile, readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { CodeSender } from './code-sender.ts';

export const outboxEntrySchema = z.object({
  channel: z.enum(['email', 'phone']),
  to: z.string(),
  code: z.string(),
  sentAt: z.string(),
});
export type OutboxEntry = z.infer<typeof outboxEntrySchema>;

export function createOutboxSender(path: string, now: () => number): CodeSender {
  return {
    async send(message) {
      const entry: OutboxEntry = { channel: message.channel, to: message.to, code: message.code, sentAt: new Date(now()).toISOString() };
      await appendFile(path, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    },
  };
}

/** Reads the outbox; a line cut short by a crash is skipped rather than failing the whole read. */
export async function readOutbox(path: string): Promise<OutboxEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  const entries: OutboxEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed = outboxEntrySchema.safeParse(JSON.parse(line));
      if (parsed.success) entries.push(parsed.data);
    } catch {
      // torn line from a killed process
    }
  }
  return entries;
}
