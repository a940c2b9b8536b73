// Cold against warm eID login (issue 10): the calls the companion makes for one login (login.prepare:
// summary + authentication certificate; login.complete: PIN and signature) on the card process's
// engine, with the in-process virtual card. Cold: a card never seen; warm: the same card again, still
// in the reader (its authentication certificate cached by chip number and held to the signature; a
// 1.7 card identified in this insertion is not asked GET CARD DATA again — 1.8 is, as that read also
// gives the tries left). Warm, both profiles: tries left (1.8 GET CARD DATA P2=01, 1.7 empty VERIFY),
// MSE SET, VERIFY, PSO, GET RESPONSE = 5. APDUs are counted by the card; time uses the virtual card's
// latency knob (15 ms per APDU, a typical USB reader).
import { createHash } from 'node:crypto';
import { CardService } from '../../src/card-service/card-service.ts';
import { createTestPki, createVirtualCard, InProcessPcscPort, type VirtualCard } from '../../src/virtual-card/index.ts';
import type { BenchRow, BenchSuite } from './table.ts';

const READER = 'Bench Reader';
const LATENCY_MS = 15;
const WARM_GOAL = 5;
const quiet = { readers: () => undefined, pinPad: () => undefined, diagnosisProgress: () => undefined };

async function login(engine: CardService, hash: 'SHA-256' | 'SHA-384'): Promise<void> {
  await engine.summary({ reader: READER });
  await engine.authCertificate({ reader: READER });
  const digest = createHash(hash === 'SHA-384' ? 'sha384' : 'sha256').update(`nonce ${Math.random()}`).digest();
  await engine.authenticate({ reader: READER, pin: { kind: 'digits', pin: Buffer.from('1234') }, digest, hash });
}

async function measure(card: VirtualCard, engine: CardService, hash: 'SHA-256' | 'SHA-384') {
  const start = card.apduCount;
  const t0 = performance.now();
  await login(engine, hash);
  return { apdus: card.apduCount - start, ms: performance.now() - t0 };
}

const suite: BenchSuite = async () => {
  const pki = await createTestPki({ seed: 'login-bench' });
  const rows: BenchRow[] = [];
  for (const profile of ['1.8', '1.7'] as const) {
    const hash = profile === '1.8' ? 'SHA-384' : 'SHA-256';
    const card = await createVirtualCard({ profile, pki, seed: `login-bench-${profile}` });
    const engine = new CardService(new InProcessPcscPort({ readers: [{ name: READER, card }] }), quiet);
    try {
      const cold = await measure(card, engine, hash);
      const warm = await measure(card, engine, hash);
      card.faults.latencyMs = LATENCY_MS;
      // A fresh engine has an empty cache: cold again, now with the latency model.
      const slowEngine = new CardService(new InProcessPcscPort({ readers: [{ name: READER, card }] }), quiet);
      try {
        const coldTimed = await measure(card, slowEngine, hash);
        const warmTimed = await measure(card, slowEngine, hash);
        rows.push(
          { name: `login ${profile} in-process: cold eID login (prepare + complete)`, measured: { value: cold.apdus, unit: 'APDUs' } },
          {
            name: `login ${profile} in-process: warm eID login (same insertion, certificate cached by chip, verified)`,
            measured: { value: warm.apdus, unit: 'APDUs' },
            baseline: { label: 'cold', value: cold.apdus },
            goal: { text: `≤ ${WARM_GOAL} APDUs`, met: warm.apdus <= WARM_GOAL },
          },
          { name: `login ${profile} in-process, ${LATENCY_MS} ms/APDU: cold eID login`, measured: { value: coldTimed.ms, unit: 'ms' } },
          {
            name: `login ${profile} in-process, ${LATENCY_MS} ms/APDU: warm eID login`,
            measured: { value: warmTimed.ms, unit: 'ms' },
            baseline: { label: 'cold', value: coldTimed.ms },
            goal: { text: 'faster than cold', met: warmTimed.ms < coldTimed.ms },
          },
        );
      } finally {
        await slowEngine.stop();
      }
    } finally {
      await engine.stop();
    }
  }
  return rows;
};

export default suite;
