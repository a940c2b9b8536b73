// The itsme path in the app, in Dutch: "continue in your browser and the itsme app", the browser goes
// through the strict itsme stand-in and the backend's callback, the app notices and continues. Luc has
// a mobile number but no e-mail address: after itsme onboarding still asks for the e-mail address (the
// FAQ's rule), then MyVivium. And, in French, itsme unreachable: the eID card is offered instead.
// (The French login through `npm run demo`: itsme-demo.e2e.ts.)
import { expect, test } from '@playwright/test';
import { checkScreen } from './support/a11y.ts';
import { startItsmeProvider, type ItsmeProvider } from './support/itsme-provider.ts';
import { codeSentTo, portalAddress, startStack, type Stack } from './support/stack.ts';

const CASES = [
  { language: 'nl', waiting: 'Ga verder in uw browser en de itsme-app', onboarding: 'Voeg uw e-mailadres toe', done: 'U bent aangemeld' },
] as const;

// The system browser speaks the user's language too (the stand-in's and the backend's pages follow it).
test.use({ locale: 'nl-BE' });

let provider: ItsmeProvider | undefined;
let stack: Stack | undefined;
test.afterEach(async () => {
  await stack?.stop();
  await provider?.stop();
  stack = undefined;
  provider = undefined;
});

for (const c of CASES) {
  test(`itsme login through the stand-in, then the e-mail address and MyVivium (${c.language})`, async ({ page, context }) => {
    provider = await startItsmeProvider();
    stack = await startStack({ card: '1.8', itsme: provider });
    await page.goto(stack.web.url);
    await page.selectOption('#language-select', c.language);
    await page.locator('.choice').nth(0).click();
    const opened = stack.web.nextOpened();
    await page.locator('main .button.primary').click();
    await expect(page.getByRole('heading', { level: 1, name: c.waiting })).toBeFocused();
    await checkScreen(page, `${c.language}-light-itsme-waiting`);

    // The system browser: the provider's login and consent, then the backend's callback page.
    const authorizeUrl = await opened;
    expect(new URL(authorizeUrl).origin).toBe(provider.issuer);
    const browser = await context.newPage();
    await browser.goto(authorizeUrl);
    await browser.getByRole('button', { name: 'Aanmelden als Luc Demo Specimen' }).click();
    await browser.waitForURL(`${stack.server.url}/api/auth/itsme/callback**`);
    await browser.close();

    await expect(page.getByRole('heading', { level: 1, name: c.onboarding })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('radio')).toHaveCount(0);
    const email = `luc.itsme.${c.language}@example.test`;
    await page.locator('#contact-value').fill(email);
    await page.locator('main button[type="submit"]').click();
    await page.locator('#code-value').fill(await codeSentTo(stack.server, email));
    await page.locator('main button[type="submit"]').click();
    await expect(page.getByRole('heading', { level: 1, name: c.done })).toBeVisible();
    const handoff = stack.web.nextOpened();
    await page.locator('main .button.primary').click();
    const portal = await context.newPage();
    expect((await portal.goto(portalAddress(stack.server, await handoff)))?.status()).toBe(200);
  });
}

test('itsme unreachable: the screen says itsme is unavailable now and offers the eID card (fr)', async ({ page }) => {
  provider = await startItsmeProvider();
  await provider.stop(); // the backend starts all the same and answers ITSME_UNAVAILABLE
  stack = await startStack({ card: '1.8', itsme: provider });
  await page.goto(stack.web.url);
  await page.selectOption('#language-select', 'fr');
  await page.locator('.choice').nth(0).click();
  await page.locator('main .button.primary').click();
  await expect(page.locator('main [data-error-code="ITSME_UNAVAILABLE"]')).toContainText("itsme n'est pas disponible pour le moment.");
  await checkScreen(page, 'fr-light-itsme-unavailable');
  await page.getByRole('button', { name: 'Me connecter avec ma carte eID' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /eID/ })).toBeVisible();
});
