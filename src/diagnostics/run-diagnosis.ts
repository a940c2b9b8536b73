// The diagnosis: every probe in the order of DIAGNOSTICS-NOTES §5, then the verdict, then the report
// in the user's language with personal data removed unless the user asked to include it. It never
// asks for the PIN and never throws: a probe that fails unexpectedly becomes a "not checked" line.
import {
  FINDING_KEYS,
  diagnosisReportSchema,
  type DiagnosisProgress,
  type DiagnosisReport,
  type Finding,
  type FindingKey,
  type FindingParams,
  type FindingValue,
} from '../contract/diagnosis.ts';
import { skipped, type DiagnosisDeps, type DiagnosisOptions, type Probe, type ProbeContext } from './context.ts';
import { diagnosticsTranslator, type Translate } from './i18n.ts';
import { Redactor } from './redactor.ts';
import { fullText, mailtoLink, newReportId, reportFileName, summaryText, type ReportFacts } from './report.ts';
import { decideVerdict, worstStatus } from './rules.ts';
import { backendProbe } from './probes/backend.ts';
import { cardProbe } from './probes/card.ts';
import { certificatesProbe } from './probes/certificates.ts';
import { identityProbe } from './probes/identity.ts';
import { pinProbe } from './probes/pin.ts';
import { readersProbe } from './probes/readers.ts';
import { serviceProbe } from './probes/service.ts';
import { sessionProbe } from './probes/session.ts';
import { systemProbe } from './probes/system.ts';

export type { DiagnosisDeps, DiagnosisOptions } from './context.ts';

/** Each probe with the findings it owns (for the "not checked" lines when it breaks). */
const PROBES: readonly { probe: Probe; keys: readonly FindingKey[] }[] = [
  { probe: systemProbe, keys: ['os', 'appVersion'] },
  { probe: serviceProbe, keys: ['pcscService', 'pcscPlatform'] },
  { probe: readersProbe, keys: ['readers', 'virtualReaders'] },
  { probe: cardProbe, keys: ['readerPinPad', 'card', 'cardType', 'cardInUse'] },
  { probe: identityProbe, keys: ['identity', 'dataSignature'] },
  { probe: certificatesProbe, keys: ['certValidity', 'certChain'] },
  { probe: pinProbe, keys: ['pinTries'] },
  { probe: sessionProbe, keys: ['remoteSession'] },
  { probe: backendProbe, keys: ['backendReachable', 'backendTls', 'proxy', 'clockSkew'] },
];

export const DIAGNOSIS_STEPS = PROBES.map(({ probe }) => probe.id);

export async function runDiagnosis(
  deps: DiagnosisDeps,
  options: DiagnosisOptions,
  onProgress: (progress: DiagnosisProgress) => void = () => {},
): Promise<DiagnosisReport> {
  const t = diagnosticsTranslator(options.language);
  // What people read says "[masqué]" in French, not the English marker.
  const context: ProbeContext = { deps, options, state: {}, redactor: new Redactor(t('report.redacted')) };
  const found = new Map<FindingKey, Finding>();
  try {
    for (const [step, { probe, keys }] of PROBES.entries()) {
      onProgress({ step, total: PROBES.length, probe: probe.id });
      const findings = await probe.run(context).catch(() => skipped(keys, 'probeFailed'));
      for (const f of findings) if (!found.has(f.key)) found.set(f.key, f);
    }
  } finally {
    await context.state.connection?.disconnect('leave').catch(() => {});
  }
  onProgress({ step: PROBES.length, total: PROBES.length, probe: 'done' });

  const ordered = FINDING_KEYS.flatMap((key) => found.get(key) ?? []);
  const findings = options.includePersonalData ? ordered : ordered.map((f) => redactFinding(f, context.redactor));
  const os = context.state.os;
  const now = deps.now();
  const facts: ReportFacts = {
    reportId: newReportId(now),
    createdAt: now.toISOString(),
    language: options.language,
    appVersion: deps.appVersion,
    platform: os?.family ?? 'other',
    systemName: os ? `${os.name ?? os.family} ${os.release}` : '?',
    outcome: worstStatus(findings),
    verdict: decideVerdict(findings, os?.family ?? 'other'),
    findings,
    personalDataIncluded: options.includePersonalData,
  };
  return renderReport(facts, t, options.includePersonalData ? null : context.redactor);
}

/** Builds the report's texts; with a redactor, they pass through it once more as a safety net. */
export function renderReport(facts: ReportFacts, t: Translate, redactor: Redactor | null): DiagnosisReport {
  const clean = (text: string) => (redactor ? redactor.redact(text) : text);
  const summary = clean(summaryText(facts, t));
  return diagnosisReportSchema.parse({
    reportId: facts.reportId,
    createdAt: facts.createdAt,
    language: facts.language,
    appVersion: facts.appVersion,
    platform: facts.platform,
    outcome: facts.outcome,
    verdict: facts.verdict,
    findings: facts.findings,
    personalDataIncluded: facts.personalDataIncluded,
    summary,
    text: clean(fullText(facts, t)),
    mailto: mailtoLink(facts, summary, t),
    fileName: reportFileName(facts.reportId),
  });
}

function redactFinding(f: Finding, redactor: Redactor): Finding {
  const value = (v: FindingValue): FindingValue =>
    typeof v === 'string' ? redactor.redact(v) : Array.isArray(v) ? v.map((s) => redactor.redact(s)) : v;
  const params: FindingParams = Object.fromEntries(
    Object.entries(f.params).map(([k, v]) => [k, typeof v === 'string' ? redactor.redact(v) : v]),
  );
  return { ...f, value: value(f.value), params };
}
