// Renderer: gzipped JavaScript the first screen needs, and time to the first screen in Chromium
// through the web host (virtual card, no backend call needed to show the login choices).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { resolveConfig } from '../../main/config.ts';
import { startWeb } from '../../main/web/index.ts';
import type { BenchRow, BenchSuite } from './table.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'renderer/dist');
const BUDGET_BYTES = 200 * 1024;
const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** The scripts index.html loads, plus every chunk they import statically (what the first screen waits for). */
function firstScreenScripts(): string[] {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]+src="\.?\/?([^"]+)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\.?\/?([^"]+)"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(DIST, file), 'utf8');
    // Static imports only: `import ... from "./x.js"` / `import "./x.js"`; dynamic import() chunks load later.
    for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g)) visit(join(file, '..', m[1]!));
  };
  entries.forEach(visit);
  return [...seen];
}

const suite: BenchSuite = async () => {
  execFileSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit' });
  const scripts = firstScreenScripts();
  const gzipBytes = scripts.reduce((sum, f) => sum + gzipSync(readFileSync(join(DIST, f)), { level: 9 }).length, 0);
  const rows: BenchRow[] = [
    {
      name: `renderer: first-screen JavaScript, gzip (${scripts.length} files)`,
      measured: { value: gzipBytes / 1024, unit: 'KB' },
      goal: { text: '< 200 KB', met: gzipBytes < BUDGET_BYTES },
    },
  ];
  if (!existsSync(CHROMIUM)) return [...rows, { name: 'renderer: time to first screen — skipped, /usr/bin/chromium missing', measured: { value: 0, unit: 'ms' } }];

  const web = await startWeb(resolveConfig({ virtualCard: '1.8', backend: 'http://127.0.0.1:9', origin: 'https://login.myvivium.test' }, {}), { port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(web.host.url);
      await page.getByRole('heading', { level: 1 }).first().waitFor({ state: 'visible', timeout: 15_000 });
      times.push(performance.now() - started);
      await context.close();
    }
    times.sort((a, b) => a - b);
    rows.push({ name: 'renderer: time to first screen in Chromium (median of 5, cold context)', measured: { value: times[2]!, unit: 'ms' } });
  } finally {
    await browser.close();
    await web.stop();
  }
  return rows;
};

export default suite;
