// The whole diagnosis over the in-process PC/SC service and virtual cards (the same emulator the demo
// uses), with Windows service states as the platform probe reports them (its parsing of recorded
// outputs is tested in native/platform). Live pcscd runs are in test/integration/diagnose.pcscd.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosisProgress, DiagnosisReport } from '../contract/diagnosis.ts';
import type { PlatformProbe, StartType } from './platform.ts';
import { createVirtualCard, InProcessPcscPort, type VirtualCard } from '../virtual-card/index.ts';
import { createCardLibraryInspector } from './card-library-inspector.ts';
import { runDiagnosis, type DiagnosisDeps, type DiagnosisOptions } from './run-diagnosis.ts';

function windows(startType: StartType, state: 'stopped' | 'running'): PlatformProbe {
  return {
    os: async () => ({ family: 'windows', release: '10.0.22631', arch: 'x64', name: 'Windows 11' }),
    pcscService: async () => ({
      kind: 'windows',
      smartCard: { state, startType },
      deviceEnum: { state: 'running', startType: 'manual-triggered' },
      eidMinidriverCards: [],
    }),
  };
}

const READER = 'ACS ACR38U-CCID 00 00';
let card18: VirtualCard;

beforeAll(async () => {
  card18 = await createVirtualCard({ profile: '1.8', seed: 'diag-unit' });
});

function deps(port: InProcessPcscPort, over: Partial<DiagnosisDeps> = {}): DiagnosisDeps {
  return {
    pcsc: port,
    platform: windows('manual-triggered', 'running'),
    card: createCardLibraryInspector(port.platform),
    fetch: globalThis.fetch,
    now: () => new Date(),
    appVersion: '0.1.0',
    env: {},
    trustedRoots: [card18.pki.root.pem],
    ...over,
  };
}
const options = (over: Partial<DiagnosisOptions> = {}): DiagnosisOptions => ({ language: 'en', includePersonalData: false, backendUrl: null, ...over });
const status = (report: DiagnosisReport, key: string) => report.findings.find((f) => f.key === key)?.status;

describe('runDiagnosis (in-process PC/SC, virtual cards)', () => {
  it('Windows: service stopped because no reader is plugged in → "no reader", not a service fault', async () => {
    const port = new InProcessPcscPort({ serviceRunning: false, platform: 'windows' });
    const report = await runDiagnosis(deps(port, { platform: windows('manual-triggered', 'stopped') }), options());
    expect(status(report, 'pcscService')).toBe('pass');
    expect(report.verdict.key).toBe('noReader');
    expect(report.outcome).toBe('fail');
  });

  it('Windows: disabled Smart Card service', async () => {
    const port = new InProcessPcscPort({ serviceRunning: false, platform: 'windows' });
    const report = await runDiagnosis(deps(port, { platform: windows('disabled', 'stopped') }), options());
    expect(report.verdict).toMatchObject({ key: 'pcscServiceDisabled', actionKeys: expect.arrayContaining(['action.enableSmartCardService']) });
  });

  it('only a Windows Hello reader → not a card reader', async () => {
    const port = new InProcessPcscPort({ readers: [{ name: 'Windows Hello for Business 1' }] });
    const report = await runDiagnosis(deps(port), options());
    expect(report.verdict.key).toBe('virtualReaderInTheWay');
    expect(status(report, 'virtualReaders')).toBe('warn');
  });

  it('macOS: useIFDCCID set without the CCID driver, no reader seen → the driver is missing', async () => {
    const macos: PlatformProbe = {
      os: async () => ({ family: 'macos', release: '14.5', arch: 'arm64', name: 'macOS' }),
      pcscService: async () => ({ kind: 'macos', readers: [], readerDrivers: [], ifdCcidInstalled: false, useIfdCcid: true, disabledTokens: [], tokenDrivers: [] }),
    };
    const report = await runDiagnosis(deps(new InProcessPcscPort(), { platform: macos }), options({ language: 'de' }));
    expect(report.verdict).toMatchObject({ key: 'readerDriverMissing', actionKeys: ['action.macosInstallCcid', 'action.macosUseAppleCcid'] });
    expect(report.summary).toContain('Der Treiber des Kartenlesers fehlt');
  });

  it('Remote Desktop session without a redirected reader → run it on your own computer', async () => {
    const report = await runDiagnosis(deps(new InProcessPcscPort(), { env: { SESSIONNAME: 'RDP-Tcp#3' } }), options({ language: 'nl' }));
    expect(report.verdict.key).toBe('remoteSession');
    expect(report.verdict.actionKeys[0]).toBe('action.useLocalComputer');
  });

  it('a Belgian eID 1.8 that is fine → allFine, with progress for every step', async () => {
    const port = new InProcessPcscPort({ readers: [{ name: READER, card: card18 }] });
    const progress: DiagnosisProgress[] = [];
    const report = await runDiagnosis(deps(port), options(), (p) => progress.push(p));
    expect(report.findings.filter((f) => f.status === 'fail')).toEqual([]);
    expect(report.verdict.key).toBe('allFine');
    expect(report.findings.find((f) => f.key === 'cardType')).toMatchObject({ status: 'pass', params: { applet: '1.8' } });
    expect(report.findings.find((f) => f.key === 'pinTries')).toMatchObject({ value: 3 });
    expect(status(report, 'certChain')).toBe('pass');
    expect(status(report, 'dataSignature')).toBe('pass');
    expect(progress.map((p) => p.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(card18.triesLeft).toBe(3);
  });

  it('the card is held exclusively by another program', async () => {
    const port = new InProcessPcscPort({ readers: [{ name: READER, card: card18 }] });
    port.holdExclusive(READER, true);
    const report = await runDiagnosis(deps(port), options());
    expect(report.verdict.key).toBe('cardInUse');
  });

  it('a certificate chain to an unknown root → certUntrusted', async () => {
    const other = await createVirtualCard({ profile: '1.8', seed: 'diag-other-root' });
    const port = new InProcessPcscPort({ readers: [{ name: READER, card: card18 }] });
    const report = await runDiagnosis(deps(port, { trustedRoots: [other.pki.root.pem] }), options());
    expect(report.verdict.key).toBe('certUntrusted');
  });

  it('a mute card → cardUnresponsive', async () => {
    const mute = await createVirtualCard({ profile: '1.8', seed: 'diag-unit', faults: { mute: true } });
    const port = new InProcessPcscPort({ readers: [{ name: READER, card: mute }] });
    const report = await runDiagnosis(deps(port), options());
    expect(report.verdict.key).toBe('cardUnresponsive');
  });
});

describe('personal data in reports', () => {
  const holderValues = (card: VirtualCard) => [
    card.holder.nationalNumber,
    card.holder.surname,
    ...card.holder.firstNames.split(' '),
    card.holder.dateOfBirth,
    '1985-05-12',
    card.holder.address.streetAndNumber,
    card.holder.placeOfBirth,
  ];

  it.each(['en', 'fr', 'nl', 'de'] as const)('%s: nothing personal unless asked', async (language) => {
    const port = new InProcessPcscPort({ readers: [{ name: READER, card: card18 }] });
    const report = await runDiagnosis(deps(port), options({ language }));
    const everything = JSON.stringify(report) + decodeURIComponent(report.mailto);
    for (const value of holderValues(card18)) expect(everything.toLowerCase(), value).not.toContain(value.toLowerCase());
    expect(report.personalDataIncluded).toBe(false);
  });

  it('attack: a "redacted" report still names the card (chip number) and the reader (USB serial)', async () => {
    const serialReader = 'Gemalto PC Twin Reader (645D4A2B) 00 00';
    const chip = Buffer.from(card18.chipNumber).toString('hex').toUpperCase();
    const port = new InProcessPcscPort({ readers: [{ name: serialReader, card: card18 }] });
    const redacted = await runDiagnosis(deps(port), options());
    const everything = JSON.stringify(redacted) + decodeURIComponent(redacted.mailto);
    expect(everything.toUpperCase()).not.toContain(chip);
    expect(everything).not.toContain('645D4A2B');
    expect(everything).toContain('Gemalto PC Twin Reader 00 00');
    expect(everything).not.toContain('[redacted]) 00 00');
    expect(redacted.verdict.key).toBe('allFine');
    const chosen = await runDiagnosis(deps(port), options({ includePersonalData: true }));
    expect(chosen.text.toUpperCase()).toContain(chip);
    expect(chosen.text).toContain(serialReader);
  });

  it.each([
    ['fr', /valables jusqu['’]au \d{1,2}(?:er)? \p{L}+ \d{4}\./u],
    ['nl', /geldig tot \d{1,2} \p{L}+ \d{4}\./u],
  ] as const)('%s: the certificate date is written as the language writes it, never as ISO', async (language, written) => {
    const port = new InProcessPcscPort({ readers: [{ name: READER, card: card18 }] });
    const report = await runDiagnosis(deps(port), options({ language }));
    const line = report.text.split('\n').find((l) => written.test(l));
    expect(line, report.text).toBeDefined();
    expect(line).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    // What people read comes before the JSON block: no ISO date or UTC time there, the creation time included.
    const readable = report.text.slice(0, report.text.indexOf('{'));
    expect(readable).not.toMatch(/\d{4}-\d{2}-\d{2}|T\d{2}:\d{2}|Z\b/);
    expect(readable).toMatch(language === 'fr' ? /Créé le \d{1,2}(?:er)? \p{L}+ \d{4}, \d{1,2}\u00a0h\u00a0\d{2}/u : /Gemaakt op \d{1,2} \p{L}+ \d{4}, \d{2}:\d{2}/u);
  });

  it('with includePersonalData the holder is in the report', async () => {
    const port = new InProcessPcscPort({ readers: [{ name: READER, card: card18 }] });
    const report = await runDiagnosis(deps(port), options({ includePersonalData: true }));
    expect(report.text).toContain(card18.holder.nationalNumber);
    expect(report.text).toContain(card18.holder.surname);
  });

  it('report texts: summary, JSON block, bounded mailto to the helpdesk', async () => {
    const port = new InProcessPcscPort({ readers: [{ name: READER }] });
    const report = await runDiagnosis(deps(port), options({ language: 'fr' }));
    expect(report.verdict.key).toBe('noCard');
    expect(report.summary).toContain('Pas de carte dans le lecteur');
    expect(report.text).toContain('"verdict"');
    expect(JSON.parse(report.text.slice(report.text.indexOf('{')))).toMatchObject({ reportId: report.reportId });
    expect(report.mailto.startsWith('mailto:myvivium@vivium.be?subject=')).toBe(true);
    expect(report.mailto.length).toBeLessThanOrEqual(2000);
    expect(report.fileName).toBe(`eid-diagnosis-${report.reportId}.txt`);
  });
});
