import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, createTestUser } from '../../../src/test-pki/test-pki.ts';
import { TEST_NONCE, TEST_ORIGIN, tokenFor } from '../../../src/test-pki/software-token.ts';
import type { CliIo } from '../io.ts';
import { run } from './verify-token.ts';

function capture(stdin = ''): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t), readStdin: async () => stdin, env: {} };
}

describe('eid-companion verify-token', () => {
  const dir = mkdtempSync(join(tmpdir(), 'verify-token-'));
  const tokenFile = join(dir, 'token.json');
  const loginBody = join(dir, 'login.json');
  const caFile = join(dir, 'ca.pem');
  const rootFile = join(dir, 'root.pem');
  let tokenText = '';

  beforeAll(async () => {
    const root = await createTestCa({ name: 'CLI Root' });
    const ca = await createTestCa({ name: 'CLI Citizen CA', issuer: root });
    const token = await tokenFor(await createTestUser(ca, { surname: 'Janssens', givenNames: 'Pieter', nationalNumber: '90010112345' }));
    tokenText = JSON.stringify(token);
    writeFileSync(tokenFile, tokenText);
    writeFileSync(loginBody, JSON.stringify({ token }));
    writeFileSync(caFile, ca.pem);
    writeFileSync(rootFile, root.pem);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const base = (file: string) => [file, '--origin', TEST_ORIGIN, '--nonce', TEST_NONCE, '--trust', `${rootFile},${caFile}`, '--no-revocation'];

  it('exits 0 and prints the subject of a valid token (file, login body, stdin)', async () => {
    const io = capture();
    expect(await run([...base(tokenFile), '--json'], io)).toBe(0);
    expect(JSON.parse(io.stdout.join(''))).toMatchObject({ ok: true, subject: { surname: 'Janssens', givenNames: 'Pieter', nationalNumber: '90010112345' } });
    expect(await run(base(loginBody), capture())).toBe(0);
    const piped = capture(tokenText);
    expect(await run(base('-'), piped)).toBe(0);
    expect(piped.stdout.join('\n')).toContain('surname: Janssens');
  });

  it('exits 1 with the error code of an invalid token', async () => {
    const io = capture();
    expect(await run([...base(tokenFile).map((a) => (a === TEST_ORIGIN ? 'https://other.test' : a)), '--json'], io)).toBe(1);
    expect(JSON.parse(io.stdout.join(''))).toMatchObject({ error: { code: 'SIGNATURE_INVALID' } });
    const late = capture();
    expect(await run([...base(tokenFile), '--at', '2099-01-01T00:00:00Z'], late)).toBe(1);
    expect(late.stderr.join('')).toContain('CERT_EXPIRED');
  });

  it('checks revocation unless told not to (no OCSP URL → OCSP_UNAVAILABLE)', async () => {
    const io = capture();
    expect(await run(base(tokenFile).filter((a) => a !== '--no-revocation'), io)).toBe(1);
    expect(io.stderr.join('')).toContain('OCSP_UNAVAILABLE');
  });

  it('exits 2 on usage errors', async () => {
    expect(await run([tokenFile, '--origin', TEST_ORIGIN], capture())).toBe(2);
    expect(await run([...base(tokenFile), '--bogus'], capture())).toBe(2);
    expect(await run([...base(tokenFile), '--at', 'yesterday'], capture())).toBe(2);
    expect(await run(base(join(dir, 'missing.json')), capture())).toBe(2);
    expect(await run(base(tokenFile).map((a) => (a === `${rootFile},${caFile}` ? tokenFile : a)), capture())).toBe(2);
  });
});
