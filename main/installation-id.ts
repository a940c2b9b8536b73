// The installation identifier: a random UUID made at the app's first start and kept in the app's data
// folder, so the helpdesk sees which reports came from the same computer. Nothing personal goes into
// it (no host name, user name or hardware serial), and deleting the file simply starts a new one.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { PRODUCT_NAME } from '../src/contract/product.ts';
import { installationIdSchema } from '../src/contract/support-report.ts';

const FILE = 'installation-id';
// Electron's userData folder is named after the product (electron-builder's productName, which is
// PRODUCT_NAME): the web host and the CLI use the same one.

export function loadInstallationId(directory: string): string {
  const file = join(directory, FILE);
  const existing = readIfValid(file);
  if (existing) return existing;
  mkdirSync(directory, { recursive: true });
  try {
    writeFileSync(file, `${randomUUID()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process of the app made it first (EEXIST), or the file held something else: write ours.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !readIfValid(file)) writeFileSync(file, `${randomUUID()}\n`, { mode: 0o600 });
  }
  const made = readIfValid(file);
  if (!made) throw new Error(`cannot keep the installation identifier in ${file}`);
  return made;
}

function readIfValid(file: string): string | null {
  try {
    const parsed = installationIdSchema.safeParse(readFileSync(file, 'utf8').trim());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The app's data folder for the web host and the CLI (Electron asks app.getPath('userData')); EID_COMPANION_DATA_DIR wins. */
export function appDataDirectory(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  if (env.EID_COMPANION_DATA_DIR) return env.EID_COMPANION_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), PRODUCT_NAME);
}

/** The identifier of the installation whose data folder this is, read (or made) on first use and then remembered. */
export function installationIdKeeper(directory: string): () => string {
  let id: string | undefined;
  return () => (id ??= loadInstallationId(directory));
}
