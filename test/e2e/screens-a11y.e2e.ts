// Every screen in every language, light and dark: axe (WCAG 2.1 A + AA) finds nothing, <html lang>
// follows the language, and a screenshot lands in test-results/screenshots/<lang>-<theme>-<screen>.png.
// Uses the web host's in-process virtual card (no pcscd), with the real backend for login and onboarding.
import { expect, test, type Page } from '@playwright/test';
import type { Language } from '../../src/i18n/languages.ts';
import { checkScreen } from './support/a11y.ts';
import { chooseLanguage, documentElement } from './support/language.ts';
import { codeSentTo, startStack, type Stack } from './support/stack.ts';

const THEMES = ['light', 'dark'] as const;

/** What the walk clicks, types into and waits for, as each language shows it. */
const SHOWN = {
  en: {
    menu: 'Main menu', install: 'Installation guide', help: 'Help & contact', runDiagnosis: 'Run a diagnosis', diagnosis: 'Diagnosis of your card reader',
    startDiagnosis: 'Start the diagnosis', details: 'Details', itsme: /^Log in with itsme/, eid: /^Log in with your eID card/, loginAs: /^Log in as /,
    pin: 'PIN code', logIn: 'Log in', email: 'E-mail address', sendCode: 'Send me a code', code: 'Code', confirm: 'Confirm', done: 'You are logged in',
  },
  fr: {
    menu: 'Menu principal', install: "Guide d'installation", help: 'Aide et contact', runDiagnosis: 'Lancer un diagnostic', diagnosis: 'Diagnostic de votre lecteur de carte',
    startDiagnosis: 'Lancer le diagnostic', details: 'Détails', itsme: /^Se connecter avec itsme/, eid: /^Se connecter avec votre carte eID/, loginAs: /^Se connecter en tant que /,
    pin: 'Code PIN', logIn: 'Se connecter', email: 'Adresse e-mail', sendCode: "M'envoyer un code", code: 'Code', confirm: 'Confirmer', done: 'Vous êtes connecté',
  },
  nl: {
    menu: 'Hoofdmenu', install: 'Installatiegids', help: 'Hulp en contact', runDiagnosis: 'Diagnose uitvoeren', diagnosis: 'Diagnose van uw kaartlezer',
    startDiagnosis: 'Diagnose starten', details: 'Details', itsme: /^Aanmelden met itsme/, eid: /^Aanmelden met uw eID-kaart/, loginAs: /^Aanmelden als /,
    pin: 'Pincode', logIn: 'Aanmelden', email: 'E-mailadres', sendCode: 'Stuur mij een code', code: 'Code', confirm: 'Bevestigen', done: 'U bent aangemeld',
  },
  de: {
    menu: 'Hauptmenü', install: 'Installationsanleitung', help: 'Hilfe und Kontakt', runDiagnosis: 'Diagnose starten', diagnosis: 'Diagnose Ihres Kartenlesers',
    startDiagnosis: 'Diagnose starten', details: 'Einzelheiten', itsme: /^Mit itsme anmelden/, eid: /^Mit Ihrer eID-Karte anmelden/, loginAs: /^Als .* anmelden$/,
    pin: 'PIN', logIn: 'Anmelden', email: 'E-Mail-Adresse', sendCode: 'Code zusenden', code: 'Code', confirm: 'Bestätigen', done: 'Sie sind angemeldet',
  },
} satisfies Record<Language, Record<string, string | RegExp>>;
const LANGUAGES = Object.keys(SHOWN) as Language[];

let stack: Stack | undefined;
test.afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

/** The screen's title: the one first-level heading in the main region. */
async function heading(page: Page) {
  const h1 = page.getByRole('main').getByRole('heading', { level: 1 });
  await expect(h1).toBeVisible();
  return h1;
}

for (const language of LANGUAGES) {
  for (const theme of THEMES) {
    test(`every screen passes axe: ${language}, ${theme}`, async ({ page }) => {
      stack = await startStack({ card: '1.8' });
      const shown = SHOWN[language];
      const button = (name: string | RegExp) => page.getByRole('button', { name, exact: true });
      const shot = (screen: string) => checkScreen(page, `${language}-${theme}-${screen}`);
      await page.emulateMedia({ colorScheme: theme });
      await page.goto(stack.web.url);
      await heading(page);
      await chooseLanguage(page, language);
      await expect(documentElement(page)).toHaveAttribute('lang', language);

      await shot('login');

      const menu = page.getByRole('navigation', { name: shown.menu });
      await menu.getByRole('button', { name: shown.install }).click();
      await expect(page.getByRole('tablist')).toBeVisible();
      await shot('install');

      await menu.getByRole('button', { name: shown.help }).click();
      await expect(page.getByRole('main').getByRole('heading', { level: 1, name: shown.help })).toBeVisible();
      await shot('help');

      await page.getByRole('main').getByRole('button', { name: shown.runDiagnosis, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1, name: shown.diagnosis })).toBeVisible();
      await shot('diagnosis');
      await button(shown.startDiagnosis).click();
      await expect(page.getByRole('heading', { level: 2, name: shown.details })).toBeVisible({ timeout: 60_000 });
      await shot('diagnosis-result');

      // The brand mark in the header leads back to the start screen.
      const home = page.getByRole('banner').getByRole('button', { name: /^MyVivium/ });
      await home.click();
      await button(shown.itsme).click();
      await heading(page);
      await shot('itsme');

      await home.click();
      await button(shown.eid).click();
      const login = button(shown.loginAs);
      await expect(login).toBeVisible();
      await shot('eid');
      await login.click();
      const pin = page.getByRole('textbox', { name: shown.pin, exact: true });
      await expect(pin).toBeVisible();
      await shot('pin');
      await pin.fill('1234');
      await button(shown.logIn).click();

      const contact = page.getByRole('textbox', { name: shown.email, exact: true });
      await expect(contact).toBeVisible();
      await shot('onboarding');
      const email = `eva.${language}.${theme}@example.test`;
      await contact.fill(email);
      await button(shown.sendCode).click();
      const code = page.getByRole('textbox', { name: shown.code, exact: true });
      await expect(code).toBeVisible();
      await shot('onboarding-code');
      await code.fill(await codeSentTo(stack.server, email));
      await button(shown.confirm).click();
      await expect(page.getByRole('heading', { level: 1, name: shown.done })).toBeVisible();
      await shot('done');
    });
  }
}
