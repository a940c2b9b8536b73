// How fast the UI feels, in Debian's Chromium against the web host (issue 16):
// - start → first screen painted (goal ≤ 400 ms median, cold browser context each time);
// - card → checklist "ready" ("Log in as …" painted), beyond the card's own time: the same card summary
//   asked straight from a card process of our own, no UI and no bridge (goal ≤ 150 ms), with the
//   in-process virtual card and through pcscd with the vpcd card (inserted while the screen waits);
// - no "Loading…" flash: the main area is never empty or showing a loading text between screens.
import { chromium, type Browser, type Page } from 'playwright-core';
import { existsSync } from 'node:fs';
import { startCardProcess } from '../../main/card-process/client.ts';
import { forkCardWorker } from '../../main/card-process/fork.ts';
import { DEMO_READER } from '../../main/card-process/pcsc-port.ts';
import { DEMO_SEED, resolveConfig } from '../../main/config.ts';
import { startWeb } from '../../main/web/index.ts';
import { pcscdInstalled } from '../support/pcscd.ts';
import { pcscdLock } from './card.bench.ts';
import { CHROMIUM_ARGS } from './renderer.bench.ts';
import type { BenchRow, BenchSuite } from './table.ts';

const CHROMIUM = '/usr/bin/chromium';
const RUNS = 7;
const FIRST_SCREEN_GOAL_MS = 400;
const READY_GOAL_MS = 150;
const BACKEND = 'http://127.0.0.1:9'; // nothing here needs the backend
const ORIGIN = 'https://login.myvivium.test';

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * In the page: when the first <main h1> and the first "Log in as" button are painted (a frame after
 * they appear), in the page's own clock (ms since navigation start), plus the epoch time of the latter;
 * and whether <main> was ever empty or said "Loading" after the first screen.
 */
// A string, not a function: tsx would wrap a function's inner helpers in names the page does not have.
const PROBE_SCRIPT = `(() => {
  const marks = {};
  const painted = (name) => requestAnimationFrame(() => setTimeout(() => {
    marks[name] = performance.now();
  }));
  let flashes = 0;
  const seen = new Set();
  new MutationObserver(() => {
    const main = document.querySelector('main');
    if (!main) return;
    if (!seen.has('firstScreen') && main.querySelector('h1')) {
      seen.add('firstScreen');
      painted('firstScreen');
    }
    if (seen.has('firstScreen') && (main.childElementCount === 0 || /Loading|Chargement|Laden/.test(main.textContent || ''))) flashes++;
    if (!seen.has('ready') && [...main.querySelectorAll('button')].some((b) => /^Log in as /.test(b.textContent || ''))) {
      seen.add('ready');
      painted('ready');
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
  document.addEventListener('click', () => { marks.click = performance.now(); }, true);
  // The moment the page hears from the companion that a Belgian eID is in a reader.
  const Socket = window.WebSocket;
  window.WebSocket = class extends Socket {
    constructor(url) {
      super(url);
      this.addEventListener('message', (event) => {
        const text = String(event.data);
        if (marks.cardSeen === undefined && text.includes('"event":"readers"') && text.includes('belgian-eid')) marks.cardSeen = performance.now();
      });
    }
  };
  window.__speed = { marks, flashes: () => flashes };
})();`;

interface Marks { firstScreen?: number; click?: number; cardSeen?: number; ready?: number }
const marks = (page: Page) => page.evaluate(() => (globalThis as unknown as { __speed: { marks: Marks } }).__speed.marks);
const flashes = (page: Page) => page.evaluate(() => (globalThis as unknown as { __speed: { flashes(): number } }).__speed.flashes());

async function until<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`no ${what} within 20 s`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function openPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB' });
  await context.addInitScript({ content: PROBE_SCRIPT });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

type CardProcess = ReturnType<typeof startCardProcess>;

/** The card's own time: the same summary asked straight from a card process (no UI, no bridge). */
async function directSummaryMs(card: CardProcess, reader: string): Promise<number> {
  const deadline = Date.now() + 10_000;
  while (!(await card.overview({})).readers.some((r) => r.name === reader && r.card?.type === 'belgian-eid')) {
    if (Date.now() > deadline) throw new Error(`the card process sees no eID in ${reader}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const start = performance.now();
  await card.summary({ reader });
  return performance.now() - start;
}

async function inProcessRows(browser: Browser): Promise<BenchRow[]> {
  const web = await startWeb(resolveConfig({ virtualCard: '1.8', backend: BACKEND, origin: ORIGIN }, {}), { port: 0 });
  try {
    const firstScreen: number[] = [];
    const ready: number[] = [];
    let flashCount = 0;
    for (let i = 0; i < RUNS; i++) {
      // A fresh web host each time would hide nothing: the card process remembers the card per insertion,
      // so the first run reads cold and the rest warm, as the direct summaries below do.
      const page = await openPage(browser, web.host.url);
      firstScreen.push(await until(async () => (await marks(page)).firstScreen, 'first screen'));
      await page.getByRole('button', { name: /Log in with your eID card/ }).click();
      const done = await until(async () => { const m = await marks(page); return m.ready === undefined ? undefined : m; }, '"Log in as"');
      ready.push(done.ready! - done.click!);
      flashCount += await flashes(page);
      await page.context().close();
    }
    const direct: number[] = [];
    const card = startCardProcess({ spawn: forkCardWorker, config: { pcsc: { kind: 'virtual', profile: '1.8', seed: DEMO_SEED } } });
    try {
      for (let i = 0; i < RUNS; i++) direct.push(await directSummaryMs(card, DEMO_READER));
    } finally {
      await card.stop();
    }
    const beyond = median(ready) - median(direct);
    return [
      { name: `ui: start → first screen painted (Chromium, web host, median of ${RUNS} cold contexts)`, measured: { value: median(firstScreen), unit: 'ms' }, goal: { text: `≤ ${FIRST_SCREEN_GOAL_MS} ms`, met: median(firstScreen) <= FIRST_SCREEN_GOAL_MS } },
      { name: `ui: in-process card → checklist ready, beyond the card's own ${median(direct).toFixed(0)} ms (eID screen opened, median of ${RUNS})`, measured: { value: beyond, unit: 'ms' }, baseline: { label: 'UI total', value: median(ready) }, goal: { text: `≤ card + ${READY_GOAL_MS} ms`, met: beyond <= READY_GOAL_MS } },
      { name: 'ui: "Loading…" or empty screen seen between screens', measured: { value: flashCount, unit: 'times' }, goal: { text: '0', met: flashCount === 0 } },
    ];
  } finally {
    await web.stop();
  }
}

async function pcscdRow(browser: Browser): Promise<BenchRow> {
  const name = 'ui: card inserted in vpcd (pcscd) → checklist ready, beyond the card\'s own time';
  if (!pcscdInstalled()) return { name: `${name} — skipped, pcscd not installed`, measured: { value: 0, unit: '' } };
  const release = await pcscdLock(300);
  if (!release) return { name: `${name} — skipped, /tmp/pcscd.lock busy`, measured: { value: 0, unit: '' } };
  const { ensurePcscd } = await import('../support/pcscd.ts');
  const { withVirtualCardOnPcscd } = await import('../support/virtual-card.ts');
  const { createVirtualCard } = await import('../../src/virtual-card/index.ts');
  try {
    await ensurePcscd();
    const card = await createVirtualCard({ profile: '1.8', seed: 'ui-speed' });
    const web = await startWeb(resolveConfig({ backend: BACKEND, origin: ORIGIN }, {}), { port: 0 });
    const direct = startCardProcess({ spawn: forkCardWorker, config: { pcsc: { kind: 'native' } } });
    const ready: number[] = [];
    const own: number[] = [];
    try {
      for (let i = 0; i < 5; i++) {
        const page = await openPage(browser, web.host.url);
        await page.getByRole('button', { name: /Log in with your eID card/ }).click();
        await page.getByText('Insert your eID card in the card reader.').first().waitFor();
        await withVirtualCardOnPcscd({ card }, async () => {
          // From the moment the page hears of the card (pcscd's own detection delay is not ours).
          const done = await until(async () => { const m = await marks(page); return m.ready === undefined ? undefined : m; }, '"Log in as"');
          ready.push(done.ready! - done.cardSeen!);
        });
        await page.context().close();
        await withVirtualCardOnPcscd({ card }, async ({ reader }) => {
          own.push(await directSummaryMs(direct, reader));
        });
      }
    } finally {
      await direct.stop();
      await web.stop();
    }
    const beyond = median(ready) - median(own);
    return { name: `${name} ${median(own).toFixed(0)} ms (median of 5)`, measured: { value: beyond, unit: 'ms' }, baseline: { label: 'UI total', value: median(ready) }, goal: { text: `≤ card + ${READY_GOAL_MS} ms`, met: beyond <= READY_GOAL_MS } };
  } finally {
    release();
  }
}

const suite: BenchSuite = async () => {
  if (!existsSync(CHROMIUM)) return [{ name: 'ui speed rows skipped: /usr/bin/chromium missing', measured: { value: 0, unit: '' } }];
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    return [...(await inProcessRows(browser)), await pcscdRow(browser)];
  } finally {
    await browser.close();
  }
};

export default suite;
