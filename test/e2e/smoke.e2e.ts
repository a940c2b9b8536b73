import { expect, test } from '@playwright/test';
import { startStack, type Stack } from './support/stack.ts';

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack({ card: '1.8' });
});
test.afterAll(async () => {
  await stack?.stop();
});

test('smoke: the app loads and the eID checklist finds the in-process card', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
  await page.goto(stack.web.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Log in to MyVivium' })).toBeVisible();
  await page.getByRole('button', { name: /Log in with your eID card/ }).click();
  await expect(page.getByRole('button', { name: /Log in as/ })).toBeVisible();
  expect(errors).toEqual([]);
});
