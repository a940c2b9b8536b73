import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from './migrations.ts';

describe('migrations', () => {
  it('are one set of files, read for each dialect with only the auto-numbered key told apart', () => {
    const sqlite = loadMigrations('sqlite');
    const postgres = loadMigrations('postgres');
    expect(sqlite.length).toBeGreaterThanOrEqual(5);
    expect(sqlite.map((m) => m.name)).toEqual(postgres.map((m) => m.name));
    const customers = (sql: string) => sql.slice(sql.indexOf('CREATE TABLE customers'));
    expect(customers(sqlite[0]!.sql)).toMatch(/^CREATE TABLE customers \(\n {2}id INTEGER PRIMARY KEY AUTOINCREMENT,/);
    expect(customers(postgres[0]!.sql)).toMatch(/^CREATE TABLE customers \(\n {2}id BIGSERIAL PRIMARY KEY,/);
    // Everything else is the same text: one schema, not two that could drift apart.
    sqlite.forEach((m, i) => expect(m.sql.replaceAll('INTEGER PRIMARY KEY AUTOINCREMENT', 'BIGSERIAL PRIMARY KEY')).toBe(postgres[i]!.sql));
    for (const m of [...sqlite, ...postgres]) expect(m.sql).not.toContain('{{');
  });

  it('refuses a badly named file, a number used twice and an unknown placeholder', () => {
    const badName = mkdtempSync(join(tmpdir(), 'migrations-'));
    writeFileSync(join(badName, '7-x.sql'), 'SELECT 1');
    expect(() => loadMigrations('sqlite', badName)).toThrow(/NNN-lower-case-words/);
    const twice = mkdtempSync(join(tmpdir(), 'migrations-'));
    writeFileSync(join(twice, '001-a.sql'), 'SELECT 1');
    writeFileSync(join(twice, '001-b.sql'), 'SELECT 1');
    expect(() => loadMigrations('sqlite', twice)).toThrow(/number 1/);
    const unknown = mkdtempSync(join(tmpdir(), 'migrations-'));
    writeFileSync(join(unknown, '001-a.sql'), 'CREATE TABLE t (id {{SERIAL}})');
    expect(() => loadMigrations('postgres', unknown)).toThrow(/001-a\.sql: unknown placeholder \{\{SERIAL\}\} \(known: AUTO_ID\)/);
  });
});
