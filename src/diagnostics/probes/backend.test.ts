// The backend probe against real HTTP(S) servers on loopback: healthy, clock skew, not listening,
// garbage answer, and a self-signed certificate (TLS failure).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../contract/diagnosis.ts';
import type { ProbeContext } from '../context.ts';
import { Redactor } from '../redactor.ts';
import { backendProbe, proxyFinding, skewFinding } from './backend.ts';

const servers: (http.Server | https.Server)[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function listen(server: http.Server | https.Server): Promise<number> {
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

const health = (time: string) => (_req: http.IncomingMessage, res: http.ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status: 'ok', time }));
};

function context(backendUrl: string | null, now = new Date(), env: Record<string, string> = {}): ProbeContext {
  return {
    deps: { fetch: globalThis.fetch, now: () => now, env } as unknown as ProbeContext['deps'],
    options: { language: 'en', includePersonalData: false, backendUrl },
    state: {},
    redactor: new Redactor(),
  };
}
const byKey = (findings: Finding[]) => Object.fromEntries(findings.map((f) => [f.key, f]));

describe('backend probe', () => {
  it('healthy backend, clock in sync', async () => {
    const now = new Date();
    const port = await listen(http.createServer(health(now.toISOString())));
    const f = byKey(await backendProbe.run(context(`http://127.0.0.1:${port}`, now)));
    expect(f.backendReachable).toMatchObject({ status: 'pass', detailKey: 'detail.backendReachable.ok' });
    expect(f.backendTls).toMatchObject({ status: 'skip', detailKey: 'detail.backendTls.localPlain' });
    expect(f.clockSkew).toMatchObject({ status: 'pass', value: 0 });
    expect(f.proxy).toMatchObject({ status: 'pass', detailKey: 'detail.proxy.none' });
  });

  it('our clock ten minutes ahead of the backend', async () => {
    const now = new Date();
    const port = await listen(http.createServer(health(new Date(now.getTime() - 600_000).toISOString())));
    const f = byKey(await backendProbe.run(context(`http://127.0.0.1:${port}`, now)));
    expect(f.clockSkew).toMatchObject({ status: 'fail', detailKey: 'detail.clockSkew.ahead', value: 600 });
  });

  it('nothing listening: unreachable, proxy suspected when one is set', async () => {
    const port = await listen(http.createServer());
    await new Promise((r) => servers.pop()!.close(r));
    const f = byKey(await backendProbe.run(context(`http://127.0.0.1:${port}`, new Date(), { HTTPS_PROXY: 'http://user:secret@proxy.example:3128' })));
    expect(f.backendReachable).toMatchObject({ status: 'fail', detailKey: 'detail.backendReachable.unreachable', params: { code: 'ECONNREFUSED' } });
    expect(f.clockSkew?.status).toBe('skip');
    expect(f.proxy).toMatchObject({ status: 'warn', value: 'HTTPS_PROXY=http://proxy.example:3128' });
  });

  it('garbage instead of the health document: reachable but unhealthy, clock from the Date header', async () => {
    const port = await listen(http.createServer((_req, res) => res.end('<html>captive portal</html>')));
    const f = byKey(await backendProbe.run(context(`http://127.0.0.1:${port}`)));
    expect(f.backendReachable).toMatchObject({ status: 'warn', detailKey: 'detail.backendReachable.unhealthy' });
    expect(f.clockSkew?.status).toBe('pass');
  });

  it('a certificate the system does not trust: TLS failure', async (ctx) => {
    const dir = mkdtempSync(join(tmpdir(), 'diag-tls-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=localhost',
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    } catch {
      ctx.skip('openssl is not installed');
    }
    const port = await listen(https.createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, health(new Date().toISOString())));
    const f = byKey(await backendProbe.run(context(`https://localhost:${port}`)));
    expect(f.backendReachable).toMatchObject({ status: 'fail', detailKey: 'detail.backendReachable.tlsFailed' });
    expect(f.backendTls).toMatchObject({ status: 'fail', detailKey: 'detail.backendTls.invalid', params: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' } });
  });

  it('no backend given: network checks skipped', async () => {
    const f = byKey(await backendProbe.run(context(null)));
    expect(f.backendReachable?.status).toBe('skip');
    expect(f.clockSkew?.status).toBe('skip');
  });

  it('pure helpers', () => {
    expect(skewFinding(new Date(0), new Date(90_000))).toMatchObject({ status: 'warn', detailKey: 'detail.clockSkew.behind', params: { seconds: 90 } });
    expect(skewFinding(new Date(0), new Date('nonsense')).status).toBe('skip');
    expect(proxyFinding({ http_proxy: 'http://p:8080' }, true)).toMatchObject({ status: 'pass', detailKey: 'detail.proxy.set' });
  });
});
