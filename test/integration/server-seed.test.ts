// The server's demo customers must be the virtual card's default holder (server/ may not import the
// virtual card, so the list is data there and this test keeps both in step), and `server seed` must
// make them findable by the keyed hash of the card's national number.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { createKeyedHash } from '../../server/keyed-hash.ts';
import { SEED_CUSTOMERS } from '../../server/seed.ts';
import { SqliteStore } from '../../server/sqlite-store.ts';
import { SPECIMEN_HOLDER } from '../../src/virtual-card/index.ts';

it('seeds the virtual card’s default holder as a customer who still needs onboarding', async () => {
  const eva = SEED_CUSTOMERS[0]!;
  expect(eva.nationalNumber).toBe(SPECIMEN_HOLDER.nationalNumber);
  expect(eva.displayName).toBe(`${SPECIMEN_HOLDER.firstNames} ${SPECIMEN_HOLDER.surname}`);
  expect(eva.email ?? eva.phone).toBeUndefined();

  const dbPath = join(mkdtempSync(join(tmpdir(), 'myvivium-seed-')), 'myvivium.sqlite');
  const root = resolve(import.meta.dirname, '../..');
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/index.ts', 'seed', '--dev', '--db', dbPath], { cwd: root, env: { ...process.env, DATABASE_URL: '' } });
  expect(stdout).toContain(`seeded ${SEED_CUSTOMERS.length} demo customers`);

  const hash = createKeyedHash(Buffer.from(readFileSync(join(dbPath, '..', 'hash-key'), 'utf8'), 'hex'));
  const store = new SqliteStore(dbPath);
  try {
    const customer = await store.findCustomerByNationalNumberHash(hash('national-number', SPECIMEN_HOLDER.nationalNumber));
    expect(customer).toMatchObject({ displayName: eva.displayName, email: null, phone: null });
    // Only the keyed hash is stored, never the number itself.
    expect(readFileSync(dbPath).includes(Buffer.from(SPECIMEN_HOLDER.nationalNumber))).toBe(false);
  } finally {
    await store.close();
  }
});
