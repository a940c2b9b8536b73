// End-to-end tests in Debian's Chromium against the web host (`main/web`), with the real backend,
// pcscd and a virtual card started by each test file (test/e2e/support). Two projects: the files that
// drive the machine's one pcscd run one at a time; the files with the in-process virtual card run
// beside them. Run under the pcscd lock: `flock /tmp/pcscd.lock npx playwright test`.
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/** The files that use the machine's pcscd (with vpcd cards); everything else uses the in-process card. */
export const PCSCD_FILES = ['**/diagnosis.e2e.ts', '**/eid-login.e2e.ts', '**/website-login.e2e.ts', '**/primary-action-reader.e2e.ts'];

// Debian's Chromium where it is installed (.ci/run installs it); elsewhere Playwright's own
// (`npx playwright install chromium`).
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.e2e.ts',
  outputDir: 'test-results/playwright',
  workers: 2,
  fullyParallel: false,
  projects: [
    { name: 'pcscd', testMatch: PCSCD_FILES, workers: 1 },
    { name: 'in-process', testIgnore: PCSCD_FILES },
  ],
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  globalSetup: './test/e2e/support/build-renderer.ts',
  use: {
    headless: true,
    viewport: { width: 1100, height: 900 },
    launchOptions: {
      ...(existsSync(DEBIAN_CHROMIUM) ? { executablePath: DEBIAN_CHROMIUM } : {}),
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
    },
    trace: 'retain-on-failure',
  },
});
