// Which of our four languages to show, from whatever the system or the user gives us. Region tags are
// reduced to their base language (a fr-BE user must get French, not English); anything else is French,
// the language most MyVivium customers read.
export const LANGUAGES = ['fr', 'nl', 'de', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

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

/** Names of the languages in their own language, for the switcher. Not translated on purpose. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  fr: 'Français',
  nl: 'Nederlands',
  de: 'Deutsch',
  en: 'English',
};
