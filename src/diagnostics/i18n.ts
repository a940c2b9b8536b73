// The diagnosis speaks the user's language on its own (the CLI and the report files have no UI to
// translate for them): a private i18next instance over the `diagnostics` namespace files. The UI
// loads the same files into its own instance and renders the report's keys itself.
import i18next from 'i18next';
import { PRODUCT_VARIABLES } from '../contract/product.ts';
import { addRegionalFormatters } from '../i18n/regional-format.ts';
import type { DiagnosisLanguage } from '../contract/diagnosis.ts';
import { DIAGNOSTICS_TEXTS } from '../i18n/diagnostics-texts.ts';

export type Translate = (key: string, params?: Readonly<Record<string, string | number | boolean | null>>) => string;


export function diagnosticsTranslator(language: DiagnosisLanguage): Translate {
  const instance = i18next.createInstance();
  void instance.init({
    lng: language,
    fallbackLng: 'en',
    ns: ['diagnostics'],
    defaultNS: 'diagnostics',
    resources: Object.fromEntries(Object.entries(DIAGNOSTICS_TEXTS).map(([lang, ns]) => [lang, { diagnostics: ns }])),
    interpolation: { escapeValue: false, defaultVariables: PRODUCT_VARIABLES },
    initAsync: false,
    showSupportNotice: false,
  });
  addRegionalFormatters(instance);
  return (key, params) => instance.t(key, { ...params });
}
