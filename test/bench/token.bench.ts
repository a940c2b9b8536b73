// Web eID token validation speed (revocation off) beside the raw signature-verify rate of Node's
// crypto on the same machine, in the same run. A validation costs one signature verification plus
// parsing; with decoded certificates and verified paths memoised, the goal is at least half the
// raw rate. The two measurements alternate in short rounds and each reports its median, so a busy
// machine (other test runs) slows both alike.
import { verify, X509Certificate } from 'node:crypto';
import { createTokenValidator, type TokenValidator, type WebEidToken } from '../../src/auth/index.ts';
import { signedValueData } from '../../src/auth/signed-value.ts';
import type { KeyAlgorithm } from '../../src/test-pki/keys.ts';
import { createTestCa, createTestUser } from '../../src/test-pki/test-pki.ts';
import { TEST_NONCE, TEST_ORIGIN, tokenFor } from '../../src/test-pki/software-token.ts';
import type { BenchRow, BenchSuite } from './table.ts';

const ROUNDS = 15;
const ROUND_MS = 120;
const USERS = 4; // several certificates, as a server sees many cards

async function rate(work: () => unknown | Promise<unknown>): Promise<number> {
  let count = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ROUND_MS) {
    for (let i = 0; i < 20; i++) await work();
    count += 20;
    elapsed = performance.now() - start;
  }
  return (count * 1000) / elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

interface Case {
  readonly label: string;
  readonly hash: 'sha256' | 'sha384';
  readonly tokens: readonly WebEidToken[];
}

async function makeCase(keyType: KeyAlgorithm, label: string, hash: Case['hash'], ca: Parameters<typeof createTestUser>[0]): Promise<Case> {
  const tokens: WebEidToken[] = [];
  for (let i = 0; i < USERS; i++) tokens.push(await tokenFor(await createTestUser(ca, { keyType })));
  return { label, hash, tokens };
}

async function measure(validator: TokenValidator, c: Case): Promise<BenchRow> {
  const expected = { origin: TEST_ORIGIN, nonce: TEST_NONCE };
  const raw = c.tokens.map((t) => ({
    key: new X509Certificate(Buffer.from(t.unverifiedCertificate, 'base64')).publicKey,
    signature: Buffer.from(t.signature, 'base64'),
  }));
  const data = signedValueData(TEST_ORIGIN, TEST_NONCE, c.hash === 'sha256' ? 'SHA-256' : 'SHA-384');
  for (const t of c.tokens) {
    const result = await validator.validate(t, expected);
    if (!result.ok) throw new Error(`benchmark token invalid: ${result.error.code}`);
  }
  let i = 0;
  const rawRates: number[] = [];
  const tokenRates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    rawRates.push(await rate(() => {
      const r = raw[i++ % raw.length]!;
      if (!verify(c.hash, data, { key: r.key, dsaEncoding: 'ieee-p1363' }, r.signature)) throw new Error('raw verify failed');
    }));
    tokenRates.push(await rate(async () => {
      if (!(await validator.validate(c.tokens[i++ % c.tokens.length], expected)).ok) throw new Error('validation failed');
    }));
  }
  const rawRate = median(rawRates);
  const tokenRate = median(tokenRates);
  return {
    name: `token validation ${c.label}, revocation off (1 core)`,
    measured: { value: tokenRate, unit: 'tokens/s' },
    baseline: { label: `raw ${c.label} verify/s (node:crypto)`, value: rawRate },
    goal: { text: '≥ 50% of raw verify', met: tokenRate >= 0.5 * rawRate },
  };
}

/** The first login of a card: decoding its certificate and verifying its path are not memoised yet. */
async function measureFirstSeen(validator: TokenValidator, ca: Parameters<typeof createTestUser>[0]): Promise<BenchRow> {
  const tokens: WebEidToken[] = [];
  for (let i = 0; i < 40; i++) tokens.push(await tokenFor(await createTestUser(ca, { keyType: 'ec-p384' })));
  const expected = { origin: TEST_ORIGIN, nonce: TEST_NONCE };
  const start = performance.now();
  for (const token of tokens) {
    if (!(await validator.validate(token, expected)).ok) throw new Error('validation failed');
  }
  return {
    name: 'token validation ES384, certificate not seen before (1 core)',
    measured: { value: (tokens.length * 1000) / (performance.now() - start), unit: 'tokens/s' },
  };
}

const suite: BenchSuite = async () => {
  const root = await createTestCa({ name: 'Bench Root' });
  const ca = await createTestCa({ name: 'Bench Citizen CA', issuer: root });
  const validator = createTokenValidator({ trustedCertificates: [root.pem, ca.pem], revocation: false });
  const cases = [
    await makeCase('ec-p384', 'ES384 (P-384)', 'sha384', ca),
    await makeCase('rsa-2048', 'RS256 (RSA-2048)', 'sha256', ca),
  ];
  const rows: BenchRow[] = [];
  for (const c of cases) rows.push(await measure(validator, c));
  rows.push(await measureFirstSeen(validator, ca));
  return rows;
};

export default suite;
