// French texts are written the French way: a non-breaking space before ? ! ; : and inside « », and in
// times such as "17 h 00", so a line never breaks before the sign; and "service client" where the
// FAQ says so (never "le helpdesk").
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIRS = [resolve(import.meta.dirname, '../../src/i18n/locales/fr'), resolve(import.meta.dirname, '../../server/locales/fr')];

function strings(value: unknown, path: string, into: Array<[string, string]>): Array<[string, string]> {
  if (typeof value === 'string') into.push([path, value]);
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) strings(item, `${path}.${key}`, into);
  return into;
}

const texts = DIRS.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.json'))
  .flatMap((file) => strings(JSON.parse(readFileSync(join(dir, file), 'utf8')), file, [])));

describe('French typography', () => {
  it('no ordinary space before ? ! ; : or inside « »', () => {
    const bad = texts.filter(([, text]) => / [?!;:](\s|$)|« | »/.test(text)).map(([path]) => path);
    expect(bad).toEqual([]);
  });

  it('times like 8 h 30 keep together', () => {
    expect(texts.filter(([, text]) => /\d h\b|\bh \d/.test(text)).map(([path]) => path)).toEqual([]);
  });

  it('"service client", not "helpdesk", in sentences', () => {
    expect(texts.filter(([, text]) => /\b(le|du|au) helpdesk\b/i.test(text)).map(([path]) => path)).toEqual([]);
  });
});
