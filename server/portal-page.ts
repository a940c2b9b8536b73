// The stand-in for the MyVivium portal's landing page after a handoff. The real portal is MyVivium's;
// this page only proves the link worked (once).
import { pickLanguage, textFor } from './page-text.ts';

export function portalPage(acceptLanguage: string | undefined, customer: { displayName: string } | null): string {
  const lang = pickLanguage(acceptLanguage);
  const t = textFor(lang);
  const body = customer
    ? `<h1 data-code="OK">${escapeHtml(t('portal.welcome', { name: customer.displayName }))}</h1>`
    : `<h1 data-code="HANDOFF_INVALID">${escapeHtml(t('portal.invalidTitle'))}</h1><p>${escapeHtml(t('portal.invalid'))}</p><p><code>HANDOFF_INVALID</code></p>`;
  return page(lang, body);
}

/** One page of the backend; `head` is trusted markup (already escaped), `title` plain text. */
export function page(lang: string, body: string, options: { title?: string; head?: string } = {}): string {
  const head = `<meta charset="utf-8">${options.head ?? ''}<title>${escapeHtml(options.title ?? 'MyVivium')}</title>`;
  return `<!doctype html><html lang="${lang}"><head>${head}</head><body>${body}</body></html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
