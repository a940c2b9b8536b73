// The Diagnosis screen in Chromium through the web host, with pcscd: the verdict for "no card" and
// for "all fine" comes first, and the screen passes axe.
import { expect, test, type Page } from '@playwright/test';
import { ensurePcscd } from '../support/pcscd.ts';
import { withVirtualCardOnPcscd } from '../support/virtual-card.ts';
import { checkScreen } from './support/a11y.ts';
import { startStack, type Stack } from './support/stack.ts';

test.describe.configure({ mode: 'serial' });

let stack: Stack;
test.beforeAll(async () => {
  await ensurePcscd();
  stack = await startStack({ card: 'pcscd' });
});
test.afterAll(async () => {
  await stack?.stop();
});

async function runDiagnosis(page: Page) {
  await page.goto(stack.web.url);
  await page.selectOption('#language-select', 'en');
  await page.getByRole('button', { name: 'Help & contact' }).first().click();
  await page.getByRole('button', { name: 'Run a diagnosis' }).click();
  await expect(page.getByRole('checkbox', { name: 'Include my personal data in the report' })).not.toBeChecked();
  await page.getByRole('button', { name: 'Start the diagnosis' }).click();
  const verdict = page.locator('[data-verdict]');
  await expect(verdict).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('#verdict-title')).toBeFocused();
  return verdict;
}

test('no card in the reader', async ({ page }) => {
  const verdict = await runDiagnosis(page);
  await expect(verdict).toHaveAttribute('data-verdict', 'noCard');
  await expect(page.getByText('Did this solve your problem?')).toBeVisible();
  await checkScreen(page, 'en-light-diagnosis-no-card');
});

test('all fine with a Belgian eID in the reader', async ({ page }) => {
  await withVirtualCardOnPcscd({ profile: '1.8', pki: stack.pki }, async () => {
    const verdict = await runDiagnosis(page);
    await expect(verdict).toHaveAttribute('data-verdict', 'allFine');
    await page.emulateMedia({ colorScheme: 'dark' });
    await checkScreen(page, 'en-dark-diagnosis-all-fine');
  });
});
