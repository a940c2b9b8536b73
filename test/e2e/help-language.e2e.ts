// Help shows whether the helpdesk is open for a fixed clock (Europe/Brussels), the personal-data
// notice, and the language switch (remembered across a reload, <html lang> in sync).
import { expect, test } from '@playwright/test';
import { chooseLanguage, documentElement } from './support/language.ts';
import { startStack, type Stack } from './support/stack.ts';

// One stack for the file; each test opens its own page (own storage) and chooses its language itself,
// since the companion remembers the last language chosen.
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
  await chooseLanguage(page, 'en');
  await page.getByRole('navigation').getByRole('button', { name: 'Help & contact' }).click();
  const contact = page.getByRole('region', { name: 'Contact the MyVivium helpdesk' });
  await expect(contact.getByText('Open now.', { exact: true })).toBeVisible();
  await expect(contact.getByText('The helpdesk answers until 17:00 today.', { exact: true })).toBeVisible();
  await expect(contact.getByText('02/406.87.09')).toBeVisible();
});

test('help: closed on a Friday evening, opens on Monday — in Dutch', async ({ page }) => {
  await page.clock.setFixedTime(new Date('2026-11-27T17:30:00Z')); // Friday 18:30 in Brussels
  await page.goto(stack.web.url);
  await chooseLanguage(page, 'nl');
  await page.getByRole('navigation').getByRole('button', { name: 'Hulp en contact' }).click();
  const contact = page.getByRole('region', { name: 'Contact met de helpdesk van MyVivium' });
  await expect(contact.getByText('Nu gesloten.', { exact: true })).toBeVisible();
  await expect(contact.getByText('De helpdesk gaat maandag open om 08:30.', { exact: true })).toBeVisible();
  await expect(contact.getByText('Nu open.', { exact: true })).toHaveCount(0);
});

test('personal data: greyed on the start screen, pointing to itsme and the eID card', async ({ page }) => {
  await page.goto(stack.web.url);
  await chooseLanguage(page, 'en');
  await expect(page.getByRole('button', { name: /Log in with your personal data/ })).toHaveCount(0);
  await expect(page.getByText('No longer available', { exact: true })).toBeVisible();
  await expect(page.getByText(/Please log in with itsme or with your eID card/)).toBeVisible();
  await expect(page.getByRole('textbox')).toHaveCount(0);
});

test('language switch: texts, <html lang>, remembered after a reload', async ({ page }) => {
  await page.goto(stack.web.url);
  await chooseLanguage(page, 'en');
  await expect(documentElement(page)).toHaveAttribute('lang', 'en');
  for (const [language, title] of [['fr', 'Se connecter à MyVivium'], ['de', 'Bei MyVivium anmelden'], ['nl', 'Aanmelden bij MyVivium']] as const) {
    await chooseLanguage(page, language);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(documentElement(page)).toHaveAttribute('lang', language);
  }
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aanmelden bij MyVivium');
  await expect(documentElement(page)).toHaveAttribute('lang', 'nl');
});
