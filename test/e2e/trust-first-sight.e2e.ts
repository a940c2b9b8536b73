// Issue 16 in Chromium through the web host with the in-process virtual card (no pcscd), in French
// and Dutch, by roles and visible names (texts read from the app's own locale files): no contradictory
// states (also in the diagnosis), no dead ends, the greyed personal-data way, the PIN field, the
// onboarding code, the words (no English or internal words, French spacing, the mail subject), Belgian
// holidays and the hours in the error panels, the install guide on a phone, saving the report by
// download, MyVivium's look (word mark, wider layout on a desktop), the start language, focus rings only
// for the keyboard, and axe in both themes on the new states. One primary action per screen:
// primary-action.e2e.ts. Each test starts its own stack.
import { expect, test, type Page } from '@playwright/test';
import type { TFunction } from 'i18next';
import { checkScreen } from './support/a11y.ts';
import { codeSentTo, startStack, type Stack } from './support/stack.ts';
import { texts } from './support/texts.ts';

const LANGUAGES = ['fr', 'nl'] as const;
type Lang = (typeof LANGUAGES)[number];
const LOCALE: Record<Lang, string> = { fr: 'fr-BE', nl: 'nl-BE' };

// Every test starts its own stack: they may run side by side.
test.describe.configure({ mode: 'parallel' });

let stack: Stack | undefined;
test.afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

/** Opens the app in a browser whose language is this one (the app starts in it by itself). */
async function open(page: Page, language: Lang): Promise<TFunction> {
  stack = await startStack({ card: '1.8' });
  await page.goto(stack.web.url);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
  return texts(language);
}

async function openEid(page: Page, t: TFunction) {
  await page.getByRole('button', { name: new RegExp(t('login:eid.title')) }).click();
  const loginAs = page.getByRole('button', { name: new RegExp(`^${t('eid:loginAs', { name: '' })}`) });
  await expect(loginAs).toBeVisible();
  return loginAs;
}

async function typePin(page: Page, t: TFunction, pin: string) {
  // Typed straight away, without clicking the field: it has focus when the PIN screen opens.
  await expect(page.getByRole('textbox', { name: t('pin:label') })).toBeFocused();
  await page.keyboard.type(pin);
  await page.getByRole('button', { name: t('pin:submit'), exact: true }).click();
}

for (const language of LANGUAGES) {
  test.describe(language, () => {
    test.use({ locale: LOCALE[language] });

    test(`start screen: the personal-data way is greyed, no password, in the FAQ's words (${language})`, async ({ page }) => {
      const t = await open(page, language);
      await expect(page.getByRole('heading', { level: 1, name: t('login:title') })).toBeVisible();
      await expect(page.getByRole('button', { name: new RegExp(t('login:personalData.title')) })).toHaveCount(0);
      await expect(page.getByText(t('login:personalData.unavailable'), { exact: true })).toBeVisible();
      await expect(page.getByText(t('login:personalData.description'))).toBeVisible();
      await expect(page.getByRole('main')).not.toContainText(language === 'fr' ? /mot de passe/i : /wachtwoord/i);
      // The header carries MyVivium's word mark; the footer the helpdesk and its hours.
      await expect(page.getByRole('banner').getByRole('img', { name: 'MyVivium' })).toBeVisible();
      await expect(page).toHaveTitle(t('common:appTitle')); // the one product name, from src/contract/product.ts
      await expect(page.getByRole('contentinfo')).toContainText('02/406.87.09');
      await expect(page.getByRole('contentinfo')).toContainText(t('ui:helpdesk.hours'));
      // "Service client" / "Klantendienst", as the FAQ says, never "helpdesk" in French.
      await expect(page.getByRole('contentinfo')).toContainText(language === 'fr' ? 'Service client MyVivium' : 'Klantendienst MyVivium');
      // A wider layout on a desktop: the content uses the room (one column, not a narrow phone strip).
      await page.setViewportSize({ width: 1280, height: 900 });
      expect((await page.getByRole('main').boundingBox())!.width).toBeGreaterThan(900);
      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: theme });
        await checkScreen(page, `${language}-${theme}-trust-login`);
      }
    });

    test(`PIN: the field has focus on open; blocked PIN and Back: card line failed, itsme offered, one panel (${language})`, async ({ page }) => {
      const t = await open(page, language);
      const loginAs = await openEid(page, t);
      // The card is described with the same words as in the diagnosis ("chip version"), never "applet".
      await expect(page.getByRole('list', { name: t('eid:checklistLabel') })).toContainText(t('eid:steps.card.belgianEid', { applet: '1.8' }));
      await expect(page.getByRole('main')).not.toContainText(/applet/i);
      await loginAs.click();
      const field = page.getByRole('textbox', { name: t('pin:label') });
      await expect(field).toBeFocused();
      await expect(page.getByRole('status')).toHaveText(new RegExp(t('pin:title', { name: '' }).trim()));
      for (let i = 0; i < 3; i++) {
        await expect(field).toBeFocused();
        await typePin(page, t, '0000');
        if (i < 2) await expect(page.getByRole('main').getByText(t('pin:wrong.triesLeft', { count: 2 - i }))).toBeVisible();
      }
      await expect(page.getByRole('heading', { level: 1, name: new RegExp(t('pin:blocked.title')) })).toBeVisible();
      await page.getByRole('button', { name: t('common:actions.back'), exact: true }).click();
      const checklist = page.getByRole('list', { name: t('eid:checklistLabel') });
      const cardLine = checklist.getByRole('listitem').filter({ has: page.getByText(t('eid:steps.card.title'), { exact: true }) });
      await expect(cardLine).toContainText(t('common:status.fail'));
      await expect(cardLine).not.toContainText(t('common:status.pass'));
      await expect(page.getByRole('button', { name: new RegExp(`^${t('eid:loginAs', { name: '' })}`) })).toHaveCount(0);
      const main = page.getByRole('main');
      await expect(main.getByRole('button', { name: t('ui:actions.useItsme') })).toBeVisible();
      await expect(main.getByRole('heading', { level: 2 })).toHaveCount(1); // one panel, never two stacked
      // The error panel says when the helpdesk is open, like the footer.
      await expect(main.getByRole('region', { name: t('errors:PIN_BLOCKED') })).toContainText(t('ui:helpdesk.hours'));
      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: theme });
        await checkScreen(page, `${language}-${theme}-trust-pin-blocked-back`);
      }
    });

    test(`onboarding: a wrong code is said at the field with the tries left; Later; the done screen tells the truth (${language})`, async ({ page }) => {
      const t = await open(page, language);
      await (await openEid(page, t)).click();
      await typePin(page, t, '1234');
      await expect(page.getByRole('heading', { level: 1, name: t('onboarding:title') })).toBeVisible();
      await expect(page.getByRole('button', { name: t('ui:onboarding.back') })).toBeVisible();
      const email = `eva.trust.${language}@example.test`;
      await page.getByRole('textbox', { name: t('onboarding:contact.emailLabel') }).fill(email);
      await page.getByRole('button', { name: t('onboarding:contact.send') }).click();
      const code = page.getByRole('textbox', { name: t('onboarding:code.label'), exact: true });
      const right = await codeSentTo(stack!.server, email);
      await code.fill(right === '000000' ? '111111' : '000000');
      await page.getByRole('button', { name: t('onboarding:code.confirm') }).click();
      await expect(code).toHaveAttribute('aria-invalid', 'true');
      await expect(code).toHaveValue('');
      await expect(code).toBeFocused();
      await expect(code).toHaveAccessibleDescription(new RegExp(t('ui:onboarding.codeWrong', { count: 4 }).split('.')[0]!));
      await code.fill(right);
      await page.getByRole('button', { name: t('onboarding:code.confirm') }).click();
      await expect(page.getByRole('heading', { level: 1, name: t('common:done.title') })).toBeVisible();
      await expect(page.getByText(t('ui:done.emailConfirmed', { value: email }))).toBeVisible();
      const opened = stack!.web.nextOpened();
      await page.getByRole('button', { name: t('common:done.openMyVivium') }).click();
      await opened;
      await expect(page.getByRole('main').getByText(t('ui:done.opened'))).toBeVisible();
      await expect(page.getByRole('button', { name: t('common:done.openMyVivium') })).toHaveCount(0);
      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: theme });
        await checkScreen(page, `${language}-${theme}-trust-done-opened`);
      }
    });

    test(`onboarding Later: done screen says the contact details are still to add (${language})`, async ({ page }) => {
      const t = await open(page, language);
      await (await openEid(page, t)).click();
      await typePin(page, t, '1234');
      await page.getByRole('button', { name: t('ui:onboarding.later') }).click();
      await expect(page.getByRole('heading', { level: 1, name: t('common:done.title') })).toBeVisible();
      await expect(page.getByText(t('ui:done.contactLater'))).toBeVisible();
      await expect(page.getByRole('button', { name: t('common:done.openMyVivium') })).toBeVisible();
    });

    test(`help: closed on Easter Monday, a computed holiday (${language})`, async ({ page }) => {
      await page.clock.setFixedTime(new Date('2026-04-06T08:00:00Z')); // Easter Monday, 10:00 in Brussels
      const t = await open(page, language);
      await expect(page.getByRole('contentinfo')).toContainText(t('ui:helpdesk.closedNow'));
      await page.getByRole('button', { name: t('common:nav.help') }).first().click();
      await expect(page.getByRole('main').getByText(t('help:hours.closed'))).toBeVisible();
      // Opens on Tuesday at half past eight, written as the language writes it ("8 h 30" in French).
      const opens = page.getByRole('main').getByText(t('help:hours.opensTomorrow', { time: language === 'fr' ? '8\u00a0h\u00a030' : '08:30' }));
      await expect(opens).toBeVisible();
    });

    test(`install guide on a phone: tabs on one row, steps first, copy buttons, the card picture (${language})`, async ({ page }) => {
      await page.setViewportSize({ width: 360, height: 740 });
      const t = await open(page, language);
      await page.getByRole('button', { name: t('common:nav.install') }).first().click();
      const tabs = page.getByRole('tab');
      await expect(tabs).toHaveCount(3);
      const tops = await Promise.all([0, 1, 2].map(async (i) => (await tabs.nth(i).boundingBox())!.y));
      expect(new Set(tops.map(Math.round)).size).toBe(1);
      await page.getByRole('tab', { name: 'Linux' }).click();
      const headings = await page.getByRole('heading', { level: 3 }).allTextContents();
      expect(headings.slice(0, 3)).toEqual([t('install:sections.connect'), t('install:sections.drivers'), t('install:sections.insert')]);
      await expect(page.getByRole('img', { name: t('ui:install.insertPicture') })).toBeVisible();
      await expect(page.getByRole('button', { name: `${t('ui:install.copy')}: sudo apt install pcscd libccid` })).toBeVisible();
      await expect(page.getByText(t('ui:install.noTechnicalKnowledge'))).toHaveCount(0);
      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: theme });
        await checkScreen(page, `${language}-${theme}-trust-install-phone`);
      }
    });

    test(`the background service out of reach: one panel with a way out (${language})`, async ({ page }) => {
      const t = await open(page, language);
      await page.waitForLoadState('networkidle'); // the other screens are fetched once the first is shown
      await stack!.web.stop();
      await page.getByRole('button', { name: new RegExp(t('login:eid.title')) }).click();
      await expect(page.getByRole('heading', { level: 2, name: t('ui:unreachable.title') })).toBeVisible({ timeout: 20_000 });
      await expect(page.getByRole('button', { name: t('ui:unreachable.retry') })).toBeVisible();
      await expect(page.getByText(t('common:status.busy'))).toHaveCount(0);
    });

    test(`diagnosis: no contradictions, the language's own words, mail subject, saved by download (${language})`, async ({ page }) => {
      const t = await open(page, language);
      await page.getByRole('navigation').getByRole('button', { name: t('common:nav.help') }).click();
      await page.getByRole('button', { name: t('common:actions.diagnosis') }).click();
      await page.getByRole('button', { name: t('diagnosis-ui:start') }).click();
      const details = page.getByRole('region', { name: t('diagnosis-ui:details') });
      await expect(details).toBeVisible({ timeout: 60_000 });
      const main = page.getByRole('main');
      const finding = (key: string) => details.getByRole('listitem').filter({ has: page.getByText(t(`diagnostics:finding.${key}`), { exact: true }) });
      // The test backend has no TLS: never "OK" next to "without encryption".
      await expect(finding('backendTls')).not.toContainText(t('common:status.pass'));
      await expect(finding('backendTls')).toContainText(t('common:status.skip'));
      // The in-process card passes: "Everything works", the skipped checks are explained, no "did this solve it?".
      await expect(main.getByRole('heading', { level: 2, name: new RegExp(t('diagnostics:verdict.allFine.title')) })).toBeVisible();
      await expect(main.getByText(t('ui:diagnosis.someSkipped'))).toBeVisible();
      await expect(main.getByRole('heading', { name: t('diagnosis-ui:feedback.question') })).toHaveCount(0);
      // A virtual reader is named, so nothing says there is no virtual reader.
      await expect(finding('readers')).toContainText('Virtual eID Reader');
      await expect(main).not.toContainText(language === 'fr' ? /aucun lecteur virtuel/i : /geen virtuele (kaart)?lezers?/i);
      // No English or internal words, no ISO dates or UTC times in what people read.
      const shown = await main.innerText();
      expect(shown).not.toMatch(/\[redacted\]|\bUTC\b|\d{4}-\d{2}-\d{2}|\bapplet\b|no-systemd|\b[A-Z]{2,}_[A-Z_]{2,}\b/);
      // French: a non-breaking space before ? ! and : (never none, never an ordinary space).
      if (language === 'fr') expect(shown).not.toMatch(/(?:\S|[ ])[?!:](?=\s|$)/m);
      // The mail to the helpdesk has its subject in this language.
      const mailed = stack!.web.nextOpened();
      await page.getByRole('button', { name: t('diagnosis-ui:report.mail') }).click();
      const subject = new URL(await mailed).searchParams.get('subject');
      expect(subject).toBe(t('diagnostics:report.heading'));
      expect(subject).not.toBe((await texts('en'))('diagnostics:report.heading'));
      // No save dialog in a browser: saving downloads the file.
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: t('diagnosis-ui:report.save') }).click();
      expect((await download).suggestedFilename()).toMatch(/\.txt$/);
      await expect(main.getByText(t('ui:diagnosis.downloaded'))).toBeVisible();
    });

    test(`language list: arrow keys move one language at a time (${language})`, async ({ page }) => {
      const t = await open(page, language);
      await page.getByLabel(t('common:language.label'), { exact: true }).focus();
      const list = page.getByRole('combobox'); // its label changes language with it
      const order = ['fr', 'nl', 'de', 'en'];
      let current = order.indexOf(language);
      for (let i = 0; i < 2; i++) {
        await page.keyboard.press('ArrowDown');
        current = Math.min(current + 1, order.length - 1);
        await expect(page.locator('html')).toHaveAttribute('lang', order[current]!);
        await expect(list).toHaveValue(order[current]!);
      }
    });

    test(`focus ring for the keyboard only (${language})`, async ({ page }) => {
      const t = await open(page, language);
      const heading = page.getByRole('heading', { level: 1, name: t('login:title') });
      await expect(heading).toBeFocused();
      expect(await heading.evaluate((h) => getComputedStyle(h).outlineStyle)).toBe('none');
      await page.keyboard.press('Tab');
      const focused = page.locator(':focus');
      expect(await focused.evaluate((e) => getComputedStyle(e).outlineStyle)).not.toBe('none');
    });
  });
}

test('start language: French when the browser speaks none of the four', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'es-ES' });
  const page = await context.newPage();
  stack = await startStack({ card: '1.8' });
  await page.goto(stack.web.url);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { level: 1, name: (await texts('fr'))('login:title') })).toBeVisible();
  await context.close();
});
