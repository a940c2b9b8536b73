// Every namespace in French, Dutch and German has every key English has, with a real translation:
// not empty, not the key itself, not the English text left in place (names and technical words that
// stay the same in every language are allowed), and with the same {{placeholders}}.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const LOCALES = resolve(import.meta.dirname, '../../src/i18n/locales');
const TRANSLATED = ['fr', 'nl', 'de'] as const;
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** Words that are the same in every language: names, products, technical terms. */
const SAME_IN_EVERY_LANGUAGE = new Set([
  'myvivium', 'vivium', 'itsme', 'eid', 'pin', 'puk', 'ok', 'windows', 'macos', 'mac', 'linux', 'apple', 'usb', 'usb-c',
  'pcscd', 'libccid', 'pcsc-tools', 'gnupg', 'ssh', 'viewer', 'ccid', 'atr', 'tls', 'pc/sc', 'helpdesk', 'code', 'sms',
  'e-mail', 'email', 'smartcard', 'terminal', 'proxy', 'id', 'app', 'status', 'details', 'type', 'version', 'test',
  'companion',
]);
/** Words spelled the same in English and in one of our languages (cognates): fine when identical. */
const COGNATES: Record<(typeof TRANSLATED)[number], ReadonlySet<string>> = {
  fr: new Set(['attention', 'code', 'message', 'version', 'service']),
  nl: new Set(['code', 'service', 'updates', 'update', 'later']),
  de: new Set(['problem', 'system', 'code', 'service', 'updates', 'update']),
};

type Flat = Map<string, string>;

function flatten(value: unknown, prefix: string, into: Flat): Flat {
  if (typeof value === 'string') into.set(prefix, value);
  else if (Array.isArray(value)) value.forEach((item, index) => flatten(item, `${prefix}.${index}`, into));
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, into);
  } else into.set(prefix, String(value));
  return into;
}

function load(language: string, file: string): Flat {
  return flatten(JSON.parse(readFileSync(join(LOCALES, language, file), 'utf8')), '', new Map());
}

const baseKey = (key: string) => key.replace(PLURAL_SUFFIX, '');
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();

/** True when the text holds a word that should have been translated. */
function hasTranslatableWords(text: string, cognates: ReadonlySet<string> = new Set()): boolean {
  const stripped = text
    .replace(/\{\{[^}]*\}\}/g, ' ')
    .replace(/\S+@\S+/g, ' ')
    .replace(/[\d/.:–-]+\d/g, ' ');
  const words = stripped.toLowerCase().match(/[\p{L}][\p{L}/-]*/gu) ?? [];
  return words.some((word) => word.length >= 3 && !SAME_IN_EVERY_LANGUAGE.has(word) && !cognates.has(word));
}

const namespaces = existsSync(join(LOCALES, 'en')) ? readdirSync(join(LOCALES, 'en')).filter((f) => f.endsWith('.json')) : [];

describe('translations', () => {
  it('has English namespaces to compare with', () => {
    expect(namespaces.length).toBeGreaterThan(0);
  });

  for (const file of namespaces) {
    const english = load('en', file);
    const englishBases = new Set([...english.keys()].map(baseKey));

    it(`en/${file}: no empty value and no value equal to its key`, () => {
      const bad = [...english].filter(([key, value]) => !value.trim() || value === key || value === key.split('.').pop());
      expect(bad).toEqual([]);
    });

    for (const language of TRANSLATED) {
      describe(`${language}/${file}`, () => {
        const path = join(LOCALES, language, file);

        it('exists', () => {
          expect(existsSync(path), `${path} is missing`).toBe(true);
        });
        if (!existsSync(path)) return;
        const translated = load(language, file);
        const translatedBases = new Set([...translated.keys()].map(baseKey));

        it('has every key English has, and no other', () => {
          expect([...englishBases].filter((key) => !translatedBases.has(key))).toEqual([]);
          expect([...translatedBases].filter((key) => !englishBases.has(key))).toEqual([]);
        });

        it('has no empty value and no value equal to its key', () => {
          const bad = [...translated].filter(([key, value]) => !value.trim() || value === key || value === key.split('.').pop());
          expect(bad).toEqual([]);
        });

        it('is translated, not left in English', () => {
          const untranslated = [...translated].filter(([key, value]) => english.get(key) === value && hasTranslatableWords(value, COGNATES[language]));
          expect(untranslated).toEqual([]);
        });

        it('uses the same placeholders as English', () => {
          const mismatched = [...translated].flatMap(([key, value]) => {
            const source = english.get(key) ?? english.get(`${baseKey(key)}_other`);
            if (source === undefined) return [];
            const want = placeholders(source).filter((p) => p !== 'count');
            const got = placeholders(value).filter((p) => p !== 'count');
            return JSON.stringify(want) === JSON.stringify(got) ? [] : [{ key, want, got }];
          });
          expect(mismatched).toEqual([]);
        });
      });
    }
  }
});

describe('the untranslated-text check', () => {
  it('flags English prose and allows names, addresses and numbers', () => {
    expect(hasTranslatableWords('Try again')).toBe(true);
    expect(hasTranslatableWords('MyVivium')).toBe(false);
    expect(hasTranslatableWords('OK')).toBe(false);
    expect(hasTranslatableWords('macOS (Apple)')).toBe(false);
    expect(hasTranslatableWords('Vivium – MyVivium helpdesk: myvivium@vivium.be · 02/406.87.09')).toBe(false);
    expect(hasTranslatableWords('{{count}} seconds left')).toBe(true);
    expect(hasTranslatableWords('Problem', COGNATES.de)).toBe(false);
    expect(hasTranslatableWords('Problem', COGNATES.fr)).toBe(true);
  });
});
