// Axe with the WCAG 2.1 A and AA rules, and a screenshot of the screen, under one label.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

export const SCREENSHOTS = resolve(import.meta.dirname, '../../../test-results/screenshots');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Checks the page as it is now with axe (soft: every screen is checked even when one fails) and saves a screenshot. */
export async function checkScreen(page: Page, label: string): Promise<void> {
  // Let transitions and focus settle before judging contrast.
  await page.waitForLoadState('networkidle');
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const violations = results.violations.map((v) => ({ rule: v.id, impact: v.impact, nodes: v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`) }));
  expect.soft(violations, `axe on ${label}`).toEqual([]);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOTS, `${label}.png`), fullPage: true });
}
