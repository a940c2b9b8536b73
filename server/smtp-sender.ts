// Production e-mail sender: a minimal SMTP client (RFC 5321) over node:net/tls — EHLO, STARTTLS when
// the URL is smtp:// (required: codes never travel in clear), implicit TLS for smtps://, AUTH PLAIN,
// one message per connection. Enough for a relay such as the operator's mail gateway.
import net from 'node:net';
import tls from 'node:tls';
import { randomUUID } from 'node:crypto';
import { codeMessageText, type CodeSender } from './code-sender.ts';

export interface SmtpConfig {
  /** smtp://user:pass@host:587 (STARTTLS) or smtps://user:pass@host:465 (implicit TLS). */
  readonly url: string;
  readonly from: string;
  readonly timeoutMs?: number;
  /** Extra CA for a private relay. */
  readonly ca?: string;
}

export function createSmtpSender(config: SmtpConfig): CodeSender {
  const url = new URL(config.url);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error('SMTP_URL must start with smtp:// or smtps://');
  return {
    async send(message) {
      const { subject, body } = codeMessageText(message.code);
      const mail = [
        `From: ${config.from}`,
        `To: ${message.to}`,
        `Subject: ${subject}`,
        `Message-ID: <${randomUUID()}@${url.hostname}>`,
        `Date: ${new Date().toUTCString()}`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        body,
      ].join('\r\n');
      await deliver(url, config, message.to, mail);
    },
  };
}

async function deliver(url: URL, config: SmtpConfig, to: string, mail: string): Promise<void> {
  const host = url.hostname;
  const implicitTls = url.protocol === 'smtps:';
  const port = Number(url.port || (implicitTls ? 465 : 587));
  let socket: net.Socket = implicitTls ? tls.connect({ host, port, servername: host, ca: config.ca }) : net.connect({ host, port });
  socket.setTimeout(config.timeoutMs ?? 15_000, () => socket.destroy(new Error('SMTP timeout')));
  let reader = replyReader(socket);
  try {
    await expect(reader, 220);
    let features = await ehlo(socket, reader);
    if (!implicitTls) {
      if (!features.includes('STARTTLS')) throw new Error('SMTP server does not offer STARTTLS');
      await command(socket, reader, 'STARTTLS', 220);
      // The clear-text reader must stop listening before TLS takes over the socket.
      reader.detach();
      socket = tls.connect({ socket, servername: host, ca: config.ca });
      await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
      reader = replyReader(socket);
      features = await ehlo(socket, reader);
    }
    if (url.username) {
      const auth = Buffer.from(`\0${decodeURIComponent(url.username)}\0${decodeURIComponent(url.password)}`).toString('base64');
      await command(socket, reader, `AUTH PLAIN ${auth}`, 235);
    }
    await command(socket, reader, `MAIL FROM:<${addressOf(config.from)}>`, 250);
    await command(socket, reader, `RCPT TO:<${to}>`, 250);
    await command(socket, reader, 'DATA', 354);
    // Dot-stuffing: a line starting with "." gets another one.
    const stuffed = mail.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    await command(socket, reader, `${stuffed}\r\n.`, 250);
    socket.write('QUIT\r\n');
  } finally {
    socket.end();
  }
}

function addressOf(from: string): string {
  const match = /<([^>]+)>/.exec(from);
  return match ? match[1]! : from;
}

async function ehlo(socket: net.Socket, reader: ReplyReader): Promise<string[]> {
  const reply = await command(socket, reader, 'EHLO myvivium-backend', 250);
  return reply.lines.map((l) => l.toUpperCase());
}

async function command(socket: net.Socket, reader: ReplyReader, line: string, code: number): Promise<Reply> {
  socket.write(`${line}\r\n`);
  return expect(reader, code);
}

async function expect(reader: ReplyReader, code: number): Promise<Reply> {
  const reply = await reader.next();
  if (reply.code !== code) throw new Error(`SMTP answered ${reply.code} where ${code} was expected`);
  return reply;
}

interface Reply { code: number; lines: string[] }
interface ReplyReader { next(): Promise<Reply>; detach(): void }

/** Collects multi-line replies ("250-…" … "250 …") from the socket, one reply per call. */
function replyReader(socket: net.Socket): ReplyReader {
  let buffer = '';
  let lines: string[] = [];
  const ready: Reply[] = [];
  const waiting: { resolve: (r: Reply) => void; reject: (e: Error) => void }[] = [];
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let index: number;
    while ((index = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, index);
      buffer = buffer.slice(index + 2);
      lines.push(line.slice(4));
      if (line[3] !== '-') {
        const reply = { code: Number(line.slice(0, 3)), lines };
        lines = [];
        const waiter = waiting.shift();
        if (waiter) waiter.resolve(reply);
        else ready.push(reply);
      }
    }
  };
  const onError = (error: Error) => waiting.splice(0).forEach((w) => w.reject(error));
  const onClose = () => onError(new Error('SMTP connection closed'));
  socket.on('data', onData).on('error', onError).on('close', onClose);
  return {
    next() {
      const reply = ready.shift();
      if (reply) return Promise.resolve(reply);
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    detach() {
      socket.off('data', onData).off('error', onError).off('close', onClose);
    },
  };
}
