// `eid-companion virtual-card` as a user runs it: a separate process attaches the card to vpcd slot 1,
// prints one line, exports the certificates, OpenSC sees a Belgian eID, and SIGTERM ends it cleanly.
import { execFile, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ensurePcscd, pcscdInstalled, PCSCD_MISSING } from '../support/pcscd.ts';

const ready = pcscdInstalled() && existsSync('/usr/bin/opensc-tool');
if (!ready) console.warn(pcscdInstalled() ? 'opensc-tool is not installed (apt-get install opensc): CLI conformance skipped' : PCSCD_MISSING);

const BIN = resolve(import.meta.dirname, '../../bin/eid-companion.js');
const execFileAsync = promisify(execFile);

describe.skipIf(!ready)('eid-companion virtual-card', () => {
  it('attaches a 1.7 card to vpcd slot 1 that OpenSC recognises, exports PEMs, and stops on SIGTERM', async () => {
    await ensurePcscd();
    const dir = mkdtempSync(join(tmpdir(), 'virtual-card-cli-'));
    const child = spawn(process.execPath, [BIN, 'virtual-card', '--profile', '1.7', '--slot', '1', '--seed', 'cli-test', '--export', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    try {
      let stdout = '';
      await new Promise<void>((attached, failed) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes('\n')) attached();
        });
        void exited.then((code) => failed(new Error(`virtual-card exited with ${code}`)));
      });
      expect(stdout).toMatch(/^Virtual eID card \(applet 1\.7, Eva Demo Specimen\) attached to vpcd 127\.0\.0\.1:35964/);
      for (const name of ['root', 'citizen-ca', 'rrn', 'authentication', 'signature']) expect(existsSync(join(dir, `${name}.pem`))).toBe(true);
      const authentication = new X509Certificate(readFileSync(join(dir, 'authentication.pem')));
      expect(authentication.checkIssued(new X509Certificate(readFileSync(join(dir, 'citizen-ca.pem'))))).toBe(true);

      // pcscd powers the card up on its next poll; opensc-tool waits for the card with -w.
      const { stdout: name } = await execFileAsync('opensc-tool', ['--reader', 'Virtual PCD 00 01', '-w', '-n'], { timeout: 30_000 });
      expect(name).toContain('Belpic cards');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
