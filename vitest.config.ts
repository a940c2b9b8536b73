import { defineConfig } from 'vitest/config';

// Three projects:
// - unit: pure logic next to the code, in parallel;
// - renderer: React component tests in jsdom;
// - pcscd: tests that drive the one machine-wide pcscd (real readers, vpcd virtual card, service
//   restarts). They run one file at a time, after the others, because only one pcscd runs per machine.
const pcscdTests = ['**/*.pcscd.test.ts', 'test/faults/**/*.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['{src,native,main,server,test}/**/*.test.ts'],
          exclude: ['node_modules/**', 'test/e2e/**', ...pcscdTests],
          testTimeout: 20_000,
        },
      },
      {
        esbuild: { jsx: 'automatic' },
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['renderer/**/*.test.{ts,tsx}'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'pcscd',
          environment: 'node',
          include: pcscdTests,
          fileParallelism: false,
          maxWorkers: 1,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
