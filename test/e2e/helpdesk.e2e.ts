// The report handed to the helpdesk, as it is used: the customer's app (French) sends its diagnosis and
// shows the code; the helpdesk agent, in a second browser context (Dutch), signs in to /helpdesk, types
// the code and sees the same report and verdict. Then every refusal with its error code: a wrong code, an
// expired code, a report without consent that carries a national number, an oversize report, too many
// sends. Each test starts its own backend (the last two need no app), so none depends on another's
// sends, clock or rate limit.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { DiagnosisReport } from '../../src/contract/diagnosis.ts';
import { SPECIMEN_HOLDER } from '../../src/virtual-card/holder.ts';
import type { ServerHandle } from '../support/server.ts';
import { birthDateSpellings } from '../support/birth-date.ts';
import { checkScreen } from './support/a11y.ts';
import { chooseLanguage, documentElement } from './support/language.ts';
import { startBackend, startStack } from './support/stack.ts';

const TOKEN = 'e2e-helpdesk-token-0123456789';
const SERVER_ENV = { HELPDESK_DEV_TOKEN: TOKEN };
const THIRTY_DAYS_MS = 30 * 24 * 3600_000;
const INSTALLATION_ID = '3f0c2a5e-8d41-4c7a-9b2e-5a1f6d3c7e90';

/** A report as the app sends it without personal data: what the tests without an app send. */
const REPORT: DiagnosisReport = {
  reportId: 'D-20261204-K7P2XM', createdAt: '2026-12-04T09:00:00.000Z', language: 'fr', appVersion: '0.1.0', platform: 'linux', outcome: 'fail',
  verdict: { key: 'noCard', status: 'fail', actionKeys: ['action.insertCard'], basedOn: ['card'], params: {} },
  findings: [{ key: 'card', status: 'fail', value: null, detailKey: 'detail.card.none', params: {} }],
  personalDataIncluded: false, summary: 'Pas de carte dans le lecteur.', text: 'Pas de carte dans le lecteur.', mailto: 'mailto:myvivium@vivium.be', fileName: 'rapport.txt',
};

const running: Array<{ stop(): Promise<void> }> = [];
test.afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

async function helpdeskPage(browser: Browser, server: ServerHandle): Promise<Page> {
  const context = await browser.newContext({ locale: 'nl-BE' });
  const page = await context.newPage();
  await page.goto(`${server.url}/helpdesk`);
  await page.getByLabel('Helpdesktoken (ontwikkeling)').fill(TOKEN);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await expect(page.getByLabel('Code die de klant voorlas')).toBeVisible();
  return page;
}

async function openCode(page: Page, code: string): Promise<void> {
  await page.getByLabel('Code die de klant voorlas').fill(code);
  await page.getByRole('button', { name: 'Rapport openen', exact: true }).click();
}

function storedRows(server: ServerHandle): { installation_id: string; report: string }[] {
  const db = new Database(server.dbPath, { readonly: true });
  const rows = db.prepare('SELECT installation_id, report FROM support_reports ORDER BY id').all() as { installation_id: string; report: string }[];
  db.close();
  return rows;
}

/** The verdict titles in one language, from the app's locale files: the same verdict reads differently in French and Dutch. */
function verdictTitles(language: 'fr' | 'nl'): Record<string, string> {
  const file = resolve(import.meta.dirname, `../../src/i18n/locales/${language}/diagnostics.json`);
  const { verdict } = JSON.parse(readFileSync(file, 'utf8')) as { verdict: Record<string, { title: string }> };
  return Object.fromEntries(Object.entries(verdict).map(([key, { title }]) => [key, title]));
}

test('the customer (French) sends the diagnosis; the helpdesk (Dutch) opens it with the code', async ({ page, browser }) => {
  const stack = await startStack({ card: '1.8', serverEnv: SERVER_ENV });
  running.push(stack);
  await page.goto(stack.web.url);
  await chooseLanguage(page, 'fr');
  await page.getByRole('navigation').getByRole('button', { name: 'Aide et contact' }).click();
  await page.getByRole('button', { name: 'Lancer un diagnostic' }).click();
  await page.getByRole('button', { name: 'Lancer le diagnostic' }).click();
  // Whatever this machine's verdict is, its heading (status word, then title) gets the focus; its region has the report number.
  const frenchTitles = Object.entries(verdictTitles('fr'));
  const anyVerdict = new RegExp(`(${frenchTitles.map(([, title]) => title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
  const verdictHeading = page.getByRole('heading', { level: 2, name: anyVerdict });
  await expect(verdictHeading).toBeFocused({ timeout: 60_000 });
  const shownVerdict = await verdictHeading.innerText();
  const verdict = frenchTitles.find(([, title]) => shownVerdict.endsWith(title))?.[0];
  expect(verdict, shownVerdict).toBeDefined();
  const reportId = await page.getByRole('region', { name: shownVerdict }).getByText(/^D-\d{8}-[0-9A-Z]{6}$/).innerText();

  await page.getByRole('button', { name: 'Envoyer au service client MyVivium' }).click();
  const confirm = page.getByRole('region', { name: 'Envoyer ce rapport au service client MyVivium ?' });
  await expect(confirm).toContainText('"reportId"');
  await expect(confirm.getByText('Votre nom, votre numéro de registre national, votre adresse et votre date de naissance ne sont pas inclus.')).toBeVisible();
  await confirm.getByRole('button', { name: 'Oui, envoyer' }).click();
  const sent = page.getByRole('region', { name: 'Rapport envoyé' });
  await expect(sent.getByText('Lisez ce code au service client', { exact: true })).toBeVisible();
  const customerCode = await sent.getByText(/^[2-9A-HJKMNP-Z]{6}$/).innerText();
  await expect(sent.getByRole('button', { name: 'Copier le code' })).toBeVisible();
  await checkScreen(page, 'fr-light-diagnosis-sent-to-helpdesk');

  // Sent without consent: the stored row holds nothing of the card's holder.
  const rows = storedRows(stack.server);
  expect(rows).toHaveLength(1);
  const stored = JSON.stringify(rows).toLowerCase();
  const { iso, dayFirst } = birthDateSpellings(SPECIMEN_HOLDER.nationalNumber);
  for (const value of [SPECIMEN_HOLDER.nationalNumber, SPECIMEN_HOLDER.surname, ...SPECIMEN_HOLDER.firstNames.split(' '), SPECIMEN_HOLDER.dateOfBirth, iso, dayFirst, SPECIMEN_HOLDER.address.streetAndNumber]) {
    expect(stored, value).not.toContain(value.toLowerCase());
  }

  const helpdesk = await helpdeskPage(browser, stack.server);
  await openCode(helpdesk, customerCode.toLowerCase());
  await expect(documentElement(helpdesk)).toHaveAttribute('lang', 'nl');
  await expect(helpdesk.getByRole('heading', { level: 1, name: `Rapport ${reportId}` })).toBeVisible();
  await expect(helpdesk.getByRole('heading', { level: 2, name: `Besluit: ${verdictTitles('nl')[verdict!]}`, exact: true })).toBeVisible();
  await expect(helpdesk.getByRole('heading', { name: 'Vaststellingen' })).toBeVisible();
  // No banner about the customer's personal data (a note), since none was sent.
  await expect(helpdesk.getByRole('note')).toHaveCount(0);
  await checkScreen(helpdesk, 'nl-helpdesk-report');
  await helpdesk.context().close();
});

test('the helpdesk refuses a wrong code and, after 30 days, an expired one', async ({ browser, request }) => {
  const { server } = await startBackend({ card: '1.8', serverEnv: SERVER_ENV });
  running.push(server);
  const answer = await request.post(`${server.url}/api/support/reports`, { data: { installationId: INSTALLATION_ID, consent: false, report: REPORT } });
  expect(answer.status()).toBe(201);
  const { code } = (await answer.json()) as { code: string };

  // The agent sees the message and the reference code of the refusal.
  const helpdesk = await helpdeskPage(browser, server);
  await openCode(helpdesk, code === '222222' ? '333333' : '222222');
  await expect(helpdesk.getByRole('alert')).toHaveText('Geen enkel rapport heeft deze code. Vraag de klant om ze opnieuw voor te lezen, teken per teken. SUPPORT_CODE_UNKNOWN');
  await openCode(helpdesk, code);
  await expect(helpdesk.getByRole('heading', { level: 1, name: `Rapport ${REPORT.reportId}` })).toBeVisible();
  await helpdesk.context().close();

  await server.advanceClock(THIRTY_DAYS_MS);
  const later = await helpdeskPage(browser, server);
  await openCode(later, code);
  await expect(later.getByRole('alert')).toHaveText('Dit rapport is ouder dan 30 dagen en werd gewist. Vraag de klant om een nieuw te sturen. SUPPORT_CODE_EXPIRED');
  await later.context().close();
});

test('the backend refuses personal data without consent, an oversize report and too many sends', async ({ request }) => {
  const { server } = await startBackend({ card: '1.8', serverEnv: SERVER_ENV });
  running.push(server);
  const send = (report: unknown) => request.post(`${server.url}/api/support/reports`, { data: { installationId: INSTALLATION_ID, consent: false, report } });

  const withNumber = { ...REPORT, findings: REPORT.findings.map((f, i) => (i === 0 ? { ...f, value: `RRN ${SPECIMEN_HOLDER.nationalNumber}` } : f)) };
  const refused = await send(withNumber);
  expect(refused.status()).toBe(422);
  expect((await refused.json()).error.code).toBe('PERSONAL_DATA_NOT_CONSENTED');

  const oversize = await send({ ...REPORT, text: 'x'.repeat(70_000) });
  expect(oversize.status()).toBe(413);
  expect((await oversize.json()).error.code).toBe('REPORT_TOO_LARGE');

  // Ten sends an hour per client, the two refused ones included: eight more pass, the next is refused.
  const codes: string[] = [];
  for (let i = 0; i < 9; i++) {
    const answer = await send(REPORT);
    codes.push(answer.status() === 201 ? 'OK' : (await answer.json()).error.code);
  }
  expect(codes).toEqual([...Array<string>(8).fill('OK'), 'RATE_LIMITED']);
});
