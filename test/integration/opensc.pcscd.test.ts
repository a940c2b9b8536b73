// Conformance: OpenSC, which knows nothing of this project, takes the virtual card for a Belgian eID.
// The card sits in pcscd's vpcd reader; opensc-tool, pkcs15-tool and pkcs11-tool talk to it through
// real pcscd, and openssl checks the signature. Runs in the serial `pcscd` project (under the lock).
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { pcscdInstalled, PCSCD_MISSING } from '../support/pcscd.ts';
import { withVirtualCardOnPcscd } from '../support/virtual-card.ts';

const PKCS11_MODULE = '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so';
const TOOLS = ['/usr/bin/opensc-tool', '/usr/bin/pkcs15-tool', '/usr/bin/pkcs11-tool', '/usr/bin/openssl'];
const OPENSC_MISSING = `OpenSC is not installed (${[...TOOLS, PKCS11_MODULE].join(', ')}): run \`apt-get install opensc\`; OpenSC conformance skipped`;
const openscInstalled = [...TOOLS, PKCS11_MODULE].every((path) => existsSync(path));
const ready = pcscdInstalled() && openscInstalled;
if (!pcscdInstalled()) console.warn(PCSCD_MISSING);
else if (!openscInstalled) console.warn(OPENSC_MISSING);

const execFileAsync = promisify(execFile);

/** Runs a tool without blocking the event loop: the virtual card answers from this very process. */
async function tool(command: string, args: string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(command, args, { encoding: 'utf8', timeout: 45_000 });
    return { ok: true, stdout, stderr };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const readerArgs = (reader: string): string[] => ['--reader', reader];

function pemBlock(text: string): string {
  const match = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text);
  if (!match) throw new Error(`no certificate in output:\n${text}`);
  return `${match[0]}\n`;
}

describe.skipIf(!ready)('OpenSC takes the virtual card for a Belgian eID', () => {
  it('applet 1.7: recognised, certificates listed and read, signs after login, blocks after three wrong PINs', async () => {
    await withVirtualCardOnPcscd({ profile: '1.7', seed: 'opensc-conformance' }, async ({ card, reader }) => {
      const name = await tool('opensc-tool', [...readerArgs(reader), '-n']);
      expect(name.stdout).toContain('Belpic cards');

      const list = await tool('pkcs15-tool', [...readerArgs(reader), '--list-certificates']);
      expect(list.ok).toBe(true);
      for (const label of ['Authentication', 'Signature', 'CA', 'Root']) expect(list.stdout).toContain(`X.509 Certificate [${label}]`);

      const read = await tool('pkcs15-tool', [...readerArgs(reader), '--read-certificate', '02']);
      const certificate = new X509Certificate(pemBlock(read.stdout));
      expect(certificate.subject).toContain(`CN=Eva Specimen (Authentication)`);
      expect(certificate.subject).toContain(`serialNumber=${card.holder.nationalNumber}`);
      expect(certificate.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);

      const dir = mkdtempSync(join(tmpdir(), 'opensc-conformance-'));
      const data = join(dir, 'data.txt');
      const signature = join(dir, 'signature.bin');
      const publicKey = join(dir, 'authentication-key.pem');
      writeFileSync(data, 'MyVivium login challenge');
      writeFileSync(publicKey, certificate.publicKey.export({ type: 'spki', format: 'pem' }));
      const pkcs11 = ['--module', PKCS11_MODULE, '--slot-index', '0'];
      const sign = await tool('pkcs11-tool', [
        ...pkcs11, '--login', '--pin', '1234', '--sign', '--id', '02', '-m', 'SHA256-RSA-PKCS',
        '--input-file', data, '--output-file', signature,
      ]);
      expect(sign.ok, sign.stderr).toBe(true);
      const check = await tool('openssl', ['dgst', '-sha256', '-verify', publicKey, '-signature', signature, data]);
      expect(check.stdout).toContain('Verified OK');

      for (let attempt = 0; attempt < 3; attempt++) {
        const wrong = await tool('pkcs11-tool', [...pkcs11, '--login', '--pin', '9999', '--list-objects']);
        expect(wrong.ok).toBe(false);
        expect(wrong.stderr + wrong.stdout).toContain('CKR_PIN_INCORRECT');
      }
      expect(card.triesLeft).toBe(0);
      const locked = await tool('pkcs11-tool', [...pkcs11, '--login', '--pin', '1234', '--list-objects']);
      expect(locked.stderr + locked.stdout).toContain('CKR_PIN_LOCKED');
      const verify = await tool('opensc-tool', [...readerArgs(reader), '-s', '00:20:00:01:08:24:12:34:FF:FF:FF:FF:FF']);
      expect(verify.stdout).toMatch(/SW1=0x69, SW2=0x83/);
    });
  });

  it('applet 1.8: recognised, certificates listed, authentication certificate is P-384', async () => {
    await withVirtualCardOnPcscd({ profile: '1.8', seed: 'opensc-conformance' }, async ({ card, reader }) => {
      const name = await tool('opensc-tool', [...readerArgs(reader), '-n']);
      expect(name.stdout).toContain('Belpic cards');

      const list = await tool('pkcs15-tool', [...readerArgs(reader), '--list-certificates']);
      for (const label of ['Authentication', 'Signature', 'CA', 'Root']) expect(list.stdout).toContain(`X.509 Certificate [${label}]`);

      const read = await tool('pkcs15-tool', [...readerArgs(reader), '--read-certificate', '02']);
      const certificate = new X509Certificate(pemBlock(read.stdout));
      expect(certificate.subject).toContain(`serialNumber=${card.holder.nationalNumber}`);
      expect(certificate.subject).toContain('SN=Specimen');
      expect(certificate.publicKey.asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
      expect(certificate.raw.equals(Buffer.from(card.certificates.authentication.der))).toBe(true);
    });
  });
});
