// The diagnosis live on this machine: real pcscd (stopped, without readers, with the vpcd readers),
// virtual cards over vpcd, a card held exclusively by another process, and the reference backend.
// Each case must reach the right verdict and fix. Runs in the serial `pcscd` project, under the
// pcscd lock; pcscd is always left running with its default readers.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosisLanguage, DiagnosisReport } from '../../src/contract/diagnosis.ts';
import { createCardLibraryInspector } from '../../src/diagnostics/card-library-inspector.ts';
import { runDiagnosis } from '../../src/diagnostics/run-diagnosis.ts';
import { createTestPki, createVirtualCard, type TestPki, type VirtualCard } from '../../src/virtual-card/index.ts';
import { createPlatformProbe } from '../../native/platform/platform-probe.ts';
import { createPcscLitePort } from '../../native/pcsclite/pcsclite-port.ts';
import { main } from '../../main/cli/index.ts';
import { ensurePcscd, pcscdInstalled, PCSCD_MISSING, restartPcscd, stopPcscd, VPCD_READERS } from '../support/pcscd.ts';
import { startServer, type ServerHandle } from '../support/server.ts';
import { withVirtualCardOnPcscd } from '../support/virtual-card.ts';
import { attachNonEidCard } from '../support/non-eid-card.ts';

if (!pcscdInstalled()) console.warn(PCSCD_MISSING);

let pki: TestPki;
let rootPemFile: string;
let server: ServerHandle;
const cards: Record<string, VirtualCard> = {};

async function diagnose(options: { backendUrl?: string | null; language?: DiagnosisLanguage; includePersonalData?: boolean } = {}): Promise<DiagnosisReport> {
  const pcsc = createPcscLitePort();
  try {
    return await runDiagnosis(
      {
        pcsc,
        platform: createPlatformProbe(),
        card: createCardLibraryInspector(pcsc.platform),
        fetch: globalThis.fetch,
        now: () => new Date(),
        appVersion: '0.1.0',
        // The test machine may be reached over SSH: the remote-session rule is tested on its own.
        env: {},
        trustedRoots: [pki.root.pem],
      },
      { language: options.language ?? 'en', includePersonalData: options.includePersonalData ?? false, backendUrl: options.backendUrl === undefined ? server.url : options.backendUrl },
    );
  } finally {
    await pcsc.close();
  }
}

function expectVerdict(report: DiagnosisReport, key: DiagnosisReport['verdict']['key'], firstAction?: string): void {
  expect(report.verdict.key, report.summary).toBe(key);
  if (firstAction) expect(report.verdict.actionKeys[0]).toBe(`action.${firstAction}`);
  expect(report.outcome).toMatch(key === 'allFine' ? /^(pass|warn)$/ : /^fail$/);
}

describe.skipIf(!pcscdInstalled())('diagnosis on the live PC/SC stack', () => {
  beforeAll(async () => {
    pki = await createTestPki({ seed: 'diagnose-live' });
    const [good17, good18, expired17, expired18, blocked] = await Promise.all([
      createVirtualCard({ profile: '1.7', pki, seed: 'diag-17' }),
      createVirtualCard({ profile: '1.8', pki, seed: 'diag-18' }),
      createVirtualCard({ profile: '1.7', pki, seed: 'diag-17x', certificates: 'expired' }),
      createVirtualCard({ profile: '1.8', pki, seed: 'diag-18x', certificates: 'expired' }),
      createVirtualCard({ profile: '1.8', pki, seed: 'diag-18b', blocked: true }),
    ]);
    Object.assign(cards, { good17, good18, expired17, expired18, blocked });
    const pems = good18.exportPem(mkdtempSync(join(tmpdir(), 'diag-pki-')));
    rootPemFile = pems.root;
    server = await startServer({ trust: [pems.root], origin: 'https://myvivium.test', dev: true });
  }, 120_000);

  afterAll(async () => {
    await ensurePcscd();
    await server?.stop();
  });

  it('pcscd not running → start pcscd', async () => {
    await stopPcscd();
    const report = await diagnose();
    expectVerdict(report, 'pcscNotRunning', 'startPcscdLinux');
    expect(report.findings.find((f) => f.key === 'pcscService')?.detailKey).toBe('detail.pcscService.linuxNotRunning');
  });

  it('pcscd running without readers → plug the reader in', async () => {
    await restartPcscd({ readers: 'none' });
    expectVerdict(await diagnose(), 'noReader', 'plugReader');
  });

  it('a reader without card → insert the card', async () => {
    await restartPcscd();
    const report = await diagnose();
    expectVerdict(report, 'noCard', 'insertCard');
    expect(report.findings.find((f) => f.key === 'readers')?.value).toEqual([...VPCD_READERS]);
  });

  it('a card that is not a Belgian eID → insert the eID', async () => {
    await ensurePcscd();
    const attachment = await attachNonEidCard(0);
    try {
      await attachment.poweredUp;
      const report = await diagnose();
      expectVerdict(report, 'cardNotEid', 'insertEid');
      expect(report.findings.find((f) => f.key === 'card')?.value).toBe('3B6500009C11010103');
    } finally {
      await attachment.detach();
    }
  });

  it.each(['expired17', 'expired18'])('a Belgian eID with expired certificates (%s) → renew the card', async (name) => {
    await withVirtualCardOnPcscd({ card: cards[name]! }, async () => {
      const report = await diagnose();
      expectVerdict(report, 'certExpired', 'renewCard');
      expect(report.findings.find((f) => f.key === 'certValidity')?.detailKey).toBe('detail.certValidity.expired');
    });
  });

  it('PIN blocked → unblock at the municipality, without spending a try', async () => {
    await withVirtualCardOnPcscd({ card: cards.blocked! }, async () => {
      expectVerdict(await diagnose(), 'pinBlocked', 'unblockPin');
    });
  });

  it('card held exclusively by another process → close the other program', async () => {
    await withVirtualCardOnPcscd({ card: cards.good18! }, async ({ reader }) => {
      const holder = await holdExclusively(reader);
      try {
        expectVerdict(await diagnose(), 'cardInUse', 'closeOtherPrograms');
      } finally {
        holder.kill();
      }
    });
  });

  it('backend unreachable → check the internet connection', async () => {
    await withVirtualCardOnPcscd({ card: cards.good18! }, async () => {
      const report = await diagnose({ backendUrl: 'http://127.0.0.1:1' });
      expectVerdict(report, 'backendUnreachable', 'checkInternet');
      expect(report.findings.filter((f) => f.status === 'fail').map((f) => f.key)).toEqual(['backendReachable']);
    });
  });

  it.each(['good17', 'good18'])('everything fine (%s), tries kept', async (name) => {
    const card = cards[name]!;
    const tries = card.triesLeft;
    await withVirtualCardOnPcscd({ card }, async () => {
      const report = await diagnose();
      expectVerdict(report, 'allFine');
      expect(report.findings.filter((f) => f.status === 'fail')).toEqual([]);
      for (const key of ['cardType', 'dataSignature', 'certValidity', 'certChain', 'backendReachable', 'clockSkew']) {
        expect(report.findings.find((f) => f.key === key)?.status, key).toBe('pass');
      }
    });
    expect(card.triesLeft).toBe(tries);
  });

  it('the CLI: exit 0 when all is fine, no personal data in any language unless asked', async () => {
    const card = cards.good18!;
    const secrets = [card.holder.nationalNumber, card.holder.surname, ...card.holder.firstNames.split(' '), card.holder.dateOfBirth, card.holder.address.streetAndNumber];
    await withVirtualCardOnPcscd({ card }, async () => {
      for (const lang of ['en', 'fr', 'nl', 'de']) {
        const out: string[] = [];
        const code = await main(['diagnose', '--backend', server.url, '--trust', rootPemFile, '--lang', lang], capture(out));
        const text = out.join('\n');
        expect(code, text).toBe(0);
        for (const secret of secrets) expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
      }
      const out: string[] = [];
      expect(await main(['diagnose', '--json', '--include-personal-data', '--backend', server.url, '--trust', rootPemFile], capture(out))).toBe(0);
      const report = JSON.parse(out.join('\n')) as DiagnosisReport;
      expect(report.verdict.key).toBe('allFine');
      expect(report.text).toContain(card.holder.nationalNumber);
    });
  });

  it('the CLI: exit 1 when something fails', async () => {
    await ensurePcscd();
    const out: string[] = [];
    expect(await main(['diagnose', '--json', '--backend', server.url], capture(out))).toBe(1);
    expect((JSON.parse(out.join('\n')) as DiagnosisReport).verdict.key).toBe('noCard');
  });
});

function capture(out: string[]) {
  return { out: (t: string) => void out.push(t), err: () => undefined, readStdin: async () => '', env: {} };
}

/** Another program: a separate Node process that connects to the card exclusively and keeps it. */
async function holdExclusively(reader: string): Promise<ChildProcess> {
  const script = `
    const pcsc = require('pcsclite')();
    pcsc.on('reader', (r) => {
      if (r.name !== ${JSON.stringify(reader)}) return;
      let done = false;
      r.on('status', (s) => {
        if (done || !(s.state & r.SCARD_STATE_PRESENT)) return;
        done = true;
        r.connect({ share_mode: r.SCARD_SHARE_EXCLUSIVE, protocol: r.SCARD_PROTOCOL_T0 }, (err) => {
          if (err) { console.error(String(err)); process.exit(2); }
          console.log('held');
        });
      });
    });`;
  const child = spawn(process.execPath, ['-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('held') && resolve());
    child.once('exit', (code) => reject(new Error(`the holding process ended (${code})`)));
    setTimeout(() => reject(new Error('the holding process did not get the card')), 15_000);
  });
  return child;
}
