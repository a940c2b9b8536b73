// Every screen in every language, light and dark: axe (WCAG 2.1 A + AA) finds nothing, <html lang>
// follows the language, and a screenshot lands in test-results/screenshots/<lang>-<theme>-<screen>.png.
// Uses the web host's in-process virtual card (no pcscd), with the real backend for login and onboarding.
import { expect, test, type Page } from '@playwright/test';
import { checkScreen } from './support/a11y.ts';
import { codeSentTo, startStack, type Stack } from './support/stack.ts';

const LANGUAGES = ['en', 'fr', 'nl', 'de'] as const;
const THEMES = ['light', 'dark'] as const;

let stack: Stack | undefined;
test.afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

async function heading(page: Page) {
  const h1 = page.locator('main h1');
  await expect(h1).toBeVisible();
  return h1;
}

for (const language of LANGUAGES) {
  for (const theme of THEMES) {
    test(`every screen passes axe: ${language}, ${theme}`, async ({ page }) => {
      stack = await startStack({ card: '1.8' });
      const shot = (screen: string) => checkScreen(page, `${language}-${theme}-${screen}`);
      await page.emulateMedia({ colorScheme: theme });
      await page.goto(stack.web.url);
      await heading(page);
      await page.selectOption('#language-select', language);
      await expect(page.locator('html')).toHaveAttribute('lang', language);

      await shot('login');

      await page.locator('.app-nav button').nth(0).click();
      await expect(page.locator('[role="tablist"]')).toBeVisible();
      await shot('install');

      await page.locator('.app-nav button').nth(1).click();
      await expect(page.getByTestId('helpdesk-state')).toBeVisible();
      await shot('help');

      await page.locator('section[aria-labelledby="diagnosis-link-title"] .button.primary').click();
      await expect(page.locator('#diagnosis-title')).toBeVisible();
      await shot('diagnosis');
      await page.locator('main .button.primary').click();
      // The verdict (or, where the host has no diagnosis, its error panel): either screen must pass axe.
      await expect(page.locator('[data-verdict], main [data-error-code]').first()).toBeVisible({ timeout: 60_000 });
      await shot('diagnosis-result');

      await page.locator('.brand').click();
      await page.locator('.choice').nth(0).click();
      await heading(page);
      await shot('itsme');

      await page.locator('.brand').click();
      await page.locator('.choice').nth(1).click();
      const login = page.locator('main .actions .button.primary');
      await expect(login).toBeVisible();
      await shot('eid');
      await login.click();
      await expect(page.locator('#pin-input')).toBeVisible();
      await shot('pin');
      await page.locator('#pin-input').fill('1234');
      await page.locator('main button[type="submit"]').click();

      await expect(page.locator('#contact-value')).toBeVisible();
      await shot('onboarding');
      const email = `eva.${language}.${theme}@example.test`;
      await page.locator('#contact-value').fill(email);
      await page.locator('main button[type="submit"]').click();
      await expect(page.locator('#code-value')).toBeVisible();
      await shot('onboarding-code');
      await page.locator('#code-value').fill(await codeSentTo(stack.server, email));
      await page.locator('main button[type="submit"]').click();
      await expect(page.locator('#done-title')).toBeVisible();
      await shot('done');
    });
  }
}
