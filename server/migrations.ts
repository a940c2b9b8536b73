// Schema migrations as numbered SQL files, one folder per dialect (server/migrations/sqlite,
// server/migrations/postgres): `NNN-what-it-does.sql`. Adding a migration is adding one file to each
// folder under the same name; both stores apply the ones a database lacks, in order, at start-up.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export type Dialect = 'sqlite' | 'postgres';

const FILE_NAME = /^(\d{3})-[a-z0-9-]+\.sql$/;

export function loadMigrations(dialect: Dialect, folder = join(import.meta.dirname, 'migrations', dialect)): Migration[] {
  const migrations = readdirSync(folder)
    .filter((file) => file.endsWith('.sql'))
    .map((file): Migration => {
      const match = FILE_NAME.exec(file);
      if (!match) throw new Error(`migration file ${file} in ${folder}: the name must be NNN-lower-case-words.sql`);
      return { version: Number(match[1]), name: file, sql: readFileSync(join(folder, file), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  const duplicate = migrations.find((m, i) => i > 0 && migrations[i - 1]!.version === m.version);
  if (duplicate) throw new Error(`two migrations in ${folder} have number ${duplicate.version}`);
  return migrations;
}
