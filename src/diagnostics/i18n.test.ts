import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FINDING_KEYS, VERDICT_KEYS } from '../contract/diagnosis.ts';
import { DIAGNOSTICS_TEXTS } from '../i18n/diagnostics-texts.ts';
import { diagnosticsTranslator } from './i18n.ts';
import { ACTION_KEYS } from './rules.ts';

type Tree = { [key: string]: string | Tree };
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(`${prefix}${k}`, v);
    else for (const [kk, vv] of leaves(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const en = leaves(DIAGNOSTICS_TEXTS.en as Tree);

/** detail.<key>.<detail> used by the probes, read from their source. */
function detailKeysInProbes(): string[] {
  const dir = join(import.meta.dirname, 'probes');
  const keys = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const m of text.matchAll(/finding\(\s*'(\w+)',\s*(?:'\w+'|[^,]+),\s*(?:'(\w+)'|[^,]*\?\s*'(\w+)'\s*:\s*'(\w+)')/g)) {
      for (const d of [m[2], m[3], m[4]]) if (d) keys.add(`detail.${m[1]}.${d}`);
    }
    for (const m of text.matchAll(/skipped\([^)]*?'(\w+)'\)/g)) keys.add(`skip.${m[1]}`);
  }
  return [...keys];
}

describe('diagnostics namespace', () => {
  it.each(['fr', 'nl', 'de'] as const)('%s has exactly the English keys and placeholders', (lang) => {
    const other = leaves(DIAGNOSTICS_TEXTS[lang] as Tree);
    expect([...other.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, text] of en) expect(placeholders(other.get(key)!), `${lang}:${key}`).toEqual(placeholders(text));
  });

  it('has a label for every finding, a title and explanation for every verdict, a text for every action', () => {
    for (const key of FINDING_KEYS) expect(en.has(`finding.${key}`), key).toBe(true);
    for (const key of VERDICT_KEYS) expect(en.has(`verdict.${key}.title`) && en.has(`verdict.${key}.explanation`), key).toBe(true);
    for (const key of ACTION_KEYS) expect(en.has(`action.${key}`), key).toBe(true);
  });

  it('has a sentence for every result a probe can give', () => {
    const used = detailKeysInProbes();
    expect(used.length).toBeGreaterThan(60);
    for (const key of used) expect(en.has(key), key).toBe(true);
  });

  it('translates with parameters in each language', () => {
    for (const lang of ['en', 'fr', 'nl', 'de'] as const) {
      const text = diagnosticsTranslator(lang)('detail.pinTries.ok', { tries: 2 });
      expect(text).toContain('2');
      expect(text).not.toContain('detail.');
    }
  });
});
