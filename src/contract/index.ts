export * from './errors.ts';
export * from './bridge.ts';
export * from './wire.ts';
export * from './error-help.ts';
export * from './updates.ts';
export * from './product.ts';
// The one list of languages (src/i18n/languages.ts), for the server, which may import only src/contract and src/auth.
export { LANGUAGES, pickLanguage, regionalLocale } from '../i18n/languages.ts';
// Dates and numbers in the diagnosis texts, as the UI writes them (the helpdesk page renders the same texts).
export { addRegionalFormatters } from '../i18n/regional-format.ts';
