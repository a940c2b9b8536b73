// Help shows whether the helpdesk is open for a fixed clock (Europe/Brussels), the personal-data
// notice, and the language switch (remembered across a reload, <html lang> in sync).
import { expect, test } from '@playwright/test';
import { startStack, type Stack } from './support/stack.ts';

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack({ card: '1.8' });
});
test.afterAll(async () => {
  await stack?.stop();
});

test('help: open on a Thursday afternoon', async ({ page }) => {
  await page.clock.setFixedTime(new Date('2026-11-26T14:00:00Z')); // Thursday 15:00 in Brussels
  await page.goto(stack.web.url);
  await page.getByRole('button', { name: 'Help & contact' }).first().click();
  const state = page.getByTestId('helpdesk-state');
  await expect(state).toHaveAttribute('data-open', 'true');
  await expect(state).toContainText('Open now.');
  await expect(state).toContainText('until 17:00 today');
  await expect(page.getByText('02/406.87.09').first()).toBeVisible();
});

test('help: closed on a Friday evening, opens on Monday — in Dutch', async ({ page }) => {
  await page.clock.setFixedTime(new Date('2026-11-27T17:30:00Z')); // Friday 18:30 in Brussels
  await page.goto(stack.web.url);
  await page.selectOption('#language-select', 'nl');
  await page.getByRole('button', { name: 'Hulp en contact' }).first().click();
  const state = page.getByTestId('helpdesk-state');
  await expect(state).toHaveAttribute('data-open', 'false');
  await expect(state).toContainText('Nu gesloten.');
  await expect(state).toContainText('maandag open om 08:30');
});

test('personal data: greyed on the start screen, pointing to itsme and the eID card', async ({ page }) => {
  await page.goto(stack.web.url);
  await page.selectOption('#language-select', 'en');
  await expect(page.getByRole('button', { name: /Log in with your personal data/ })).toHaveCount(0);
  await expect(page.getByText('No longer available', { exact: true })).toBeVisible();
  await expect(page.getByText(/Please log in with itsme or with your eID card/)).toBeVisible();
  await expect(page.getByRole('textbox')).toHaveCount(0);
});

test('language switch: texts, <html lang>, remembered after a reload', async ({ page }) => {
  await page.goto(stack.web.url);
  await page.selectOption('#language-select', 'en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  for (const [language, title] of [['fr', 'Se connecter à MyVivium'], ['de', 'Bei MyVivium anmelden'], ['nl', 'Aanmelden bij MyVivium']] as const) {
    await page.getByRole('combobox').selectOption(language);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(page.locator('html')).toHaveAttribute('lang', language);
  }
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aanmelden bij MyVivium');
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
});
