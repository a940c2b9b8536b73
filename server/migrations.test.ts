import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from './migrations.ts';

describe('migrations', () => {
  it('has the same numbered files for SQLite and PostgreSQL, so the two schemas cannot drift apart', () => {
    const names = (dialect: 'sqlite' | 'postgres') => loadMigrations(dialect).map((m) => m.name);
    expect(names('sqlite')).toEqual(names('postgres'));
    expect(names('sqlite').length).toBeGreaterThanOrEqual(2);
  });

  it('refuses a badly named file and a number used twice', () => {
    const badName = mkdtempSync(join(tmpdir(), 'migrations-'));
    writeFileSync(join(badName, '7-x.sql'), 'SELECT 1');
    expect(() => loadMigrations('sqlite', badName)).toThrow(/NNN-lower-case-words/);
    const twice = mkdtempSync(join(tmpdir(), 'migrations-'));
    writeFileSync(join(twice, '001-a.sql'), 'SELECT 1');
    writeFileSync(join(twice, '001-b.sql'), 'SELECT 1');
    expect(() => loadMigrations('sqlite', twice)).toThrow(/number 1/);
  });
});
