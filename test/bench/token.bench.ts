// Web eID token validation speed (revocation off) beside the raw signature-verify rate of Node's
// crypto on the same machine, in the same run. A validation costs one signature verification plus
// parsing; with decoded certificates and verified paths memoised, the goal is at least half the
// raw rate. Measurements alternate in rounds and keep each one's best, so a busy machine slows both.
import { verify, X509Certificate } from 'node:crypto';
import { createTokenValidator, type TokenValidator, type WebEidToken } from '../../src/auth/index.ts';
import { signedValueData } from '../../src/auth/signed-value.ts';
import { createTestCa, createTestUser, TEST_NONCE, TEST_ORIGIN, tokenFor, type TestKeyType } from '../../src/auth/testing/test-pki.ts';
import type { BenchRow, BenchSuite } from './table.ts';

const ROUNDS = 5;
const ROUND_MS = 400;
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

interface Case {
  readonly label: string;
  readonly hash: 'sha256' | 'sha384';
  readonly tokens: readonly WebEidToken[];
}

async function makeCase(keyType: TestKeyType, label: string, hash: Case['hash'], ca: Parameters<typeof createTestUser>[0]): Promise<Case> {
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
  let bestRaw = 0;
  let bestToken = 0;
  for (let round = 0; round < ROUNDS; round++) {
    bestRaw = Math.max(bestRaw, await rate(() => {
      const r = raw[i++ % raw.length]!;
      if (!verify(c.hash, data, { key: r.key, dsaEncoding: 'ieee-p1363' }, r.signature)) throw new Error('raw verify failed');
    }));
    bestToken = Math.max(bestToken, await rate(async () => {
      if (!(await validator.validate(c.tokens[i++ % c.tokens.length], expected)).ok) throw new Error('validation failed');
    }));
  }
  return {
    name: `token validation ${c.label}, revocation off (1 core)`,
    measured: { value: bestToken, unit: 'tokens/s' },
    baseline: { label: `raw ${c.label} verify/s (node:crypto)`, value: bestRaw },
    goal: { text: '≥ 50% of raw verify', met: bestToken >= 0.5 * bestRaw },
  };
}

const suite: BenchSuite = async () => {
  const root = await createTestCa({ name: 'Bench Root' });
  const ca = await createTestCa({ name: 'Bench Citizen CA', issuer: root });
  const validator = createTokenValidator({ trustedCertificates: [root.pem, ca.pem], revocation: false });
  const cases = [
    await makeCase('P-384', 'ES384 (P-384)', 'sha384', ca),
    await makeCase('RSA-2048', 'RS256 (RSA-2048)', 'sha256', ca),
  ];
  const rows: BenchRow[] = [];
  for (const c of cases) rows.push(await measure(validator, c));
  return rows;
};

export default suite;
