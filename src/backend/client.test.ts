import { getEventListeners } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../contract/errors.ts';
import { createBackendClient } from './client.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
const servers: Array<{ close: () => void }> = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

async function serve(handler: Handler): Promise<string> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({ close: () => server.close() });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const json = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string | string[]> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
};

const ORIGIN = 'https://myvivium.example';
const nonce = 'n'.repeat(44);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return isAppError(error) ? error.code : `thrown ${String(error)}`;
  }
}

describe('backend client', () => {
  it('keeps the session cookie from the challenge for the login', async () => {
    const seen: Array<string | undefined> = [];
    const base = await serve((req, res) => {
      seen.push(req.headers.cookie);
      if (req.url === '/api/auth/eid/challenge') json(res, 200, { nonce, origin: ORIGIN, expiresAt: 'x' }, { 'set-cookie': ['s=abc; Path=/; HttpOnly'] });
      else json(res, 200, { account: { displayName: 'Alice', needsOnboarding: true } });
    });
    const client = createBackendClient({ baseUrl: base, origin: ORIGIN });
    expect((await client.challenge()).nonce).toBe(nonce);
    expect((await client.login({ t: 1 })).account.displayName).toBe('Alice');
    expect(seen).toEqual([undefined, 's=abc']);
  });

  it('refuses a challenge for another origin', async () => {
    const base = await serve((_req, res) => json(res, 200, { nonce, origin: 'https://evil.example', expiresAt: 'x' }));
    expect(await codeOf(createBackendClient({ baseUrl: base, origin: ORIGIN }).challenge())).toBe('ORIGIN_MISMATCH');
  });

  it('maps the backend error codes, statuses and bad replies', async () => {
    const base = await serve((req, res) => {
      if (req.url === '/api/auth/eid/login') json(res, 403, { error: { code: 'ACCOUNT_UNKNOWN', message: 'no', details: { helpdeskPhone: '02' } } });
      else if (req.url === '/api/handoff') json(res, 429, { message: 'slow down' });
      else if (req.url === '/api/onboarding/email') json(res, 500, { error: { code: 'SOMETHING_NEW' } });
      else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"nonce": 5}');
      }
    });
    const client = createBackendClient({ baseUrl: base, origin: ORIGIN });
    expect(await codeOf(client.login({}))).toBe('ACCOUNT_UNKNOWN');
    expect(await codeOf(client.handoff())).toBe('RATE_LIMITED');
    expect(await codeOf(client.sendCode('email', 'a@b.be'))).toBe('BACKEND_ERROR');
    expect(await codeOf(client.challenge())).toBe('BACKEND_INVALID_RESPONSE');
  });

  it('times out, reports unreachable, and honours cancel', async () => {
    const base = await serve(() => undefined); // never answers
    expect(await codeOf(createBackendClient({ baseUrl: base, origin: ORIGIN, timeoutMs: 100 }).challenge())).toBe('BACKEND_TIMEOUT');
    const abort = new AbortController();
    const pending = createBackendClient({ baseUrl: base, origin: ORIGIN }).challenge(abort.signal);
    abort.abort();
    expect(await codeOf(pending)).toBe('CANCELLED');
    expect(await codeOf(createBackendClient({ baseUrl: 'http://127.0.0.1:1', origin: ORIGIN }).challenge())).toBe('BACKEND_UNREACHABLE');
  });

  it('leaves nothing behind on the caller\'s long-lived signal (the companion passes one to every login)', async () => {
    const base = await serve((req, res) => {
      if (req.url === '/api/auth/eid/challenge') json(res, 200, { nonce, origin: ORIGIN, expiresAt: 'x' });
      else json(res, 500, {});
    });
    const client = createBackendClient({ baseUrl: base, origin: ORIGIN });
    const session = new AbortController();
    for (let i = 0; i < 3; i++) {
      await client.challenge(session.signal);
      expect(await codeOf(client.login({}, session.signal))).toBe('BACKEND_ERROR');
    }
    expect(getEventListeners(session.signal, 'abort')).toHaveLength(0);
  });
});
