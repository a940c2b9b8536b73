// `eid-companion login` as a user runs it: the real command, pcscd + a virtual card in a vpcd reader,
// the reference backend on SQLite.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, createVirtualCard, type TestPki } from '../../src/virtual-card/index.ts';
import { pcscdInstalled, PCSCD_MISSING } from '../support/pcscd.ts';
import { startServer, type ServerHandle } from '../support/server.ts';
import { withVirtualCardOnPcscd } from '../support/virtual-card.ts';

const ORIGIN = 'https://myvivium.test';
const BIN = resolve(import.meta.dirname, '../../bin/eid-companion.js');
if (!pcscdInstalled()) console.warn(PCSCD_MISSING);

let pki: TestPki;
let server: ServerHandle;

beforeAll(async () => {
  pki = await createTestPki({ seed: 'cli-login-pcscd' });
  const dir = mkdtempSync(join(tmpdir(), 'cli-login-'));
  const trust = [join(dir, 'root.pem'), join(dir, 'citizen-ca.pem')];
  writeFileSync(trust[0]!, pki.trustPem.root);
  writeFileSync(trust[1]!, pki.trustPem.citizenCa);
  server = await startServer({ trust, origin: ORIGIN, dev: true });
}, 60_000);
afterAll(async () => server?.stop());

function login(reader: string, pin: string, extra: string[] = ['--json']): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, 'login', '--backend', server.url, '--origin', ORIGIN, '--reader', reader, '--pin-stdin', ...extra], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => done({ code, stdout, stderr }));
    child.stdin.end(`${pin}\n`);
  });
}

describe.skipIf(!pcscdInstalled())('eid-companion login (pcscd + virtual card + backend)', () => {
  it.each(['1.8', '1.7'] as const)('logs in with applet %s and prints the account', async (profile) => {
    await withVirtualCardOnPcscd({ card: await createVirtualCard({ pki, profile }) }, async ({ reader }) => {
      const result = await login(reader, '1234');
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({ ok: true, account: { displayName: 'Eva Demo Specimen', needsOnboarding: true } });
    });
  });

  it('reports a wrong PIN with the tries left (exit 1)', async () => {
    await withVirtualCardOnPcscd({ card: await createVirtualCard({ pki, profile: '1.8' }) }, async ({ reader }) => {
      const json = await login(reader, '0000');
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'PIN_WRONG', details: { triesLeft: 2 } } });
      const text = await login(reader, '0000', []);
      expect(text.code).toBe(1);
      expect(text.stderr).toContain('PIN_WRONG (1 tries left)');
    });
  });

  it('exits 2 on a usage error', async () => {
    const result = await new Promise<number | null>((done) => spawn(process.execPath, [BIN, 'login'], { stdio: 'ignore' }).on('exit', done));
    expect(result).toBe(2);
  });
});
