// One i18next instance per app (passed down, never a module singleton). Loads every UI namespace of
// the chosen language up front — they are small — so screens render without suspense flashes.
import i18next, { type i18n as I18n, type BackendModule } from 'i18next';
import { type Language, LANGUAGES } from './languages.ts';
import { addRegionalFormatters } from './regional-format.ts';
import { type LocaleLoader } from './locale-loader.ts';
import { PRODUCT_VARIABLES } from '../contract/product.ts';
import { UI_NAMESPACES } from './namespaces.ts';

function backendFrom(load: LocaleLoader): BackendModule {
  return {
    type: 'backend',
    init: () => undefined,
    read: (language, namespace, callback) => {
      load(language, namespace).then(
        (data) => callback(null, data),
        // A namespace another engineer has not written yet must not break the app: English fallback covers it.
        () => callback(null, {}),
      );
    },
  };
}

export interface CreateI18nOptions {
  language: Language;
  load: LocaleLoader;
  namespaces?: readonly string[];
}

export async function createI18n({ language, load, namespaces = UI_NAMESPACES }: CreateI18nOptions): Promise<I18n> {
  const instance = i18next.createInstance();
  await instance.use(backendFrom(load)).init({
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    load: 'languageOnly',
    ns: [...namespaces],
    defaultNS: 'common',
    returnNull: false,
    returnEmptyString: false,
    interpolation: { escapeValue: false, defaultVariables: PRODUCT_VARIABLES }, // React escapes
    react: { useSuspense: false },
    showSupportNotice: false,
  });
  addRegionalFormatters(instance);
  return instance;
}
