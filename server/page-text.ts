// The few words the backend itself shows (portal stand-in page, itsme callback page, code messages),
// through i18next like every user-visible string, in the app's four languages. The server may not
// import src/i18n, so it keeps its own small namespace in server/locales.
import i18next, { type TFunction } from 'i18next';
import { PRODUCT_VARIABLES } from '../src/contract/product.ts';
import de from './locales/de/pages.json' with { type: 'json' };
import en from './locales/en/pages.json' with { type: 'json' };
import fr from './locales/fr/pages.json' with { type: 'json' };
import nl from './locales/nl/pages.json' with { type: 'json' };
import { LANGUAGES, pickLanguage as pickPreferred, type Language } from '../src/contract/index.ts';

export { LANGUAGES, type Language };

/** Typed by the language list: a language without its pages file does not compile. */
export const PAGES: Readonly<Record<Language, typeof en>> = { en, fr, nl, de };

const i18n = i18next.createInstance();
void i18n.init({
  initAsync: false,
  fallbackLng: 'en',
  ns: ['pages'],
  defaultNS: 'pages',
  // HTML escaping happens where the text is put into a page.
  interpolation: { escapeValue: false, defaultVariables: PRODUCT_VARIABLES },
  resources: Object.fromEntries(Object.entries(PAGES).map(([language, pages]) => [language, { pages }])),
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
