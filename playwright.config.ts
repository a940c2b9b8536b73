// End-to-end tests in Debian's Chromium against the web host (`main/web`), with the real backend,
// pcscd and a virtual card started by each test file (test/e2e/support). One worker: the machine has
// one pcscd. Run under the pcscd lock: `flock /tmp/pcscd.lock npx playwright test`.
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// Debian's Chromium where it is installed (here, .ci/run); elsewhere Playwright's own, which the
// release runners install (`npx playwright install --with-deps chromium`, .github/workflows/release.yml).
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.e2e.ts',
  outputDir: 'test-results/playwright',
  workers: 1,
  fullyParallel: false,
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
