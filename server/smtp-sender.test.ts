// The SMTP sender against a small SMTP server run here: STARTTLS (with the test's own certificate),
// AUTH PLAIN, one message with dot-stuffing; and a relay without STARTTLS is refused.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpSender } from './smtp-sender.ts';

interface Session { commands: string[]; data: string; tls: boolean }

function smtpServer(options: { starttls: boolean; key: string; cert: string }) {
  const sessions: Session[] = [];
  const server = net.createServer((raw) => {
    const session: Session = { commands: [], data: '', tls: false };
    sessions.push(session);
    let socket: net.Socket = raw;
    let buffer = '';
    let inData = false;
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      let index: number;
      while ((index = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            socket.write('250 queued\r\n');
          } else session.data += `${line}\n`;
          continue;
        }
        session.commands.push(line);
        const verb = line.split(' ')[0]!.toUpperCase();
        if (verb === 'EHLO') socket.write(`250-test\r\n${options.starttls && !session.tls ? '250-STARTTLS\r\n' : ''}250 AUTH PLAIN\r\n`);
        else if (verb === 'STARTTLS') {
          socket.write('220 go ahead\r\n');
          socket.off('data', onData);
          const secure = new tls.TLSSocket(socket, { isServer: true, key: options.key, cert: options.cert });
          session.tls = true;
          socket = secure;
          secure.on('data', onData);
        } else if (verb === 'AUTH') socket.write('235 ok\r\n');
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 send\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    };
    socket.on('data', onData);
    socket.on('error', () => undefined);
    socket.write('220 test ESMTP\r\n');
  });
  return { server, sessions };
}

describe('SMTP sender', () => {
  const dir = mkdtempSync(join(tmpdir(), 'myvivium-smtp-'));
  let key = '';
  let cert = '';
  const servers: net.Server[] = [];

  beforeAll(() => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    key = readFileSync(join(dir, 'key.pem'), 'utf8');
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  });
  afterAll(() => servers.forEach((s) => s.close()));

  async function listen(starttls: boolean) {
    const test = smtpServer({ starttls, key, cert });
    servers.push(test.server);
    await new Promise<void>((resolve) => test.server.listen(0, '127.0.0.1', resolve));
    return { ...test, port: (test.server.address() as net.AddressInfo).port };
  }

  it('delivers over STARTTLS with AUTH PLAIN', async () => {
    const { port, sessions } = await listen(true);
    const sender = createSmtpSender({ url: `smtp://myvivium:s%40cret@localhost:${port}`, from: 'MyVivium <no-reply@vivium.be>', ca: cert });
    await sender.send({ channel: 'email', to: 'eva@example.test', code: '123456' });
    const session = sessions[0]!;
    expect(session.tls).toBe(true);
    const afterTls = session.commands.slice(session.commands.indexOf('STARTTLS') + 1);
    expect(afterTls[0]).toMatch(/^EHLO/);
    expect(afterTls).toContain(`AUTH PLAIN ${Buffer.from('\0myvivium\0s@cret').toString('base64')}`);
    expect(afterTls).toContain('MAIL FROM:<no-reply@vivium.be>');
    expect(afterTls).toContain('RCPT TO:<eva@example.test>');
    expect(session.data).toContain('To: eva@example.test');
    expect(session.data).toContain('Your MyVivium confirmation code: 123456');
  });

  it('refuses a relay that does not offer STARTTLS', async () => {
    const { port } = await listen(false);
    const sender = createSmtpSender({ url: `smtp://localhost:${port}`, from: 'no-reply@vivium.be' });
    await expect(sender.send({ channel: 'email', to: 'eva@example.test', code: '123456' })).rejects.toThrow('STARTTLS');
  });
});
