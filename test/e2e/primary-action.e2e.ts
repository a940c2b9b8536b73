// Issue 16, "one clear primary action per screen", in Chromium through the web host with the in-process
// virtual card, in French and Dutch: every screen and state a customer can reach here has exactly one
// primary action, the step to take next, or none where the customer can only wait (itsme, a diagnosis
// running) or goes on outside the app (MyVivium opened, the helpdesk code to read out). How the primary
// action is recognised, by role, visible name and its "suggested next step" description, and checked
// against the brand fill: support/primary-action.ts. The card-reader states that need pcscd (no card,
// not an eID): primary-action-reader.e2e.ts. Each test starts its own stack, in any order.
import { expect, test, type Page } from '@playwright/test';
import type { TFunction } from 'i18next';
import { checkScreen } from './support/a11y.ts';
import { startItsmeProvider, type ItsmeProvider } from './support/itsme-provider.ts';
import { expectPrimaryAction } from './support/primary-action.ts';
import { codeSentTo, startStack, type Stack } from './support/stack.ts';
import { texts } from './support/texts.ts';

const LANGUAGES = ['fr', 'nl'] as const;
type Lang = (typeof LANGUAGES)[number];
const LOCALE: Record<Lang, string> = { fr: 'fr-BE', nl: 'nl-BE' };

test.describe.configure({ mode: 'parallel' });

let stack: Stack | undefined;
let provider: ItsmeProvider | undefined;
test.afterEach(async () => {
  await stack?.stop();
  await provider?.stop();
  stack = undefined;
  provider = undefined;
});

/** Opens the app in a browser whose language is this one (the app starts in it by itself). */
async function open(page: Page, language: Lang, itsme?: ItsmeProvider): Promise<TFunction> {
  stack = await startStack({ card: '1.8', ...(itsme ? { itsme } : {}) });
  await page.goto(stack.web.url);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
  return texts(language);
}

const button = (name: string | RegExp) => ({ role: 'button', name }) as const;
const loginAsName = (t: TFunction) => new RegExp(`^${t('eid:loginAs', { name: '' })}`);

/** From the start screen to the PIN field, checking the ready checklist on the way. */
async function toPin(page: Page, t: TFunction) {
  await page.getByRole('button', { name: new RegExp(t('login:eid.title')) }).click();
  await expectPrimaryAction(page, t, button(loginAsName(t)));
  await page.getByRole('button', { name: loginAsName(t) }).click();
  await expect(page.getByRole('textbox', { name: t('pin:label') })).toBeFocused();
}

async function typePin(page: Page, t: TFunction, pin: string) {
  await page.getByRole('textbox', { name: t('pin:label') }).fill(pin);
  await page.getByRole('button', { name: t('pin:submit'), exact: true }).click();
}

for (const language of LANGUAGES) {
  test.describe(language, () => {
    test.use({ locale: LOCALE[language] });

    test(`start, help and install guide (each system): one primary action each (${language})`, async ({ page }) => {
      const t = await open(page, language);
      await expect(page.getByRole('heading', { level: 1, name: t('login:title') })).toBeVisible();
      // The recommended way is the start screen's primary action: a card on the brand tint, not a filled button.
      await expectPrimaryAction(page, t, { role: 'button', name: new RegExp(`^${t('login:itsme.title')}`), look: 'recommended' });

      await page.getByRole('navigation').getByRole('button', { name: t('common:nav.help') }).click();
      await expect(page.getByRole('heading', { level: 1, name: t('help:title') })).toBeVisible();
      await expectPrimaryAction(page, t, button(t('common:actions.diagnosis')));

      await page.getByRole('navigation').getByRole('button', { name: t('common:nav.install') }).click();
      for (const system of ['windows', 'macos', 'linux'] as const) {
        await page.getByRole('tab', { name: new RegExp(`^${t(`install:systems.${system}`).replace(/[()]/g, '\\$&')}`) }).click();
        await expectPrimaryAction(page, t, button(t('install:tryAgain')));
      }
      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: theme });
        await expectPrimaryAction(page, t, button(t('install:tryAgain')));
        await checkScreen(page, `${language}-${theme}-primary-install`);
      }
    });

    test(`eID: ready, PIN, wrong PIN, blocked PIN, back to a card that cannot log in (${language})`, async ({ page }) => {
      const t = await open(page, language);
      await toPin(page, t);
      await expectPrimaryAction(page, t, button(t('pin:submit')));
      for (let tries = 2; tries >= 1; tries--) {
        await typePin(page, t, '0000');
        await expect(page.getByRole('main').getByText(t('pin:wrong.triesLeft', { count: tries }))).toBeVisible();
        await expectPrimaryAction(page, t, button(t('pin:submit')));
      }
      await typePin(page, t, '0000');
      await expect(page.getByRole('heading', { level: 1, name: new RegExp(t('pin:blocked.title')) })).toBeVisible();
      await expectPrimaryAction(page, t, button(t('pin:blocked.useItsme')));
      await page.getByRole('button', { name: t('common:actions.back'), exact: true }).click();
      // The card's PIN is blocked: itsme is the way on, the only primary action (no "Log in as").
      await expect(page.getByRole('heading', { level: 2, name: t('errors:PIN_BLOCKED') })).toBeVisible();
      await expectPrimaryAction(page, t, button(t('ui:actions.useItsme')));
      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: theme });
        await checkScreen(page, `${language}-${theme}-primary-card-unusable`);
      }
    });

    test(`onboarding contact, code, done, MyVivium opened (${language})`, async ({ page }) => {
      const t = await open(page, language);
      await toPin(page, t);
      await typePin(page, t, '1234');
      await expect(page.getByRole('heading', { level: 1, name: t('onboarding:title') })).toBeVisible();
      await expectPrimaryAction(page, t, button(t('onboarding:contact.send')));
      const email = `eva.primary.${language}@example.test`;
      await page.getByRole('textbox', { name: t('onboarding:contact.emailLabel') }).fill(email);
      await page.getByRole('button', { name: t('onboarding:contact.send') }).click();
      await expect(page.getByRole('heading', { level: 1, name: t('onboarding:code.title') })).toBeVisible();
      await expectPrimaryAction(page, t, button(t('onboarding:code.confirm')));
      await page.getByRole('textbox', { name: t('onboarding:code.label'), exact: true }).fill(await codeSentTo(stack!.server, email));
      await page.getByRole('button', { name: t('onboarding:code.confirm') }).click();
      await expect(page.getByRole('heading', { level: 1, name: t('common:done.title') })).toBeVisible();
      await expectPrimaryAction(page, t, button(t('common:done.openMyVivium')));
      const opened = stack!.web.nextOpened();
      await page.getByRole('button', { name: t('common:done.openMyVivium') }).click();
      await opened;
      // MyVivium is open in the browser: nothing is left to do here.
      await expect(page.getByRole('main').getByText(t('ui:done.opened'))).toBeVisible();
      await expectPrimaryAction(page, t, null);
    });

    test(`diagnosis: start, result, send to the helpdesk, the code (${language})`, async ({ page }) => {
      const t = await open(page, language);
      await page.getByRole('navigation').getByRole('button', { name: t('common:nav.help') }).click();
      await page.getByRole('button', { name: t('common:actions.diagnosis') }).click();
      await expect(page.getByRole('heading', { level: 1, name: t('diagnosis-ui:title') })).toBeVisible();
      await expectPrimaryAction(page, t, button(t('diagnosis-ui:start')));
      await page.getByRole('button', { name: t('diagnosis-ui:start') }).click();
      const verdict = page.getByRole('main').getByRole('heading', { level: 2 }).first();
      await expect(page.getByRole('heading', { level: 2, name: t('diagnosis-ui:details') })).toBeVisible({ timeout: 60_000 });
      // Everything works: the next step is the login; otherwise, handing the report to the helpdesk.
      const allFine = (await verdict.textContent())?.includes(t('diagnostics:verdict.allFine.title')) ?? false;
      const send = t('support-send:send');
      await expectPrimaryAction(page, t, button(allFine ? t('itsme:useEid') : send));
      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: theme });
        await checkScreen(page, `${language}-${theme}-primary-diagnosis-result`);
      }
      await page.getByRole('button', { name: send }).click();
      await expect(page.getByRole('heading', { level: 2, name: t('support-send:confirmTitle') })).toBeVisible();
      await expectPrimaryAction(page, t, button(t('support-send:confirm')));
      await page.getByRole('button', { name: t('support-send:confirm') }).click();
      await expect(page.getByRole('heading', { level: 2, name: t('support-send:codeTitle') })).toBeVisible();
      // The code is shown to read out on the phone: the next step is the call.
      await expectPrimaryAction(page, t, allFine ? button(t('itsme:useEid')) : null);
    });

    test(`itsme: start, waiting, cancelled (${language})`, async ({ page }) => {
      provider = await startItsmeProvider();
      const t = await open(page, language, provider);
      await page.getByRole('button', { name: new RegExp(`^${t('login:itsme.title')}`) }).click();
      await expectPrimaryAction(page, t, button(t('itsme:start')));
      await page.getByRole('button', { name: t('itsme:start') }).click();
      await expect(page.getByRole('heading', { level: 1, name: t('itsme:waiting.title') })).toBeVisible();
      // The step is on the phone: only a way out here, no primary action inviting to stop.
      await expectPrimaryAction(page, t, null);
      await page.getByRole('button', { name: t('common:actions.cancel') }).click();
      await expect(page.getByRole('main').getByText(t('itsme:cancelled'))).toBeVisible();
      await expectPrimaryAction(page, t, button(t('itsme:start')));
    });

    test(`itsme unavailable: the eID card is the one primary action (${language})`, async ({ page }) => {
      provider = await startItsmeProvider();
      await provider.stop(); // the backend starts all the same and answers ITSME_UNAVAILABLE
      const t = await open(page, language, provider);
      await page.getByRole('button', { name: new RegExp(`^${t('login:itsme.title')}`) }).click();
      await page.getByRole('button', { name: t('itsme:start') }).click();
      await expect(page.getByRole('heading', { level: 2, name: t('errors:ITSME_UNAVAILABLE') })).toBeVisible();
      await expectPrimaryAction(page, t, button(t('itsme:useEid')));
      await expect(page.getByRole('button', { name: t('common:actions.retry') })).toBeVisible();
      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: theme });
        await checkScreen(page, `${language}-${theme}-primary-itsme-unavailable`);
      }
    });

    test(`the background service out of reach: "try again" is the primary action (${language})`, async ({ page }) => {
      const t = await open(page, language);
      await page.waitForLoadState('networkidle'); // the other screens are fetched once the first is shown
      await stack!.web.stop();
      await page.getByRole('button', { name: new RegExp(t('login:eid.title')) }).click();
      await expect(page.getByRole('heading', { level: 2, name: t('ui:unreachable.title') })).toBeVisible({ timeout: 20_000 });
      await expectPrimaryAction(page, t, button(t('ui:unreachable.retry')));
    });
  });
}
