import { describe, expect, it } from 'vitest';
import { LANGUAGES, PAGES } from './page-text.ts';

/** `a.b.c` for every text in a namespace. */
function keys(tree: unknown, prefix = ''): string[] {
  if (typeof tree === 'string') return [prefix];
  return Object.entries(tree as Record<string, unknown>).flatMap(([key, value]) => keys(value, prefix ? `${prefix}.${key}` : key));
}

describe('page texts', () => {
  it('has a pages file with the same texts, none empty, for every language of the list', () => {
    const english = keys(PAGES.en).sort();
    expect(english.length).toBeGreaterThan(10);
    for (const language of LANGUAGES) {
      expect(keys(PAGES[language]).sort(), language).toEqual(english);
      const empty = english.filter((key) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], PAGES[language]) === '');
      expect(empty, language).toEqual([]);
    }
  });
});
