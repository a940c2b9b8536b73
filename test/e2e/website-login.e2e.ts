// Starting at MyVivium: the reference backend's login page in the customer's browser sends a
// myvivium-eid: link, `eid-companion open` hands it to the running app (as the OS would), the app does
// card, PIN and onboarding, and the handoff lands the customer's own browser on the return path, logged
// in — in French. And the login-CSRF case: the page that sent the link gets no session.
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { ensurePcscd } from '../support/pcscd.ts';
import { withVirtualCardOnPcscd } from '../support/virtual-card.ts';
import { chooseLanguage } from './support/language.ts';
import { codeSentTo, startStack, type Stack } from './support/stack.ts';

// Each test has its own stack and browser contexts, started before it and closed after it.
let stack: Stack;
const contexts: BrowserContext[] = [];
test.beforeAll(async () => {
  await ensurePcscd();
});
test.beforeEach(async () => {
  stack = await startStack({ card: 'pcscd' });
});
test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  await stack?.stop();
});

const HOLDER = 'Eva Demo Specimen';
const RETURN_PATH = '/portal/mes-contrats';

async function frenchContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'fr-BE' });
  contexts.push(context);
  return context;
}

/** On MyVivium's login page: click the eID button and catch the myvivium-eid: navigation it makes. */
async function clickEidOnLoginPage(site: Page): Promise<string> {
  await site.goto(`${stack.server.url}/login?return=${encodeURIComponent(RETURN_PATH)}`);
  await expect(site.getByRole('heading', { level: 1, name: 'Se connecter à MyVivium' })).toBeVisible();
  const navigation = site.waitForRequest((request) => request.url().startsWith('myvivium-eid:'));
  await site.getByRole('link', { name: 'Se connecter avec votre carte eID' }).click();
  return (await navigation).url();
}

/** The app's window, in French, with the link handed over: card, PIN, onboarding, "Open MyVivium". */
async function loginInApp(app: Page, link: string, email: string): Promise<string> {
  await app.goto(stack.web.url);
  await chooseLanguage(app, 'fr');
  const handed = await stack.web.openLink(link);
  expect(handed, handed.output).toMatchObject({ code: 0 });
  await expect(app.getByRole('heading', { level: 1, name: 'Se connecter avec votre carte eID' })).toBeVisible();
  await expect(app.getByRole('main').getByText('MyVivium a demandé cette connexion. Une fois connecté, MyVivium s’ouvre à nouveau dans votre navigateur.', { exact: true })).toBeVisible();
  await app.getByRole('button', { name: `Se connecter en tant que ${HOLDER}` }).click();
  await app.getByRole('textbox', { name: 'Code PIN' }).fill('1234');
  await app.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Ajoutez votre adresse e-mail ou votre numéro de mobile' })).toBeVisible();
  await app.getByRole('textbox', { name: 'Adresse e-mail' }).fill(email);
  await app.getByRole('button', { name: "M'envoyer un code" }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Tapez le code reçu' })).toBeFocused();
  await app.getByRole('textbox', { name: 'Code', exact: true }).fill(await codeSentTo(stack.server, email));
  await app.getByRole('button', { name: 'Confirmer' }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Vous êtes connecté' })).toBeVisible();
  const opened = stack.web.nextOpened();
  await app.getByRole('button', { name: 'Ouvrir MyVivium' }).click();
  return opened;
}

test('from MyVivium’s login page through the app to the return path, logged in, in French', async ({ browser }) => {
  await withVirtualCardOnPcscd({ profile: '1.8', pki: stack.pki }, async () => {
    const customer = await frenchContext(browser);
    const site = await customer.newPage();
    const link = await clickEidOnLoginPage(site);
    expect(link).toBe(`myvivium-eid://login?return=${encodeURIComponent(RETURN_PATH)}`);

    const app = await (await frenchContext(browser)).newPage();
    const handoff = await loginInApp(app, link, 'eva.site@example.test');

    // The default browser opens the one-time link: the customer's own browser lands on the return path.
    expect(new URL(handoff).searchParams.get('return')).toBe(RETURN_PATH);
    await site.goto(handoff);
    expect(new URL(site.url()).pathname).toBe(RETURN_PATH);
    await expect(site.getByRole('heading', { level: 1, name: `Bienvenue ${HOLDER}` })).toBeVisible();
    await expect(site.getByText(`Vous êtes sur ${RETURN_PATH}.`)).toBeVisible();
  });
});

test('login CSRF: the page that sent the link gets no session; the browser that opens the handoff does', async ({ browser }) => {
  await withVirtualCardOnPcscd({ profile: '1.8', pki: stack.pki }, async () => {
    // An attacker's browser starts from the login page and sends the link to someone else's app.
    const attacker = await frenchContext(browser);
    const attackerPage = await attacker.newPage();
    const link = await clickEidOnLoginPage(attackerPage);

    const victimApp = await (await frenchContext(browser)).newPage();
    const handoff = await loginInApp(victimApp, link, 'eva.csrf@example.test');

    // The victim's own browser opens the handoff and is logged in.
    const victim = await frenchContext(browser);
    const victimPage = await victim.newPage();
    await victimPage.goto(handoff);
    await expect(victimPage.getByRole('heading', { level: 1, name: `Bienvenue ${HOLDER}` })).toBeVisible();

    // The attacker's browser has no session: not on the return path, not anywhere, and the link is spent.
    expect(await attacker.cookies()).toEqual([]);
    const denied = await attackerPage.goto(`${stack.server.url}${RETURN_PATH}`);
    expect(denied?.status()).toBe(401);
    await expect(attackerPage.getByRole('heading', { level: 1, name: 'Vous n’êtes pas connecté' })).toBeVisible();
    expect((await attackerPage.goto(handoff))?.status()).toBe(410);
    expect(await attacker.cookies()).toEqual([]);
  });
});

test('when the app does not come forward, the login page says how to get it, and offers itsme', async ({ browser }) => {
  const site = await (await frenchContext(browser)).newPage();
  await clickEidOnLoginPage(site);
  const fallbackTitle = 'L’application MyVivium eID ne s’est pas ouverte';
  await expect(site.getByRole('heading', { level: 2, name: fallbackTitle })).toBeFocused({ timeout: 10_000 });
  const fallback = site.getByRole('region', { name: fallbackTitle });
  await expect(fallback.getByRole('link', { name: 'Télécharger MyVivium eID' })).toHaveAttribute('href', 'https://www.myvivium.be/eid-companion');
  await expect(fallback.getByRole('link', { name: 'Se connecter avec itsme' })).toBeVisible();
});
