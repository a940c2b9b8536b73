// The few words the backend itself shows (portal stand-in page, itsme callback page, code messages),
// through i18next like every user-visible string, in the app's four languages. The server may not
// import src/i18n, so it keeps its own small namespace in server/locales.
import i18next, { type TFunction } from 'i18next';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRODUCT_VARIABLES } from '../src/contract/product.ts';
import { LANGUAGES, pickLanguage as pickPreferred, type Language } from '../src/contract/index.ts';

export { LANGUAGES, type Language };

export type PageTexts = Record<string, unknown>;

/**
 * Each language's `server/locales/<language>/pages.json`, read once when the server starts (it runs from
 * source, nothing bundles it), so a new language in the list needs no line here; one without its file
 * stops the start.
 */
export const PAGES: Readonly<Record<Language, PageTexts>> = Object.fromEntries(
  LANGUAGES.map((language) => [language, JSON.parse(readFileSync(join(import.meta.dirname, 'locales', language, 'pages.json'), 'utf8')) as PageTexts]),
) as Record<Language, PageTexts>;

const i18n = i18next.createInstance();
void i18n.init({
  initAsync: false,
  fallbackLng: 'en',
  ns: ['pages'],
  defaultNS: 'pages',
  // HTML escaping happens where the text is put into a page.
  interpolation: { escapeValue: false, defaultVariables: PRODUCT_VARIABLES },
  resources: Object.fromEntries(LANGUAGES.map((language) => [language, { pages: PAGES[language] }])),
});

export function textFor(language: Language): TFunction {
  return i18n.getFixedT(language, 'pages');
}

/** The best supported language for an Accept-Language header (English when none matches). */
export function pickLanguage(acceptLanguage: string | undefined): Language {
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', q] = part.trim().split(';q=');
      return { tag, q: q === undefined ? 1 : Number(q) };
    })
    .sort((a, b) => b.q - a.q);
  return pickPreferred(wanted.map((w) => w.tag));
}
