// Schema migrations: one numbered SQL file per migration, `server/migrations/NNN-what-it-does.sql`, written
// once for both stores. Each start applies the ones a database lacks, in order, and records only their
// numbers in `schema_migrations` (no names, no checksums).
//
// The files use the SQL that SQLite and PostgreSQL share: TEXT, INTEGER, BIGINT (SQLite gives it INTEGER
// affinity, the same storage as INTEGER), BOOLEAN (SQLite: NUMERIC affinity, which stores the 0/1 the
// SQLite store binds exactly as INTEGER would; PostgreSQL: a real boolean). The one thing they cannot
// share is an auto-numbered key, so a file writes `id {{AUTO_ID}}` and this table says what each dialect
// needs. In SQLite only a column typed exactly `INTEGER PRIMARY KEY` is the rowid; AUTOINCREMENT keeps a
// deleted row's number from coming back, as a PostgreSQL sequence does.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export type Dialect = 'sqlite' | 'postgres';

const DIALECT_TEXT: Record<string, Record<Dialect, string>> = {
  AUTO_ID: { sqlite: 'INTEGER PRIMARY KEY AUTOINCREMENT', postgres: 'BIGSERIAL PRIMARY KEY' },
};

/** Where both stores record what they applied; created before the first migration runs. */
export const MIGRATIONS_TABLE = 'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)';

const FILE_NAME = /^(\d{3})-[a-z0-9-]+\.sql$/;
const PLACEHOLDER = /\{\{([A-Za-z_]*)\}\}/g;

export function loadMigrations(dialect: Dialect, folder = join(import.meta.dirname, 'migrations')): Migration[] {
  const migrations = readdirSync(folder)
    .filter((file) => file.endsWith('.sql'))
    .map((file): Migration => {
      const match = FILE_NAME.exec(file);
      if (!match) throw new Error(`migration file ${file} in ${folder}: the name must be NNN-lower-case-words.sql`);
      return { version: Number(match[1]), name: file, sql: forDialect(readFileSync(join(folder, file), 'utf8'), dialect, file) };
    })
    .sort((a, b) => a.version - b.version);
  const duplicate = migrations.find((m, i) => i > 0 && migrations[i - 1]!.version === m.version);
  if (duplicate) throw new Error(`two migrations in ${folder} have number ${duplicate.version}`);
  return migrations;
}

function forDialect(sql: string, dialect: Dialect, file: string): string {
  return sql.replace(PLACEHOLDER, (_, name: string) => {
    const text = DIALECT_TEXT[name]?.[dialect];
    if (!text) throw new Error(`migration file ${file}: unknown placeholder {{${name}}} (known: ${Object.keys(DIALECT_TEXT).join(', ')})`);
    return text;
  });
}
