// Test-only: a fresh self-signed root (like the virtual card's exported root) and a leaf under it, made
// with the openssl command line at run time so no private key is ever stored in the repository.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  readonly rootPem: Buffer;
  readonly leafPem: Buffer;
}

export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'trust-test-'));
  try {
    const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'root.key', '-out', 'root.pem',
      '-days', '3650', '-subj', '/C=BE/CN=eID Companion Test Root', '-addext', 'basicConstraints=critical,CA:TRUE',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    run('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr',
      '-subj', '/C=BE/CN=Test Leaf');
    run('x509', '-req', '-in', 'leaf.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-set_serial', '2', '-days', '365', '-out', 'leaf.pem');
    return { rootPem: readFileSync(join(dir, 'root.pem')), leafPem: readFileSync(join(dir, 'leaf.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
