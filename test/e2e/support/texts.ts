// The app's own texts for a test to look for, read from its locale files (Node here, not the bundler),
// so a test finds buttons and headings by the names people see in that language.
import type { TFunction } from 'i18next';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createI18n } from '../../../src/i18n/create-i18n.ts';
import type { Language } from '../../../src/i18n/languages.ts';

const LOCALES = resolve(import.meta.dirname, '../../../src/i18n/locales');

export async function texts(language: Language): Promise<TFunction> {
  const load = async (lng: string, ns: string) => JSON.parse(readFileSync(resolve(LOCALES, lng, `${ns}.json`), 'utf8')) as Record<string, unknown>;
  return (await createI18n({ language, load })).t;
}
