// Issue 16, "one clear primary action per screen", for the eID checklist's reader states that need the
// machine's pcscd, in French and Dutch: no reader (pcscd without readers), no card (an empty vpcd
// reader), a card that is not an eID, then a real one. The checklist follows the reader monitor live,
// so one page walks through them; each test restores pcscd with its vpcd readers at the end. How the
// primary action is recognised: support/primary-action.ts. The other screens: primary-action.e2e.ts.
import { expect, test, type Page } from '@playwright/test';
import { ensurePcscd, restartPcscd } from '../support/pcscd.ts';
import { attachNonEidCard } from '../support/non-eid-card.ts';
import { withVirtualCardOnPcscd } from '../support/virtual-card.ts';
import { checkScreen } from './support/a11y.ts';
import { expectPrimaryAction } from './support/primary-action.ts';
import { startStack, type Stack } from './support/stack.ts';
import { texts } from './support/texts.ts';

const LANGUAGES = ['fr', 'nl'] as const;
const LOCALE = { fr: 'fr-BE', nl: 'nl-BE' } as const;

let stack: Stack | undefined;
test.afterEach(async () => {
  await stack?.stop();
  stack = undefined;
  await ensurePcscd(); // with its vpcd readers again, for whatever runs next
});

/** The checklist's panel for this error code, by its heading. */
async function expectPanel(page: Page, title: string) {
  await expect(page.getByRole('main').getByRole('heading', { level: 2, name: title })).toBeVisible({ timeout: 20_000 });
}

for (const language of LANGUAGES) {
  test.describe(language, () => {
    test.use({ locale: LOCALE[language] });

    test(`checklist: no reader, no card, not an eID, ready, each with one primary action (${language})`, async ({ page }) => {
      const t = await texts(language);
      const button = (name: string | RegExp) => ({ role: 'button', name }) as const;
      await restartPcscd({ readers: 'none' });
      stack = await startStack({ card: 'pcscd' });
      await page.goto(stack.web.url);
      await page.getByRole('button', { name: new RegExp(t('login:eid.title')) }).click();

      // No reader: plugging one in is the next step, and the installation guide shows how.
      await expectPanel(page, t('errors:READER_NONE'));
      await expectPrimaryAction(page, t, button(t('common:actions.installGuide')));
      await expect(page.getByRole('button', { name: t('common:actions.diagnosis') })).toBeVisible();
      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: theme });
        await checkScreen(page, `${language}-${theme}-primary-no-reader`);
      }

      // The vpcd readers, empty: insert the card; the guide has the picture of how.
      await restartPcscd();
      await expectPanel(page, t('errors:CARD_NONE'));
      await expectPrimaryAction(page, t, button(t('common:actions.installGuide')));

      // A card that is not a Belgian eID: itsme is the way on.
      const other = await attachNonEidCard(0);
      try {
        await other.poweredUp;
        await expectPanel(page, t('errors:CARD_UNKNOWN'));
        await expectPrimaryAction(page, t, button(t('ui:actions.useItsme')));
      } finally {
        await other.detach();
      }

      // A Belgian eID: "Log in as …" and no panel.
      await withVirtualCardOnPcscd({ profile: '1.8', pki: stack.pki }, async () => {
        await expectPrimaryAction(page, t, button(new RegExp(`^${t('eid:loginAs', { name: '' })}`)));
        await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toHaveCount(0);
      });
    });
  });
}
