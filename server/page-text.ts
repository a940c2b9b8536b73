// The few words the backend itself shows (portal stand-in page, itsme callback page, code messages),
// through i18next like every user-visible string, in the app's four languages. The server may not
// import src/i18n, so it keeps its own small namespace in server/locales.
import i18next, { type TFunction } from 'i18next';
import { PRODUCT_VARIABLES } from '../src/contract/product.ts';
import de from './locales/de/pages.json' with { type: 'json' };
import en from './locales/en/pages.json' with { type: 'json' };
import fr from './locales/fr/pages.json' with { type: 'json' };
import nl from './locales/nl/pages.json' with { type: 'json' };

export const LANGUAGES = ['en', 'fr', 'nl', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

const i18n = i18next.createInstance();
void i18n.init({
  initAsync: false,
  fallbackLng: 'en',
  ns: ['pages'],
  defaultNS: 'pages',
  // HTML escaping happens where the text is put into a page.
  interpolation: { escapeValue: false, defaultVariables: PRODUCT_VARIABLES },
  resources: { en: { pages: en }, fr: { pages: fr }, nl: { pages: nl }, de: { pages: de } },
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
      return { lang: tag.slice(0, 2).toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .sort((a, b) => b.q - a.q);
  const match = wanted.find((w) => (LANGUAGES as readonly string[]).includes(w.lang));
  return match ? (match.lang as Language) : 'en';
}
