// The diagnosis speaks the user's language on its own (the CLI and the report files have no UI to
// translate for them): a private i18next instance over the `diagnostics` namespace files. The UI
// loads the same files into its own instance and renders the report's keys itself.
import i18next from 'i18next';
import { PRODUCT_VARIABLES } from '../contract/product.ts';
import { addRegionalFormatters } from '../i18n/regional-format.ts';
import type { DiagnosisLanguage } from '../contract/diagnosis.ts';
import en from '../i18n/locales/en/diagnostics.json' with { type: 'json' };
import fr from '../i18n/locales/fr/diagnostics.json' with { type: 'json' };
import nl from '../i18n/locales/nl/diagnostics.json' with { type: 'json' };
import de from '../i18n/locales/de/diagnostics.json' with { type: 'json' };

export type Translate = (key: string, params?: Readonly<Record<string, string | number | boolean | null>>) => string;

/** Typed by the language list: a language without its diagnostics file does not compile. */
export const diagnosticsResources: Readonly<Record<DiagnosisLanguage, typeof en>> = { en, fr, nl, de };

export function diagnosticsTranslator(language: DiagnosisLanguage): Translate {
  const instance = i18next.createInstance();
  void instance.init({
    lng: language,
    fallbackLng: 'en',
    ns: ['diagnostics'],
    defaultNS: 'diagnostics',
    resources: Object.fromEntries(Object.entries(diagnosticsResources).map(([lang, ns]) => [lang, { diagnostics: ns }])),
    interpolation: { escapeValue: false, defaultVariables: PRODUCT_VARIABLES },
    initAsync: false,
    showSupportNotice: false,
  });
  addRegionalFormatters(instance);
  return (key, params) => instance.t(key, { ...params });
}
