// How a test finds a screen's primary action: as a screen reader user does. The app gives its one
// primary action the accessible description "Suggested next step" (renderer/app/components/
// primary-action.tsx: the visual emphasis is information, so it is exposed, WCAG 1.3.1), so the test
// looks for it by role, visible name and that description, never by a class, id or test id. It then
// checks that what is seen agrees with what is heard: that action, and no other button, wears the
// brand fill, the --primary design token as the current theme resolves it.
import { expect, type Page } from '@playwright/test';
import type { TFunction } from 'i18next';

export interface ExpectedPrimary {
  readonly role: 'button' | 'link';
  readonly name: string | RegExp;
  /** "filled" (default): a button in the brand colour. "recommended": the start screen's recommended way, a card on the soft brand tint. */
  readonly look?: 'filled' | 'recommended';
}

/** A design token's colour as computed styles write it (rgb(…)) in the page's current theme. */
async function tokenColour(page: Page, token: '--primary' | '--brand-soft'): Promise<string> {
  return page.evaluate((name) => {
    const probe = document.createElement('span');
    probe.style.color = `var(${name})`;
    document.body.append(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  }, token);
}

/**
 * Exactly one primary action on the screen, and it is `expected`; or none at all (`null`), for the
 * screens where the customer can only wait or goes on outside the app.
 */
export async function expectPrimaryAction(page: Page, t: TFunction, expected: ExpectedPrimary | null): Promise<void> {
  const description = t('next-step:note');
  const described = page.getByRole('button', { description }).or(page.getByRole('link', { description }));
  if (expected) {
    const action = page.getByRole(expected.role, { name: expected.name, exact: typeof expected.name === 'string', description });
    await expect(action).toBeVisible();
    await expect(described).toHaveCount(1);
    if (expected.look === 'recommended') {
      expect(await action.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe(await tokenColour(page, '--brand-soft'));
    }
  } else {
    await expect(described).toHaveCount(0);
  }
  const fill = await tokenColour(page, '--primary');
  const filled = await page.getByRole('button').evaluateAll(
    (buttons, colour) => buttons.filter((button) => getComputedStyle(button).backgroundColor === colour).map((button) => button.textContent?.trim()),
    fill,
  );
  const filledExpected = expected && expected.look !== 'recommended'
    ? [await page.getByRole(expected.role, { name: expected.name, exact: typeof expected.name === 'string', description }).textContent().then((text) => text?.trim())]
    : [];
  expect(filled, 'the buttons in the brand fill').toEqual(filledExpected);
}
