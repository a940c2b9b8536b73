// The helpdesk page, rendered on the server in the agent's language: sign-in, the code field, and a
// report with the verdict and the fixes first, then the findings, then the earlier reports of the same
// computer. The report's keys are translated with the app's own `diagnostics` texts, so the agent reads
// in Dutch a report the customer made in French. No script: forms only (the CSP allows none).
import i18next, { type TFunction } from 'i18next';
import type { DiagnosisReport, FindingValue } from '../../src/contract/diagnosis.ts';
import { addRegionalFormatters, regionalLocale } from '../../src/contract/index.ts';
import { PRODUCT_VARIABLES } from '../../src/contract/product.ts';
import { DIAGNOSTICS_TEXTS } from '../../src/i18n/diagnostics-texts.ts';
import { LANGUAGES, PAGES, type Language } from '../page-text.ts';
import { escapeHtml } from '../portal-page.ts';

/** The backend's pages and the app's diagnosis texts, in every language. */
const RESOURCES = Object.fromEntries(LANGUAGES.map((language) => [language, { pages: PAGES[language], diagnostics: DIAGNOSTICS_TEXTS[language] }]));

const i18n = i18next.createInstance();
void i18n.init({
  initAsync: false,
  fallbackLng: 'en',
  ns: ['pages', 'diagnostics'],
  defaultNS: 'pages',
  interpolation: { escapeValue: false, defaultVariables: PRODUCT_VARIABLES },
  showSupportNotice: false,
  resources: RESOURCES,
});
addRegionalFormatters(i18n);

export type SignInMode = 'oidc' | 'dev-token' | 'none';

/** A report as the page shows it: the stored report and when it was sent. */
export interface ShownReport {
  readonly report: DiagnosisReport;
  readonly sentAt: number;
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1b}
.banner{background:#fff3cd;border:2px solid #8a6d00;padding:.75rem 1rem;font-weight:600}
.verdict{border-left:6px solid #555;padding:.5rem 1rem;margin:1rem 0}.verdict-pass{border-color:#2e7d32}.verdict-warn{border-color:#b26a00}.verdict-fail{border-color:#c62828}
.status{display:inline-block;min-width:6rem;font-weight:600}.error{color:#b00020;font-weight:600}
code{background:#f2f2f2;padding:0 .25rem;word-break:break-all}input{font:inherit;padding:.25rem}label{display:block;font-weight:600}
table{border-collapse:collapse}td,th{padding:.25rem .75rem;text-align:left;border-bottom:1px solid #ddd}`;

function layout(lang: Language, body: string): string {
  const t = textFor(lang);
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(t('helpdesk.title'))}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

function textFor(lang: Language): TFunction {
  return i18n.getFixedT(lang, 'pages');
}

function errorLine(t: TFunction, code: string | null): string {
  return code ? `<p class="error" role="alert" data-error-code="${escapeHtml(code)}">${escapeHtml(t(`helpdesk.error.${code}`, { defaultValue: t('helpdesk.signInFailed') }))} <code>${escapeHtml(code)}</code></p>` : '';
}

export function signInPage(lang: Language, mode: SignInMode, errorCode: string | null): string {
  const t = textFor(lang);
  const form =
    mode === 'oidc'
      ? // A link, not a form: the CSP's form-action would stop a form's redirect to the provider.
        `<p><a href="/helpdesk/sign-in">${escapeHtml(t('helpdesk.signInCompany'))}</a></p>`
      : mode === 'dev-token'
        ? `<form method="post" action="/helpdesk/sign-in"><label for="token">${escapeHtml(t('helpdesk.tokenLabel'))}</label><input id="token" name="token" type="password" autocomplete="off" required maxlength="256"> <button type="submit">${escapeHtml(t('helpdesk.signIn'))}</button></form>`
        : `<p>${escapeHtml(t('helpdesk.notConfigured'))}</p>`;
  const failed = errorCode ? `<p class="error" role="alert" data-error-code="${escapeHtml(errorCode)}">${escapeHtml(t('helpdesk.signInFailed'))} <code>${escapeHtml(errorCode)}</code></p>` : '';
  return layout(lang, `<h1>${escapeHtml(t('helpdesk.signInTitle'))}</h1><p>${escapeHtml(t('helpdesk.signInIntro'))}</p>${failed}${form}`);
}

function agentBar(t: TFunction, agent: string): string {
  return `<form method="post" action="/helpdesk/sign-out"><p>${escapeHtml(t('helpdesk.signedInAs', { agent }))} <button type="submit">${escapeHtml(t('helpdesk.signOut'))}</button></p></form>`;
}

function codeForm(t: TFunction, typed: string): string {
  return `<form method="post" action="/helpdesk/report"><label for="code">${escapeHtml(t('helpdesk.codeLabel'))}</label>
<input id="code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="16" required value="${escapeHtml(typed)}" aria-describedby="code-hint">
<button type="submit">${escapeHtml(t('helpdesk.open'))}</button><p id="code-hint">${escapeHtml(t('helpdesk.codeHint'))}</p></form>`;
}

export function codePage(lang: Language, agent: string, typed: string, errorCode: string | null): string {
  const t = textFor(lang);
  return layout(lang, `<h1>${escapeHtml(t('helpdesk.title'))}</h1>${agentBar(t, agent)}${errorLine(t, errorCode)}${codeForm(t, typed)}`);
}

export function reportPage(lang: Language, agent: string, shown: ShownReport, earlier: readonly ShownReport[]): string {
  const t = textFor(lang);
  const d = i18n.getFixedT(lang, 'diagnostics');
  const { report } = shown;
  const date = (ms: number) => new Intl.DateTimeFormat(regionalLocale(lang), { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Brussels' }).format(new Date(ms));
  const verdict = report.verdict;
  const fixes = verdict.actionKeys.length > 0
    ? `<ol>${verdict.actionKeys.map((key) => `<li>${escapeHtml(d(key, verdict.params))}</li>`).join('')}</ol>`
    : `<p>${escapeHtml(t('helpdesk.noFixes'))}</p>`;
  const findings = report.findings
    .map((f) => `<tr data-finding="${f.key}" data-status="${f.status}"><td><span class="status">${escapeHtml(d(`status.${f.status}`))}</span></td><th scope="row">${escapeHtml(d(`finding.${f.key}`))}</th><td>${escapeHtml(d(f.detailKey, f.params))}${valueText(f.value)}</td></tr>`)
    .join('');
  const earlierList = earlier.length > 0
    ? `<ul>${earlier.map((e) => `<li data-report-id="${escapeHtml(e.report.reportId)}">${escapeHtml(date(e.sentAt))} — <code>${escapeHtml(e.report.reportId)}</code> — ${escapeHtml(d(`verdict.${e.report.verdict.key}.title`, e.report.verdict.params))}</li>`).join('')}</ul>`
    : `<p>${escapeHtml(t('helpdesk.noEarlier'))}</p>`;
  const banner = report.personalDataIncluded ? `<p class="banner" role="note" data-personal-data="included">${escapeHtml(t('helpdesk.personalBanner'))}</p>` : '';
  return layout(
    lang,
    `<h1>${escapeHtml(t('helpdesk.reportTitle', { reportId: report.reportId }))}</h1>${agentBar(t, agent)}${banner}
<p>${escapeHtml(t('helpdesk.sentAt', { date: date(shown.sentAt), appVersion: report.appVersion, platform: report.platform, language: report.language }))}</p>
<section class="verdict verdict-${verdict.status}" aria-labelledby="verdict-title" data-verdict="${verdict.key}"><h2 id="verdict-title">${escapeHtml(t('helpdesk.verdict'))}: ${escapeHtml(d(`verdict.${verdict.key}.title`, verdict.params))}</h2>
<p>${escapeHtml(d(`verdict.${verdict.key}.explanation`, verdict.params))}</p><h3>${escapeHtml(t('helpdesk.fixes'))}</h3>${fixes}</section>
<section aria-labelledby="findings-title"><h2 id="findings-title">${escapeHtml(t('helpdesk.findings'))}</h2><table><tbody>${findings}</tbody></table></section>
<section aria-labelledby="earlier-title"><h2 id="earlier-title">${escapeHtml(t('helpdesk.earlier'))}</h2>${earlierList}</section>
<h2>${escapeHtml(t('helpdesk.anotherCode'))}</h2>${codeForm(t, '')}`,
  );
}

function valueText(value: FindingValue): string {
  if (value === null || value === '' || typeof value === 'boolean') return '';
  const text = Array.isArray(value) ? value.join(' · ') : String(value);
  return text ? ` <code>${escapeHtml(text)}</code>` : '';
}

