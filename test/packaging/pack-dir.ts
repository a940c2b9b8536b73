// Test helper, run with tsx in its own process (as `npm run dist` runs electron-builder, so the
// TypeScript afterPack hook loads): packs the Linux app folder with the configuration file given.
import { resolve } from 'node:path';
import { build, Platform } from 'electron-builder';

const [configFile] = process.argv.slice(2);
if (configFile === undefined) throw new Error('usage: tsx test/packaging/pack-dir.ts <electron-builder config file>');
await build({ projectDir: resolve(import.meta.dirname, '../..'), targets: Platform.LINUX.createTarget('dir'), publish: 'never', config: configFile });
