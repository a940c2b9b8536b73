// The page the system browser shows after itsme sends the user back: go back to the app, or the error.
import { pickLanguage, textFor } from '../page-text.ts';
import { escapeHtml, page } from '../portal-page.ts';

export function callbackPage(acceptLanguage: string | undefined, errorCode: string | null): string {
  const lang = pickLanguage(acceptLanguage);
  const t = textFor(lang);
  const body =
    errorCode === null
      ? `<h1 data-code="OK">${escapeHtml(t('itsme.done'))}</h1>`
      : `<h1 data-code="${escapeHtml(errorCode)}">${escapeHtml(t('itsme.failed'))}</h1><p><code>${escapeHtml(errorCode)}</code></p>`;
  return page(lang, body);
}
