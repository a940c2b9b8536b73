import { describe, expect, it } from 'vitest';
import { baseLanguage, pickLanguage, regionalLocale } from './languages.ts';
import { formatDate, formatNumber, formatShortDate, formatTime } from './regional-format.ts';
import { createI18n } from './create-i18n.ts';
import { loadLocale } from './locale-loader.ts';

describe('language from the system', () => {
  it('reduces Belgian and other regional tags to the base language', () => {
    expect(pickLanguage(['fr-BE'])).toBe('fr');
    expect(pickLanguage(['nl-BE'])).toBe('nl');
    expect(pickLanguage(['de-BE'])).toBe('de');
    expect(pickLanguage(['nl_BE.UTF-8'])).toBe('nl');
    expect(pickLanguage(['en-GB'])).toBe('en');
  });

  it('takes the first language we translate to, else French', () => {
    expect(pickLanguage(['es-ES', 'de-DE', 'fr-FR'])).toBe('de');
    expect(pickLanguage(['ja-JP'])).toBe('fr');
    expect(pickLanguage([])).toBe('fr');
    expect(baseLanguage('')).toBeNull();
  });
});

describe('Belgian regional formats', () => {
  const date = new Date('2026-11-26T14:05:00Z');
  it('formats dates, times and numbers the Belgian way', () => {
    expect(regionalLocale('nl')).toBe('nl-BE');
    expect(formatShortDate(date, 'nl', 'Europe/Brussels')).toBe('26/11/2026');
    expect(formatShortDate(date, 'fr', 'Europe/Brussels')).toBe('26/11/2026');
    expect(formatDate(date, 'de', 'Europe/Brussels')).toBe('26. November 2026');
    expect(formatTime(date, 'fr', 'Europe/Brussels')).toBe('15\u00a0h\u00a005');
    expect(formatTime(new Date('2026-11-26T07:30:00Z'), 'fr', 'Europe/Brussels')).toBe('8\u00a0h\u00a030');
    expect(formatTime(new Date('2026-11-26T23:00:00Z'), 'fr', 'Europe/Brussels')).toBe('0\u00a0h\u00a000');
    expect(formatTime(date, 'nl', 'Europe/Brussels')).toBe('15:05');
    expect(formatNumber(1234.5, 'nl')).toBe('1.234,5');
    expect(formatNumber(1234.5, 'fr').replace(/\s/g, ' ')).toBe('1 234,5');
  });
});

describe('i18n instance', () => {
  it('loads every UI namespace of the chosen language, English underneath', async () => {
    const i18n = await createI18n({ language: 'de', load: loadLocale });
    expect(i18n.t('login:title')).toBe('Bei MyVivium anmelden');
    expect(i18n.t('pin:wrong.triesLeft', { count: 1 })).toContain('1 Versuch,');
    expect(i18n.t('errors:fix.start-pcsc-service', { context: 'linux' })).toContain('pcscd');
    await i18n.changeLanguage('fr');
    expect(i18n.t('common:actions.retry')).toBe('Réessayer');
  });

  it('a namespace that fails to load falls back to English rather than breaking', async () => {
    const i18n = await createI18n({
      language: 'nl',
      load: (language, namespace) => (language === 'nl' && namespace === 'help' ? Promise.reject(new Error('gone')) : loadLocale(language, namespace)),
    });
    expect(i18n.t('help:title')).toBe('Help & contact');
    expect(i18n.t('login:title')).toBe('Aanmelden bij MyVivium');
  });
});
