// The language the app opens in: the user's own earlier choice wins; else, in Electron, the system's
// language as the companion reports it, and in a browser (the web host) the browser's languages.
// pickLanguage falls back to French when none of those is one of our four.
import { pickLanguage, type Language } from '../../../src/i18n/languages.ts';

/** Where the chosen language is remembered in the page (the companion remembers it too, via app.setLanguage). */
export const LANGUAGE_STORAGE_KEY = 'eid-companion.language';

export interface StartLanguageInputs {
  /** The language the user chose earlier in this page (localStorage), if any. */
  remembered: Language | null;
  /** Electron: the companion's language (system, or the remembered choice). Null in a browser. */
  systemLanguage: Language | null;
  /** navigator.languages */
  browserLanguages: readonly string[];
}

export function startLanguage({ remembered, systemLanguage, browserLanguages }: StartLanguageInputs): Language {
  return remembered ?? systemLanguage ?? pickLanguage(browserLanguages);
}
