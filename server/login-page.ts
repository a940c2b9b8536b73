// The reference login page MyVivium's website would show: log in with the eID card (through the eID
// Companion's myvivium-eid: link) or with itsme; when the app does not come forward, /eid-login.js shows
// how to get it. Also the stand-in portal pages a login lands on. Four languages, like the other pages.
import { loginLink } from '../src/contract/app-link.ts';
import { pickLanguage, textFor } from './page-text.ts';
import { escapeHtml, page } from './portal-page.ts';

export interface LoginPageOptions {
  readonly acceptLanguage: string | undefined;
  readonly returnPath: string | null;
  /** Where customers download the eID Companion (DOWNLOAD_URL). */
  readonly downloadUrl: string;
  /** MyVivium's itsme login (ITSME_LOGIN_URL); by default the app's itsme screen. */
  readonly itsmeLoginUrl: string | null;
}

const VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">';

/** Strict: only our own script, inline styles, no frames, no form posts. */
export const LOGIN_PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'";

export function loginPage(options: LoginPageOptions): string {
  const lang = pickLanguage(options.acceptLanguage);
  const t = textFor(lang);
  const eidHref = loginLink('eid', options.returnPath);
  const itsmeHref = options.itsmeLoginUrl ?? loginLink('itsme', options.returnPath);
  const body = `<main>
<h1>${escapeHtml(t('login.title'))}</h1>
<p>${escapeHtml(t('login.intro'))}</p>
<p><a class="button" data-myvivium-eid href="${escapeHtml(eidHref)}">${escapeHtml(t('login.eid'))}</a><br><small>${escapeHtml(t('login.eidHint'))}</small></p>
<p><a class="button" href="${escapeHtml(itsmeHref)}">${escapeHtml(t('login.itsme'))}</a></p>
<section data-myvivium-eid-fallback hidden aria-labelledby="fallback-title">
<h2 id="fallback-title">${escapeHtml(t('login.fallbackTitle'))}</h2>
<p>${escapeHtml(t('login.fallbackText'))}</p>
<p><a href="${escapeHtml(options.downloadUrl)}">${escapeHtml(t('login.download'))}</a></p>
<p>${escapeHtml(t('login.orItsme'))} <a href="${escapeHtml(itsmeHref)}">${escapeHtml(t('login.itsme'))}</a></p>
</section>
</main>
<script src="/eid-login.js" defer></script>`;
  return page(lang, body, { title: t('login.title'), head: VIEWPORT });
}

/** The stand-in for a portal page after login: who is logged in and where, or a way to log in. */
export function portalStandInPage(acceptLanguage: string | undefined, path: string, customer: { displayName: string } | null): string {
  const lang = pickLanguage(acceptLanguage);
  const t = textFor(lang);
  const body = customer
    ? `<h1 data-code="OK">${escapeHtml(t('portal.welcome', { name: customer.displayName }))}</h1><p>${escapeHtml(t('portalPage.youAreOn', { path }))}</p>`
    : `<h1 data-code="SESSION_INVALID">${escapeHtml(t('portalPage.signedOutTitle'))}</h1><p><a href="${escapeHtml(`/login?${new URLSearchParams({ return: path })}`)}">${escapeHtml(t('portalPage.logIn'))}</a></p>`;
  return page(lang, body, { head: VIEWPORT });
}
