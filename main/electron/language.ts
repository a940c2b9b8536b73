// The UI language: the first of the OS's preferred languages we have (fr, nl, de, en), else French.
import type { Language } from '../../src/contract/index.ts';

const SUPPORTED: readonly Language[] = ['fr', 'nl', 'de', 'en'];

export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    const match = SUPPORTED.find((l) => l === base);
    if (match) return match;
  }
  return 'fr';
}
