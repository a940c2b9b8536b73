// The page the system browser shows after itsme sends the user back: on success it hands the one-time
// result to the eID Companion on this computer (a myvivium-eid: link, followed at once and offered as a
// button), else the error.
import { itsmeResultLink } from '../../src/contract/app-link.ts';
import { pickLanguage, textFor } from '../page-text.ts';
import { escapeHtml, page } from '../portal-page.ts';

export function callbackPage(acceptLanguage: string | undefined, outcome: { result: string } | string): string {
  const lang = pickLanguage(acceptLanguage);
  const t = textFor(lang);
  if (typeof outcome === 'string') {
    const body = `<h1 data-code="${escapeHtml(outcome)}">${escapeHtml(t('itsme.failed'))}</h1><p><code>${escapeHtml(outcome)}</code></p>`;
    return page(lang, body);
  }
  const link = escapeHtml(itsmeResultLink(outcome.result));
  const body = `<h1 data-code="OK">${escapeHtml(t('itsmeReturn.title'))}</h1><p>${escapeHtml(t('itsmeReturn.text'))}</p><p><a href="${link}">${escapeHtml(t('itsmeReturn.button'))}</a></p>`;
  return page(lang, body, { head: `<meta http-equiv="refresh" content="0;url=${link}">` });
}
