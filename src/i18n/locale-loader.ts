// Loads one namespace of one language on demand. The template literal lets the bundler split every
// locale file into its own chunk, so only the chosen language is downloaded.
import { isLanguage } from './languages.ts';

export type LocaleData = Record<string, unknown>;
export type LocaleLoader = (language: string, namespace: string) => Promise<LocaleData>;

const NAMESPACE = /^[a-z][a-z-]{0,30}$/;

export const loadLocale: LocaleLoader = async (language, namespace) => {
  if (!isLanguage(language) || !NAMESPACE.test(namespace)) throw new Error(`unknown locale ${language}/${namespace}`);
  const module: unknown = await import(`./locales/${language}/${namespace}.json`);
  const data = (module as { default?: unknown }).default ?? module;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error(`locale ${language}/${namespace} is not an object`);
  return data as LocaleData;
};
