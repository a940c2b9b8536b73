import { describe, expect, it } from 'vitest';
import { startLanguage } from './start-language.ts';

describe('start language', () => {
  it('a remembered choice wins, then the system language (Electron), then the browser languages', () => {
    expect(startLanguage({ remembered: 'de', systemLanguage: 'nl', browserLanguages: ['en-US'] })).toBe('de');
    expect(startLanguage({ remembered: null, systemLanguage: 'nl', browserLanguages: ['en-US'] })).toBe('nl');
    expect(startLanguage({ remembered: null, systemLanguage: null, browserLanguages: ['nl-BE', 'fr-BE'] })).toBe('nl');
  });

  it('French when the browser speaks none of the four languages', () => {
    expect(startLanguage({ remembered: null, systemLanguage: null, browserLanguages: ['es-ES', 'it-IT'] })).toBe('fr');
    expect(startLanguage({ remembered: null, systemLanguage: null, browserLanguages: [] })).toBe('fr');
  });
});
