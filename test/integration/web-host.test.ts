// The web host for real: HTTP + WebSocket on 127.0.0.1, the renderer's own bridge client, a forked
// card process with the in-process virtual card.
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createWebSocketBridge } from '../../renderer/bridge/ws-client.ts';
import type { EidBridge } from '../../src/contract/index.ts';
import { startWeb, type RunningWeb } from '../../main/web/index.ts';

let web: RunningWeb;
let bridge: EidBridge & { close(): void };
const root = mkdtempSync(join(tmpdir(), 'web-host-'));

beforeAll(async () => {
  mkdirSync(join(root, 'dist', 'assets'), { recursive: true });
  writeFileSync(join(root, 'dist', 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(root, 'dist', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'outside');
  web = await startWeb(
    { backendUrl: 'http://127.0.0.1:9', origin: 'https://myvivium.example', pcsc: { kind: 'virtual', profile: '1.8', seed: 'web-host-test' } },
    { staticDir: join(root, 'dist') },
  );
  const wsUrl = web.host.url.replace('http://', 'ws://').replace('/?', '/bridge?');
  bridge = createWebSocketBridge(wsUrl, (url) => new WebSocket(url, { origin: web.host.origin }));
});
afterAll(async () => {
  bridge?.close();
  await web?.stop();
});

function upgradeStatus(url: string, origin: string): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { origin });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
    ws.on('error', () => resolve('error'));
  });
}

describe('web host', () => {
  it('answers calls through the renderer bridge client, with events', async () => {
    const info = await bridge.call('app.info', {});
    expect(info).toMatchObject({ ok: true, result: { backendOrigin: 'https://myvivium.example', demo: true } });
    const states: string[] = [];
    const off = bridge.on('state', (s) => states.push(s.phase));
    const summary = await bridge.call('card.summary', {});
    expect(summary).toMatchObject({ ok: true, result: { applet: '1.8', pin: { triesLeft: 3 } } });
    off();
    expect(states).toContain('reading');
  });

  it('refuses malformed arguments and unknown methods with INVALID_ARGUMENT', async () => {
    const raw = bridge as unknown as { call(method: string, args: unknown): Promise<unknown> };
    expect(await raw.call('fs.readFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await raw.call('app.setLanguage', { language: 'en', extra: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await raw.call('card.summary', { reader: 'r'.repeat(5000) })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('reports an unreachable backend with its code', async () => {
    expect(await bridge.call('login.prepare', {})).toMatchObject({ ok: false, error: { code: 'BACKEND_UNREACHABLE' } });
  });

  it('refuses a socket without the token, with a wrong token, or from another origin', async () => {
    const base = `ws://127.0.0.1:${web.host.port}/bridge`;
    expect(await upgradeStatus(`${base}?token=${web.host.token}`, web.host.origin)).toBe('open');
    expect(await upgradeStatus(base, web.host.origin)).toBe('403');
    expect(await upgradeStatus(`${base}?token=${web.host.token.slice(0, -1)}x`, web.host.origin)).toBe('403');
    expect(await upgradeStatus(`${base}?token=${web.host.token}`, 'http://evil.example')).toBe('403');
    expect(await upgradeStatus(`${base}?token=${web.host.token}`, `http://localhost:${web.host.port}`)).toBe('403');
  });

  it('serves the renderer with a strict CSP and never a file outside it', async () => {
    const page = await fetch(`${web.host.origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${web.host.origin}/assets/app.js`)).status).toBe(200);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2Fsecret.txt', '/assets/..%2F..%2Fsecret.txt']) {
      const res = await fetch(`${web.host.origin}${path}`);
      expect(res.status, path).toBe(404);
    }
  });
});
