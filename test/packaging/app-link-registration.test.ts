// The installers register myvivium-eid: links on all three systems: macOS through the Info.plist that
// electron-builder writes from `protocols`, Linux through the .desktop file electron-builder generates
// (computed here by its own LinuxTargetHelper from our configuration), Windows through our NSIS include.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBuilderConfig } from '../../scripts/dist.ts';
import { APP_LINK_SCHEME } from '../../src/contract/app-link.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const config = readBuilderConfig(join(ROOT, 'electron-builder.yml'));
const protocols = config.protocols as { name: string; schemes: string[] }[];

describe('myvivium-eid: registration', () => {
  it('macOS: one protocol with the scheme, which electron-builder turns into CFBundleURLTypes', () => {
    expect(protocols).toEqual([expect.objectContaining({ name: 'MyVivium eID', schemes: [APP_LINK_SCHEME] })]);
  });

  it('Linux: the .desktop file handles x-scheme-handler/myvivium-eid and passes the link (%U)', async () => {
    const require = createRequire(import.meta.url);
    const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper.js') as {
      LinuxTargetHelper: new (packager: unknown) => { computeDesktopEntry(options: unknown): Promise<string> };
    };
    // The parts of electron-builder's LinuxPackager that the desktop entry is computed from.
    const packager = {
      appInfo: { productName: config.productName, sanitizedProductName: 'MyVivium eID', description: 'eID' },
      executableName: 'myvivium-eid-companion',
      info: { metadata: { desktopName: 'myvivium-eid-companion.desktop' } },
      fileAssociations: [],
      config,
      platformSpecificBuildOptions: config.linux,
    };
    const entry = await new LinuxTargetHelper(packager).computeDesktopEntry(config.linux);
    expect(entry).toMatch(/^MimeType=x-scheme-handler\/myvivium-eid;$/m);
    expect(entry).toMatch(/^Exec=.* %U$/m);
  });

  it('Windows: the per-user installer writes the URL handler under HKCU and the uninstaller removes it', () => {
    const nsh = readFileSync(join(ROOT, 'build/installer.nsh'), 'utf8');
    const install = /!macro customInstall([\s\S]*?)!macroend/.exec(nsh)?.[1] ?? '';
    expect(install).toContain('WriteRegStr HKCU "Software\\Classes\\myvivium-eid" "URL Protocol" ""');
    expect(install).toContain('WriteRegStr HKCU "Software\\Classes\\myvivium-eid\\shell\\open\\command" "" \'"$INSTDIR\\${APP_EXECUTABLE_FILENAME}" "%1"\'');
    expect(/!macro customUnInstall([\s\S]*?)!macroend/.exec(nsh)?.[1]).toContain('DeleteRegKey HKCU "Software\\Classes\\myvivium-eid"');
  });
});
