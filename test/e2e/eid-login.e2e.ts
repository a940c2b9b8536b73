// The eID login through the real stack: pcscd with a virtual card in vpcd, the web host, the
// reference backend; onboarding by e-mail with the code from the backend's outbox; the handoff.
import { expect, test, type Page } from '@playwright/test';
import { ensurePcscd } from '../support/pcscd.ts';
import { withVirtualCardOnPcscd } from '../support/virtual-card.ts';
import { attachNonEidCard } from '../support/non-eid-card.ts';
import { codeSentTo, portalAddress, startStack, type Stack } from './support/stack.ts';

// Each test has its own stack (web host and backend), started before it and stopped after it.
let stack: Stack;
test.beforeAll(async () => {
  await ensurePcscd();
});
test.beforeEach(async () => {
  stack = await startStack({ card: 'pcscd' });
});
test.afterEach(async () => {
  await stack?.stop();
});

const HOLDER = 'Eva Demo Specimen';

async function openEid(page: Page) {
  await page.goto(stack.web.url);
  await page.getByRole('button', { name: /Log in with your eID card/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Log in with your eID card' })).toBeFocused();
}

async function typePin(page: Page, pin: string) {
  await page.getByRole('textbox', { name: 'PIN code' }).fill(pin);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
}

async function onboardByEmail(page: Page, email: string) {
  await expect(page.getByRole('heading', { level: 1, name: 'Add your e-mail address or mobile number' })).toBeVisible();
  await page.getByRole('textbox', { name: 'E-mail address' }).fill(email);
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Enter the code you received' })).toBeFocused();
  await page.getByRole('textbox', { name: 'Code', exact: true }).fill(await codeSentTo(stack.server, email));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'You are logged in' })).toBeVisible();
}

/** One step of the card reader and card check, by its title; its status is the word beside it (OK, Waiting, Problem…). */
function checklistStep(page: Page, title: string) {
  return page.getByRole('list', { name: 'Card reader and card check' }).getByRole('listitem').filter({ has: page.getByText(title, { exact: true }) });
}

async function handOff(page: Page) {
  const opened = stack.web.nextOpened();
  await page.getByRole('button', { name: 'Open MyVivium' }).click();
  const address = await opened;
  // The one-time link really logs in on the MyVivium side.
  const portal = await page.context().newPage();
  const response = await portal.goto(portalAddress(stack.server, address));
  expect(response?.status()).toBe(200);
  await portal.close();
}

for (const profile of ['1.8', '1.7'] as const) {
  test(`full eID login with a ${profile} card, onboarding by e-mail, handoff`, async ({ page }) => {
    await withVirtualCardOnPcscd({ profile, pki: stack.pki }, async ({ reader }) => {
      await openEid(page);
      const checklist = page.getByRole('list', { name: 'Card reader and card check' });
      await expect(checklist.getByText(reader)).toBeVisible();
      await expect(checklist.getByText(`Belgian eID card (chip version ${profile})`)).toBeVisible();
      await expect(checklist.getByText(HOLDER)).toBeVisible();
      await page.getByRole('button', { name: `Log in as ${HOLDER}` }).click();
      await expect(page.getByRole('heading', { level: 1, name: `Enter the PIN code of ${HOLDER}` })).toBeVisible();
      await expect(page.getByRole('textbox', { name: 'PIN code' })).toBeFocused();
      await expect(page.getByText(/You have 3 tries/)).toBeVisible();
      await typePin(page, '1234');
      await onboardByEmail(page, `eva.${profile.replace('.', '')}@example.test`);
      await handOff(page);
    });
  });
}

test('wrong PIN, then the right PIN', async ({ page }) => {
  await withVirtualCardOnPcscd({ profile: '1.8', pki: stack.pki }, async () => {
    await openEid(page);
    await page.getByRole('button', { name: `Log in as ${HOLDER}` }).click();
    await typePin(page, '9999');
    await expect(page.getByRole('main').getByText('Incorrect PIN code. You have 2 tries left before your card is blocked.')).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'PIN code' })).toBeFocused();
    await typePin(page, '1234');
    await expect(page.getByRole('heading', { level: 1, name: 'Add your e-mail address or mobile number' })).toBeVisible();
  });
});

test('blocked PIN: what to do next, announced assertively', async ({ page }) => {
  await withVirtualCardOnPcscd({ profile: '1.8', pki: stack.pki, triesLeft: 1 }, async () => {
    await openEid(page);
    await page.getByRole('button', { name: `Log in as ${HOLDER}` }).click();
    await expect(page.getByText('Careful: a wrong PIN was typed before. You have 1 try left.')).toBeVisible();
    await typePin(page, '9999');
    await expect(page.getByRole('heading', { level: 1, name: /Your PIN code is blocked/ })).toBeFocused();
    await expect(page.getByText(/population service of your municipality/)).toBeVisible();
    await expect(page.getByRole('alert')).toHaveText('Your PIN code is blocked');
  });
});

test('no card, then a card is inserted during the test: the flow continues', async ({ page }) => {
  await openEid(page);
  await expect(checklistStep(page, 'Card').getByText('Waiting', { exact: true })).toBeVisible();
  await expect(checklistStep(page, 'Card').getByText('Insert your eID card in the card reader.')).toBeVisible();
  await withVirtualCardOnPcscd({ profile: '1.8', pki: stack.pki }, async () => {
    await page.getByRole('button', { name: `Log in as ${HOLDER}` }).click();
    await typePin(page, '1234');
    await expect(page.getByRole('heading', { level: 1, name: 'Add your e-mail address or mobile number' })).toBeVisible();
  });
});

test('a card that is not a Belgian eID', async ({ page }) => {
  const attachment = await attachNonEidCard(0);
  try {
    await attachment.poweredUp;
    await openEid(page);
    const card = checklistStep(page, 'Card');
    await expect(card.getByText('Problem', { exact: true })).toBeVisible();
    await expect(card.getByText('This card is not a Belgian eID card.')).toBeVisible();
    await expect(page.getByText('Take this card out and insert your Belgian identity card (eID).')).toBeVisible();
    await expect(page.getByRole('button', { name: /Log in as/ })).toHaveCount(0);
  } finally {
    await attachment.detach();
  }
});
