// The diagnosis live on this machine: real pcscd (stopped, without readers, with the vpcd readers),
// virtual cards over vpcd, a card held exclusively by another process, and the reference backend.
// Each case must reach the right verdict and fix, through `eid-companion diagnose` run as a process. Runs in the serial `pcscd` project, under the
// pcscd lock; pcscd is always left running with its default readers.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnosisReportSchema, type DiagnosisLanguage, type DiagnosisReport } from '../../src/contract/diagnosis.ts';
import { createTestPki, createVirtualCard, type TestPki, type VirtualCard } from '../../src/virtual-card/index.ts';
import { ensurePcscd, pcscdInstalled, PCSCD_MISSING, restartPcscd, stopPcscd, VPCD_READERS } from '../support/pcscd.ts';
import { startServer, type ServerHandle } from '../support/server.ts';
import { birthDateSpellings } from '../support/birth-date.ts';
import { withVirtualCardOnPcscd } from '../support/virtual-card.ts';
import { attachNonEidCard } from '../support/non-eid-card.ts';
import { holdExclusively, release } from '../support/card-holder.ts';

if (!pcscdInstalled()) console.warn(PCSCD_MISSING);

let pki: TestPki;
let rootPemFile: string;
let server: ServerHandle;
const cards: Record<string, VirtualCard> = {};

const ROOT = resolve(import.meta.dirname, '../..');
/** The CLI's data folder (installation identifier) for this run, not the tester's own. */
const DATA_DIR = mkdtempSync(join(tmpdir(), 'diag-data-'));

/**
 * Runs \`eid-companion diagnose\` as its own process, as a customer would. The virtual card answers
 * pcscd from this test process, so PC/SC calls must not be made from here while it sits in a reader.
 */
function cli(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    // No SSH_* or SESSIONNAME: the remote-session rule is tested on its own.
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', EID_COMPANION_DATA_DIR: DATA_DIR };
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', 'diagnose', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill(), 45_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

async function diagnose(options: { backendUrl?: string; language?: DiagnosisLanguage; includePersonalData?: boolean } = {}): Promise<DiagnosisReport> {
  const args = ['--json', '--backend', options.backendUrl ?? server.url, '--trust', rootPemFile, '--lang', options.language ?? 'en'];
  if (options.includePersonalData) args.push('--include-personal-data');
  const { code, stdout, stderr } = await cli(args);
  const report = diagnosisReportSchema.parse(JSON.parse(stdout || 'null'));
  expect(code, stderr).toBe(report.outcome === 'fail' ? 1 : 0);
  return report;
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
        await release(holder);
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

  it('no personal data in any language unless asked; the human summary exits 0 when all is fine', async () => {
    const card = cards.good18!;
    const secrets = [card.holder.nationalNumber, card.holder.surname, ...card.holder.firstNames.split(' '), card.holder.dateOfBirth, card.holder.address.streetAndNumber];
    await withVirtualCardOnPcscd({ card }, async () => {
      for (const language of ['en', 'fr', 'nl', 'de'] as const) {
        const report = await diagnose({ language });
        expect(report.verdict.key).toBe('allFine');
        const everything = `${JSON.stringify(report)}\n${decodeURIComponent(report.mailto)}`.toLowerCase();
        for (const secret of secrets) expect(everything, `${language}: ${secret}`).not.toContain(secret.toLowerCase());
      }
      const summary = await cli(['--backend', server.url, '--trust', rootPemFile, '--lang', 'nl']);
      expect(summary.code, summary.stderr).toBe(0);
      expect(summary.stdout).toContain('Alles werkt');
      const withData = await diagnose({ includePersonalData: true });
      expect(withData.text).toContain(card.holder.nationalNumber);
      expect(withData.text).toContain(card.holder.surname);
    });
  });
  it('--send hands the report to the helpdesk and prints the code to read out; the stored row holds nothing of the holder', async () => {
    const card = cards.good18!;
    await withVirtualCardOnPcscd({ card }, async () => {
      const sent = await cli(['--send', '--backend', server.url, '--trust', rootPemFile, '--lang', 'fr']);
      expect(sent.code, sent.stderr).toBe(0);
      expect(sent.stdout).toMatch(/Code pour le service client MyVivium\u00a0: [2-9A-HJKMNP-Z]{6} \(lisez ce code au service client\)/);
      const asJson = await cli(['--send', '--json', '--backend', server.url, '--trust', rootPemFile]);
      expect(asJson.code, asJson.stderr).toBe(0);
      const { helpdesk, ...report } = JSON.parse(asJson.stdout) as DiagnosisReport & { helpdesk: { code: string; expiresAt: string } };
      expect(helpdesk.code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
      expect(diagnosisReportSchema.parse(report).verdict.key).toBe('allFine');
    });
    const db = new Database(server.dbPath, { readonly: true });
    const rows = db.prepare('SELECT installation_id, report FROM support_reports').all() as { installation_id: string; report: string }[];
    db.close();
    expect(rows).toHaveLength(2);
    // One computer: both reports carry the installation identifier kept in the CLI's data folder.
    expect(new Set(rows.map((r) => r.installation_id)).size).toBe(1);
    const stored = JSON.stringify(rows).toLowerCase();
    const { iso, dayFirst } = birthDateSpellings(card.holder.nationalNumber);
    for (const secret of [card.holder.nationalNumber, card.holder.surname, ...card.holder.firstNames.split(' '), card.holder.dateOfBirth, iso, dayFirst, card.holder.address.streetAndNumber, card.holder.address.municipality]) {
      expect(stored, secret).not.toContain(secret.toLowerCase());
    }
  });
});
