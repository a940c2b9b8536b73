// The one list of the app's languages: every schema, picker and table derives from it, so a fifth
// language is one line here plus its locale files and installer strings (ARCHITECTURE.md).
const LANGUAGE_TABLE = {
  // name: in its own language, for the switcher (not translated on purpose);
  // windowsLangId: the Windows LANGID a PIN pad reader prompts in (wLangId), Belgian variants where they exist.
  fr: { name: 'Français', windowsLangId: 0x080c },
  nl: { name: 'Nederlands', windowsLangId: 0x0813 },
  de: { name: 'Deutsch', windowsLangId: 0x0407 },
  en: { name: 'English', windowsLangId: 0x0409 },
} as const;

export type Language = keyof typeof LANGUAGE_TABLE;
export const LANGUAGES = Object.keys(LANGUAGE_TABLE) as [Language, ...Language[]];

// Which of them to show, from whatever the system or the user gives us: region tags are reduced to their
// base language (a fr-BE user must get French, not English); anything else is French, the language most MyVivium customers read.
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** `fr-BE`, `fr_BE.UTF-8`, `FR` → `fr`; a tag we do not translate to → null. */
export function baseLanguage(tag: string): Language | null {
  const base = tag.trim().replace(/\..*$/, '').replace(/_/g, '-').split('-')[0]?.toLowerCase() ?? '';
  return isLanguage(base) ? base : null;
}

/** The first of the preferred tags we translate to, else French. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const language = baseLanguage(tag);
    if (language) return language;
  }
  return 'fr';
}

/** Dates and numbers follow the Belgian regional format of the UI language (nl-BE writes 26/11/2026, nl 26-11-2026). */
export function regionalLocale(language: Language): `${Language}-BE` {
  return `${language}-BE`;
}

const byLanguage = <T>(pick: (entry: (typeof LANGUAGE_TABLE)[Language]) => T) =>
  Object.fromEntries(LANGUAGES.map((language) => [language, pick(LANGUAGE_TABLE[language])])) as Readonly<Record<Language, T>>;

/** Names of the languages in their own language, for the switcher. */
export const LANGUAGE_NAMES = byLanguage((entry) => entry.name);

/** The Windows LANGID of each language, as a PIN pad's wLangId. */
export const WINDOWS_LANGUAGE_IDS = byLanguage((entry) => entry.windowsLangId);
