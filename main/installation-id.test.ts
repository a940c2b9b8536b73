import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appDataDirectory, loadInstallationId } from './installation-id.ts';

describe('installation identifier', () => {
  it('is a random UUID made once and kept', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'eid-install-')), 'data');
    const id = loadInstallationId(dir);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(loadInstallationId(dir)).toBe(id);
    expect(loadInstallationId(mkdtempSync(join(tmpdir(), 'eid-install-')))).not.toBe(id);
  });

  it('replaces a file that does not hold one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eid-install-'));
    writeFileSync(join(dir, 'installation-id'), 'alice@laptop');
    const id = loadInstallationId(dir);
    expect(readFileSync(join(dir, 'installation-id'), 'utf8').trim()).toBe(id);
    expect(id).not.toContain('alice');
  });

  it('lives in the same folder as Electron\'s userData', () => {
    expect(appDataDirectory({}, 'linux', '/home/a')).toBe('/home/a/.config/MyVivium eID');
    expect(appDataDirectory({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32', 'C:\\Users\\a')).toMatch(/Roaming.MyVivium eID$/);
    expect(appDataDirectory({}, 'darwin', '/Users/a')).toBe('/Users/a/Library/Application Support/MyVivium eID');
    expect(appDataDirectory({ EID_COMPANION_DATA_DIR: '/tmp/x' }, 'linux', '/home/a')).toBe('/tmp/x');
  });
});
