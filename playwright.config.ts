// End-to-end tests in Debian's Chromium against the web host (`main/web`), with the real backend,
// pcscd and a virtual card started by each test file (test/e2e/support). One worker: the machine has
// one pcscd. Run under the pcscd lock: `flock /tmp/pcscd.lock npx playwright test`.
import { defineConfig } from '@playwright/test';

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
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
    },
    trace: 'retain-on-failure',
  },
});
