// `npm run demo -- --web` as a user meets it, in French: "Log in with itsme" (the option the start screen
// recommends) goes through the demo's itsme stand-in — the strict provider, with its page to pick a
// demo person — and the backend; Eva has no e-mail address, so onboarding asks for one and confirms it
// by code; then MyVivium opens. The stand-in's return page hands the result to the app through its
// myvivium-eid: link, given to the demo with `eid-companion open` as the OS would.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { checkScreen } from './support/a11y.ts';
import { chooseLanguage } from './support/language.ts';
import { watchLines } from './support/web-process.ts';

const ROOT = resolve(import.meta.dirname, '../..');

interface Demo {
  readonly appUrl: string;
  readonly backendUrl: string;
  /** Resolves with the next address the app asks the system browser to open. */
  nextOpened(): Promise<string>;
  /** `eid-companion open LINK` against this demo; its exit code. */
  openLink(link: string): Promise<number>;
  stop(): Promise<void>;
}

async function startDemo(): Promise<Demo> {
  const env = { ...process.env };
  for (const name of ['MYVIVIUM_BACKEND', 'MYVIVIUM_ORIGIN', 'ITSME_ORIGIN']) delete env[name];
  // Where the demo announces itself to `eid-companion open`: a folder of its own.
  env.EID_COMPANION_RUNTIME_DIR = mkdtempSync(join(tmpdir(), 'e2e-demo-runtime-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'main/demo.ts', '--web'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const waiters: Array<(url: string) => void> = [];
  const started = new Promise<{ appUrl: string; backendUrl: string }>((resolveStart, reject) => {
    let backendUrl = '';
    const printed = watchLines(child, (line) => {
      const backend = /^Demo backend: (\S+)/.exec(line);
      if (backend) backendUrl = backend[1]!;
      const opened = /^open in your browser: (\S+)$/.exec(line);
      if (opened) waiters.shift()?.(opened[1]!);
      if (/^http:\/\/127\.0\.0\.1:\d+\/\S*token=/.test(line)) {
        clearTimeout(timer);
        resolveStart({ appUrl: line, backendUrl });
      }
    });
    const timer = setTimeout(() => reject(new Error(`the demo did not start within 60 s\n${printed()}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`the demo exited (${code})\n${printed()}`)));
  });
  const { appUrl, backendUrl } = await started;
  return {
    appUrl,
    backendUrl,
    nextOpened: () => new Promise((resolveOpened) => waiters.push(resolveOpened)),
    openLink: (link) => new Promise((resolveRun) => execFile(process.execPath, [join(ROOT, 'bin/eid-companion.js'), 'open', link], { cwd: ROOT, env }, (error) => resolveRun(error ? Number(error.code ?? 1) : 0))),
    // The demo stops its backend and stand-in when it ends; the process group catches any straggler.
    stop: () => new Promise((resolveStop) => {
      if (child.exitCode !== null) return resolveStop();
      child.once('exit', () => resolveStop());
      process.kill(-child.pid!, 'SIGTERM');
    }),
  };
}

async function codeSentTo(backendUrl: string, address: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const { messages } = (await (await fetch(`${backendUrl}/dev/outbox`)).json()) as { messages: Array<{ to: string; code: string }> };
    const message = messages.findLast((m) => m.to === address);
    if (message) return message.code;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no code in the demo outbox for ${address}`);
}

// The system browser speaks the user's language too (the stand-in's and the backend's pages follow it).
test.use({ locale: 'fr-BE' });

let demo: Demo | undefined;
test.afterEach(async () => {
  await demo?.stop();
  demo = undefined;
});

test('npm run demo: itsme through the stand-in in French, the e-mail onboarding, then MyVivium', async ({ page, context }) => {
  demo = await startDemo();
  await page.goto(demo.appUrl);
  await chooseLanguage(page, 'fr');
  await page.getByRole('button', { name: /Se connecter avec itsme/ }).click(); // the recommended option
  const opened = demo.nextOpened();
  await page.getByRole('button', { name: 'Continuer avec itsme' }).click();
  await expect(page.getByRole('heading', { level: 1, name: "Continuez dans votre navigateur et l'application itsme" })).toBeFocused();

  // The system browser: the stand-in's page (it says it is not itsme), pick Eva, back at the backend.
  const browser = await context.newPage();
  await browser.goto(await opened);
  await expect(browser.getByRole('heading', { level: 1, name: 'Simulateur itsme' })).toBeVisible();
  await checkScreen(browser, 'fr-itsme-stand-in');
  const toApp = browser.waitForRequest((request) => request.url().startsWith('myvivium-eid://itsme-result'));
  await browser.getByRole('button', { name: 'Se connecter en tant que Eva Demo Specimen' }).click();
  const resultLink = (await toApp).url();
  await expect(browser.getByRole('heading', { level: 1 })).toHaveText('Revenez à MyVivium eID');
  await browser.close();
  expect(await demo.openLink(resultLink)).toBe(0);

  // No e-mail address linked: the e-mail address only, confirmed by code.
  await expect(page.getByRole('heading', { level: 1, name: 'Ajoutez votre adresse e-mail' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('radio')).toHaveCount(0);
  await checkScreen(page, 'fr-light-itsme-onboarding-email');
  await page.getByRole('textbox', { name: 'Adresse e-mail' }).fill('eva.demo@example.test');
  await page.getByRole('button', { name: "M'envoyer un code" }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tapez le code reçu' })).toBeFocused();
  await page.getByRole('textbox', { name: 'Code', exact: true }).fill(await codeSentTo(demo.backendUrl, 'eva.demo@example.test'));
  await page.getByRole('button', { name: 'Confirmer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Votre adresse e-mail est confirmée' })).toBeVisible();
  await page.getByRole('button', { name: 'Continuer sans numéro de mobile' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Vous êtes connecté' })).toBeVisible();
  const handoff = demo.nextOpened();
  await page.getByRole('button', { name: 'Ouvrir MyVivium' }).click();
  const portal = await context.newPage();
  const link = new URL(await handoff);
  expect(link.origin).toBe(new URL(demo.backendUrl).origin);
  expect((await portal.goto(link.toString()))?.status()).toBe(200);
});
