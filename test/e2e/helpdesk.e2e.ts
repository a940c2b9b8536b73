// The report handed to the helpdesk, as it is used: the customer's app (French) sends its diagnosis and
// shows the code; the helpdesk agent, in a second browser context (Dutch), signs in to /helpdesk, types
// the code and sees the same verdict. Then every refusal with its error code: a wrong code, an expired
// code, a report without consent that carries a national number, an oversize report, too many sends.
import Database from 'better-sqlite3';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { SPECIMEN_HOLDER } from '../../src/virtual-card/holder.ts';
import { birthDateSpellings } from '../support/birth-date.ts';
import { checkScreen } from './support/a11y.ts';
import { startStack, type Stack } from './support/stack.ts';

test.describe.configure({ mode: 'serial' });

const TOKEN = 'e2e-helpdesk-token-0123456789';
const THIRTY_DAYS_MS = 30 * 24 * 3600_000;

let stack: Stack;
let customerCode = '';
let customerVerdict = '';

test.beforeAll(async () => {
  stack = await startStack({ card: '1.8', serverEnv: { HELPDESK_DEV_TOKEN: TOKEN } });
});
test.afterAll(async () => {
  await stack?.stop();
});

async function helpdeskPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'nl-BE' });
  const page = await context.newPage();
  await page.goto(`${stack.server.url}/helpdesk`);
  await page.getByLabel('Helpdesktoken (ontwikkeling)').fill(TOKEN);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await expect(page.getByLabel('Code die de klant voorlas')).toBeVisible();
  return page;
}

async function openCode(page: Page, code: string): Promise<void> {
  await page.getByLabel('Code die de klant voorlas').fill(code);
  await page.getByRole('button', { name: 'Rapport openen' }).click();
}

type StoredReport = Record<string, unknown> & { findings: { key: string; value: unknown }[]; text: string };
/** The report the app sent, as the backend stored it: the base of the refused variants. */
let sentReport: StoredReport;

function storedRows(): { installation_id: string; report: string }[] {
  const db = new Database(stack.server.dbPath, { readonly: true });
  const rows = db.prepare('SELECT installation_id, report FROM support_reports ORDER BY id').all() as { installation_id: string; report: string }[];
  db.close();
  return rows;
}

test('the customer (French) sends the diagnosis; the helpdesk (Dutch) opens it with the code', async ({ page, browser }) => {
  await page.goto(stack.web.url);
  await page.selectOption('#language-select', 'fr');
  await page.getByRole('button', { name: 'Aide et contact' }).first().click();
  await page.getByRole('button', { name: 'Lancer un diagnostic' }).click();
  await page.getByRole('button', { name: 'Lancer le diagnostic' }).click();
  const verdict = page.locator('[data-verdict]');
  await expect(verdict).toBeVisible({ timeout: 60_000 });
  customerVerdict = (await verdict.getAttribute('data-verdict')) ?? '';

  await page.getByRole('button', { name: 'Envoyer au service client MyVivium' }).click();
  await expect(page.getByTestId('support-preview')).toContainText('"reportId"');
  await expect(page.getByText('Votre nom, votre numéro de registre national, votre adresse et votre date de naissance ne sont pas inclus.')).toBeVisible();
  await page.getByRole('button', { name: 'Oui, envoyer' }).click();
  await expect(page.getByText('Lisez ce code au service client', { exact: true })).toBeVisible();
  customerCode = (await page.getByTestId('support-code').textContent()) ?? '';
  expect(customerCode).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
  await expect(page.getByRole('button', { name: 'Copier le code' })).toBeVisible();
  await checkScreen(page, 'fr-light-diagnosis-sent-to-helpdesk');

  // Sent without consent: the stored row holds nothing of the card's holder.
  const rows = storedRows();
  expect(rows).toHaveLength(1);
  const stored = JSON.stringify(rows).toLowerCase();
  const { iso, dayFirst } = birthDateSpellings(SPECIMEN_HOLDER.nationalNumber);
  for (const value of [SPECIMEN_HOLDER.nationalNumber, SPECIMEN_HOLDER.surname, ...SPECIMEN_HOLDER.firstNames.split(' '), SPECIMEN_HOLDER.dateOfBirth, iso, dayFirst, SPECIMEN_HOLDER.address.streetAndNumber]) {
    expect(stored, value).not.toContain(value.toLowerCase());
  }
  sentReport = JSON.parse(rows[0]!.report) as StoredReport;

  const helpdesk = await helpdeskPage(browser);
  await openCode(helpdesk, customerCode.toLowerCase());
  await expect(helpdesk.locator('html')).toHaveAttribute('lang', 'nl');
  await expect(helpdesk.locator('[data-verdict]')).toHaveAttribute('data-verdict', customerVerdict);
  await expect(helpdesk.getByRole('heading', { level: 2, name: /^Besluit: / })).toBeVisible();
  await expect(helpdesk.getByRole('heading', { name: 'Vaststellingen' })).toBeVisible();
  await expect(helpdesk.locator('[data-personal-data]')).toHaveCount(0);
  await checkScreen(helpdesk, 'nl-helpdesk-report');
  await helpdesk.context().close();
});

test('the helpdesk refuses a wrong code and, after 30 days, an expired one', async ({ browser }) => {
  const helpdesk = await helpdeskPage(browser);
  const wrong = customerCode === '222222' ? '333333' : '222222';
  await openCode(helpdesk, wrong);
  await expect(helpdesk.locator('[data-error-code]')).toHaveAttribute('data-error-code', 'SUPPORT_CODE_UNKNOWN');
  await helpdesk.context().close();

  await stack.server.advanceClock(THIRTY_DAYS_MS);
  const later = await helpdeskPage(browser);
  await openCode(later, customerCode);
  await expect(later.locator('[data-error-code]')).toHaveAttribute('data-error-code', 'SUPPORT_CODE_EXPIRED');
  await later.context().close();
});

test('the backend refuses personal data without consent, an oversize report and too many sends', async ({ request }) => {
  const report = sentReport;
  const send = (body: unknown) => request.post(`${stack.server.url}/api/support/reports`, { data: body });
  const installationId = '3f0c2a5e-8d41-4c7a-9b2e-5a1f6d3c7e90';

  const withNumber = { ...report, findings: report.findings.map((f, i) => (i === 0 ? { ...f, value: `RRN ${SPECIMEN_HOLDER.nationalNumber}` } : f)) };
  const refused = await send({ installationId, consent: false, report: withNumber });
  expect(refused.status()).toBe(422);
  expect((await refused.json()).error.code).toBe('PERSONAL_DATA_NOT_CONSENTED');

  const oversize = await send({ installationId, consent: false, report: { ...report, text: 'x'.repeat(70_000) } });
  expect(oversize.status()).toBe(413);
  expect((await oversize.json()).error.code).toBe('REPORT_TOO_LARGE');

  // Ten sends an hour per client, the refused ones included: the limit is reached within a few more.
  const codes: string[] = [];
  for (let i = 0; i < 10 && !codes.includes('RATE_LIMITED'); i++) {
    const answer = await send({ installationId, consent: false, report });
    codes.push(answer.status() === 201 ? 'OK' : (await answer.json()).error.code);
  }
  expect(codes.at(-1)).toBe('RATE_LIMITED');
  expect(codes.slice(0, -1).every((c) => c === 'OK')).toBe(true);
});
