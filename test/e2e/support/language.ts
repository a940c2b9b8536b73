// The app's language, found as a person finds it: the list labelled "Language" in whichever of the four
// languages the app speaks now, and each language by the name it shows there.
import type { Locator, Page } from '@playwright/test';
import type { Language } from '../../../src/i18n/languages.ts';

const SWITCH_LABEL = /^(Langue|Taal|Sprache|Language)$/;
const SHOWN_AS: Readonly<Record<Language, string>> = { fr: 'Français', nl: 'Nederlands', de: 'Deutsch', en: 'English' };

export async function chooseLanguage(page: Page, language: Language): Promise<void> {
  await page.getByRole('combobox', { name: SWITCH_LABEL }).selectOption({ label: SHOWN_AS[language] });
}

/**
 * The document element, for its `lang` only: the language a screen reader speaks the page in. Not a
 * styling hook, and no role names it, so this is the one place the e2e tests locate by element.
 */
export function documentElement(page: Page): Locator {
  return page.locator('html');
}
