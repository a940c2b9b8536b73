// A store of each kind for one test file, and how to throw it away: the store contract suite and the
// attacks on the backend run the same tests on SQLite and on PostgreSQL.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresStore } from '../../server/postgres-store.ts';
import { SqliteStore } from '../../server/sqlite-store.ts';
import type { Store } from '../../server/store.ts';
import { createTestDatabase } from './postgres-cluster.ts';

export interface ThrowawayStore {
  readonly store: Store;
  dispose(): Promise<void>;
}

/** A SQLite store in a new temporary folder. */
export async function throwawaySqliteStore(prefix: string): Promise<ThrowawayStore> {
  const store = new SqliteStore(join(mkdtempSync(join(tmpdir(), `${prefix}-`)), 'store.sqlite'));
  return { store, dispose: () => store.close() };
}

/** A PostgreSQL store in a new database on `serverUrl`, dropped on dispose. */
export async function throwawayPostgresStore(serverUrl: string, prefix: string): Promise<ThrowawayStore> {
  const database = await createTestDatabase(serverUrl, prefix);
  const store = new PostgresStore(database.url);
  return {
    store,
    dispose: async () => {
      await store.close();
      await database.drop();
    },
  };
}
