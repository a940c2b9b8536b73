// The itsme path in the app, in Dutch: "continue in your browser and the itsme app", the browser goes
// through the strict itsme stand-in and the backend's callback, whose page hands the one-time result to
// the app through a myvivium-eid: link (handed over here with `eid-companion open`, as the OS would);
// the app exchanges it and continues. Also the session swap (issue 21): a login someone else started
// cannot be finished in this app. Luc has
// a mobile number but no e-mail address: after itsme onboarding still asks for the e-mail address (the
// FAQ's rule), then MyVivium. And, in French, itsme unreachable: the eID card is offered instead.
// (The French login through `npm run demo`: itsme-demo.e2e.ts.)
import { createHash, randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { ApiClient } from '../support/server.ts';
import { checkScreen } from './support/a11y.ts';
import { startItsmeProvider, type ItsmeProvider } from './support/itsme-provider.ts';
import { chooseLanguage } from './support/language.ts';
import { codeSentTo, portalAddress, startStack, type Stack } from './support/stack.ts';

const CASES = [
  {
    language: 'nl', itsme: /^Aanmelden met itsme/, start: 'Verder met itsme', waiting: 'Ga verder in uw browser en de itsme-app', onboarding: 'Voeg uw e-mailadres toe',
    email: 'E-mailadres', send: 'Stuur mij een code', code: 'Code', confirm: 'Bevestigen', done: 'U bent aangemeld', open: 'MyVivium openen',
  },
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

/** The system browser at the stand-in: Luc confirms, then the callback page sends the browser on to the app. */
async function throughStandIn(browser: Page, authorizeUrl: string): Promise<string> {
  await browser.goto(authorizeUrl);
  const toApp = browser.waitForRequest((request) => request.url().startsWith('myvivium-eid://itsme-result'));
  await browser.getByRole('button', { name: 'Aanmelden als Luc Demo Specimen' }).click();
  const link = (await toApp).url();
  await browser.close();
  return link;
}

for (const c of CASES) {
  test(`itsme login through the stand-in, then the e-mail address and MyVivium (${c.language})`, async ({ page, context }) => {
    provider = await startItsmeProvider();
    stack = await startStack({ card: '1.8', itsme: provider });
    await page.goto(stack.web.url);
    await chooseLanguage(page, c.language);
    await page.getByRole('button', { name: c.itsme }).click();
    const opened = stack.web.nextOpened();
    await page.getByRole('button', { name: c.start }).click();
    await expect(page.getByRole('heading', { level: 1, name: c.waiting })).toBeFocused();
    await checkScreen(page, `${c.language}-light-itsme-waiting`);

    // The system browser: the provider's login and consent, then the backend's callback page.
    const authorizeUrl = await opened;
    expect(new URL(authorizeUrl).origin).toBe(provider.issuer);
    const link = await throughStandIn(await context.newPage(), authorizeUrl);
    expect(await stack.web.openLink(link)).toMatchObject({ code: 0 });

    await expect(page.getByRole('heading', { level: 1, name: c.onboarding })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('radio')).toHaveCount(0);
    const email = `luc.itsme.${c.language}@example.test`;
    await page.getByRole('textbox', { name: c.email }).fill(email);
    await page.getByRole('button', { name: c.send }).click();
    await page.getByRole('textbox', { name: c.code, exact: true }).fill(await codeSentTo(stack.server, email));
    await page.getByRole('button', { name: c.confirm }).click();
    await expect(page.getByRole('heading', { level: 1, name: c.done })).toBeVisible();
    const handoff = stack.web.nextOpened();
    await page.getByRole('button', { name: c.open }).click();
    const portal = await context.newPage();
    expect((await portal.goto(portalAddress(stack.server, await handoff)))?.status()).toBe(200);
  });
}

test('itsme unreachable: the screen says itsme is unavailable now and offers the eID card (fr)', async ({ page }) => {
  provider = await startItsmeProvider();
  await provider.stop(); // the backend starts all the same and answers ITSME_UNAVAILABLE
  stack = await startStack({ card: '1.8', itsme: provider });
  await page.goto(stack.web.url);
  await chooseLanguage(page, 'fr');
  await page.getByRole('button', { name: /^Se connecter avec itsme/ }).click();
  await page.getByRole('button', { name: 'Continuer avec itsme' }).click();
  // The error panel is a region named by what happened.
  const unavailable = page.getByRole('region', { name: "itsme n'est pas disponible pour le moment." });
  await expect(unavailable).toBeVisible();
  await checkScreen(page, 'fr-light-itsme-unavailable');
  await page.getByRole('button', { name: 'Me connecter avec ma carte eID' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /eID/ })).toBeVisible();
});

test('session swap: a login someone else started is refused by this app, which keeps waiting for its own (nl)', async ({ page, context }) => {
  provider = await startItsmeProvider();
  stack = await startStack({ card: '1.8', itsme: provider });
  // The attacker starts a flow with a secret of its own and sends the authorize URL to the victim.
  const attacker = new ApiClient(stack.server.url);
  const started = await attacker.post<{ authorizeUrl: string; pollId: string }>('/api/auth/itsme/start', {
    appSecretHash: createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url'),
  });
  // The victim's app waits for an itsme login of its own.
  await page.goto(stack.web.url);
  await chooseLanguage(page, 'nl');
  await page.getByRole('button', { name: CASES[0].itsme }).click();
  await page.getByRole('button', { name: CASES[0].start }).click();
  await expect(page.getByRole('heading', { level: 1, name: CASES[0].waiting })).toBeFocused();

  // The victim confirms the attacker's URL; the page hands the result to the victim's app, which refuses it.
  const handed = await stack.web.openLink(await throughStandIn(await context.newPage(), started.body.authorizeUrl));
  expect(handed.code).toBe(1);
  expect(handed.output).toContain('refused the link');
  // The attacker's poll gives nothing; the victim's app is still waiting, logged in as nobody.
  expect((await attacker.get(`/api/auth/itsme/status?pollId=${started.body.pollId}`)).body).toEqual({ state: 'pending' });
  await expect(page.getByRole('heading', { level: 1, name: CASES[0].waiting })).toBeVisible();
  expect((await attacker.post<{ error: { code: string } }>('/api/handoff')).body.error.code).toBe('SESSION_INVALID');
});
