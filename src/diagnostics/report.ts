// The report a customer sends and helpdesk staff read in a minute: the verdict and the fix first,
// then one line per check with an icon, then the JSON block (eDT's RAW DATA, made real). Also the
// helpdesk mailto: link, kept short enough for every mail client.
import type { DiagnosisLanguage, DiagnosisReport, Finding, FindingStatus, Verdict } from '../contract/diagnosis.ts';
import type { Translate } from './i18n.ts';

export const HELPDESK_EMAIL = 'myvivium@vivium.be';
/** Windows hands mailto: links of about 2 000 characters to the mail client reliably; longer ones get cut. */
export const MAILTO_MAX_LENGTH = 2000;
const SUMMARY_MAX_LENGTH = 4000;

export const STATUS_ICON: Readonly<Record<FindingStatus, string>> = { pass: '✔', warn: '⚠', fail: '✖', skip: '–' };

export interface ReportFacts {
  readonly reportId: string;
  readonly createdAt: string;
  readonly language: DiagnosisLanguage;
  readonly appVersion: string;
  readonly platform: DiagnosisReport['platform'];
  readonly systemName: string;
  readonly outcome: FindingStatus;
  readonly verdict: Verdict;
  readonly findings: readonly Finding[];
  readonly personalDataIncluded: boolean;
}

/** "D-20261126-7KQ2MX": the date, then six Crockford base32 characters (no I, L, O, U). */
export function newReportId(now: Date, random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const suffix = Array.from(random(new Uint8Array(6)), (b) => alphabet[b % 32]).join('');
  return `D-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${suffix}`;
}

export function findingLine(f: Finding, t: Translate): string {
  return `${STATUS_ICON[f.status]} ${t(`finding.${f.key}`)}: ${t(f.detailKey, f.params)}`;
}

export function summaryText(facts: ReportFacts, t: Translate): string {
  const v = facts.verdict;
  const lines = [
    `${t('report.heading')} — ${t('report.reportId')}: ${facts.reportId}`,
    `${t('report.created', { date: facts.createdAt })} · ${t('report.app')}: ${facts.appVersion} · ${t('report.system')}: ${facts.systemName}`,
    '',
    `${t('report.verdict')}: ${STATUS_ICON[v.status]} ${t(`verdict.${v.key}.title`)}`,
    t(`verdict.${v.key}.explanation`),
  ];
  if (v.actionKeys.length > 0) lines.push('', `${t('report.whatToDo')}:`, ...v.actionKeys.map((key, i) => `  ${i + 1}. ${t(key)}`));
  lines.push('', `${t('report.checks')}:`, ...facts.findings.map((f) => `  ${findingLine(f, t)}`));
  lines.push('', t(facts.personalDataIncluded ? 'report.personalIncluded' : 'report.personalRedacted'));
  return bounded(lines, SUMMARY_MAX_LENGTH, '…');
}

/** The machine-readable block: everything but the rendered texts. */
export function reportJson(facts: ReportFacts): string {
  const { systemName: _systemName, ...rest } = facts;
  return JSON.stringify(rest, null, 2);
}

export function fullText(facts: ReportFacts, t: Translate): string {
  return `${summaryText(facts, t)}\n\n--- ${t('report.technical')} (JSON) ---\n${reportJson(facts)}\n`;
}

export function mailtoLink(facts: ReportFacts, summary: string, t: Translate): string {
  const subject = encodeURIComponent(t('report.mailSubject', { id: facts.reportId }));
  const base = `mailto:${HELPDESK_EMAIL}?subject=${subject}&body=`;
  const lines = summary.split('\n');
  let body = encodeURIComponent(summary);
  // Drop whole lines from the end until the link fits, and say the mail is shortened.
  for (let keep = lines.length; base.length + body.length > MAILTO_MAX_LENGTH && keep > 0; keep--) {
    body = encodeURIComponent(`${lines.slice(0, keep - 1).join('\n')}\n${t('report.mailTruncated')}`);
  }
  return `${base}${body}`;
}

export function reportFileName(reportId: string): string {
  return `eid-diagnosis-${reportId}.txt`;
}

function bounded(lines: readonly string[], max: number, ellipsis: string): string {
  const text = lines.join('\n');
  return text.length <= max ? text : `${text.slice(0, max - ellipsis.length - 1)}\n${ellipsis}`;
}
