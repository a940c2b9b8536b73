// The Diagnosis screen in Chromium through the web host, with pcscd: the verdict for "no card" and
// for "all fine" comes first, and the screen passes axe.
import { expect, test, type Page } from '@playwright/test';
import { ensurePcscd } from '../support/pcscd.ts';
import { withVirtualCardOnPcscd } from '../support/virtual-card.ts';
import { checkScreen } from './support/a11y.ts';
import { chooseLanguage } from './support/language.ts';
import { startStack, type Stack } from './support/stack.ts';

// One stack for the file (set up once); each test inserts its own card, or none, and opens its own page.

let stack: Stack;
test.beforeAll(async () => {
  await ensurePcscd();
  stack = await startStack({ card: 'pcscd' });
});
test.afterAll(async () => {
  await stack?.stop();
});

/** Runs the diagnosis in English; the verdict comes first: its heading (status word, then title) has the focus. */
async function runDiagnosis(page: Page, verdict: string) {
  await page.goto(stack.web.url);
  await chooseLanguage(page, 'en');
  await page.getByRole('navigation').getByRole('button', { name: 'Help & contact' }).click();
  await page.getByRole('button', { name: 'Run a diagnosis' }).click();
  await expect(page.getByRole('checkbox', { name: 'Include my personal data in the report' })).not.toBeChecked();
  await page.getByRole('button', { name: 'Start the diagnosis' }).click();
  await expect(page.getByRole('heading', { level: 2, name: verdict })).toBeFocused({ timeout: 60_000 });
  await expect(page.getByRole('region', { name: verdict })).toBeVisible();
}

test('no card in the reader', async ({ page }) => {
  await runDiagnosis(page, 'Problem No card in the reader');
  await expect(page.getByRole('region', { name: 'Problem No card in the reader' }).getByText('Insert your eID card into the reader.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Did this solve your problem?' })).toBeVisible();
  await checkScreen(page, 'en-light-diagnosis-no-card');
});

test('all fine with a Belgian eID in the reader', async ({ page }) => {
  await withVirtualCardOnPcscd({ profile: '1.8', pki: stack.pki }, async () => {
    await runDiagnosis(page, 'OK Everything works');
    await expect(page.getByRole('heading', { name: 'Did this solve your problem?' })).toHaveCount(0);
    await page.emulateMedia({ colorScheme: 'dark' });
    await checkScreen(page, 'en-dark-diagnosis-all-fine');
  });
});
