// Reports handed to the helpdesk, in process (Fastify inject) against a SQLite file: real diagnoses of
// the virtual card sent to POST /api/support/reports, every refusal with its code, the stored row
// searched for the holder's data, and the /helpdesk page (development token) with its audit trail.
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenValidator } from '../../src/auth/index.ts';
import type { DiagnosisReport } from '../../src/contract/diagnosis.ts';
import { SUPPORT_REPORT_TTL_MS } from '../../src/contract/support-report.ts';
import { createCardLibraryInspector } from '../../src/diagnostics/card-library-inspector.ts';
import type { PlatformProbe } from '../../src/diagnostics/platform.ts';
import { runDiagnosis } from '../../src/diagnostics/run-diagnosis.ts';
import { createVirtualCard, InProcessPcscPort, type VirtualCard } from '../../src/virtual-card/index.ts';
import { buildApp } from '../../server/app.ts';
import { createAdjustableClock } from '../../server/clock.ts';
import { createTokenSignIn } from '../../server/helpdesk/agent-sign-in.ts';
import { HELPDESK_CSP } from '../../server/helpdesk/routes.ts';
import { createKeyedHash } from '../../server/keyed-hash.ts';
import { createOutboxSender } from '../../server/outbox-sender.ts';
import { SqliteStore } from '../../server/sqlite-store.ts';
import { birthDateSpellings } from '../support/birth-date.ts';

/** A computer the diagnosis knows nothing special about: the card findings are what matter here. */
const OTHER_PLATFORM: PlatformProbe = { os: async () => ({ family: 'other', release: '1', arch: 'x64', name: 'Test OS' }), pcscService: async () => ({ kind: 'other' }) };
const TOKEN = 'helpdesk-token-for-tests';
const INSTALLATION = '3f0c2a5e-8d41-4c7a-9b2e-5a1f6d3c7e90';

describe('support reports and the helpdesk page', () => {
  const dir = mkdtempSync(join(tmpdir(), 'myvivium-support-'));
  const dbPath = join(dir, 'db.sqlite');
  const store = new SqliteStore(dbPath);
  // A still clock, moved only by the test: expiry dates and audit times are exact.
  const clock = createAdjustableClock({ now: () => Date.UTC(2026, 11, 4, 9) });
  let app: Awaited<ReturnType<typeof buildApp>>;
  let card: VirtualCard;
  let redacted: DiagnosisReport;
  let personal: DiagnosisReport;
  let address = 10;

  async function diagnose(includePersonalData: boolean): Promise<DiagnosisReport> {
    const port = new InProcessPcscPort({ readers: [{ name: 'ACS ACR38U-CCID 00 00', card }] });
    return runDiagnosis(
      { pcsc: port, platform: OTHER_PLATFORM, card: createCardLibraryInspector(port.platform), fetch: globalThis.fetch, now: () => new Date(clock.now()), appVersion: '0.1.0', env: {}, trustedRoots: [card.pki.root.pem] },
      { language: 'fr', includePersonalData, backendUrl: null },
    );
  }

  /** Each send from its own address unless told, so the hourly limit is met only where a test wants it. */
  const send = (body: unknown, remoteAddress = `10.0.1.${address++}`) =>
    app.inject({ method: 'POST', url: '/api/support/reports', payload: body as object, remoteAddress });

  beforeAll(async () => {
    await store.migrate();
    card = await createVirtualCard({ profile: '1.8', seed: 'support-reports' });
    app = await buildApp(
      {
        store,
        validator: createTokenValidator({ trustedCertificates: [card.pki.root.pem], revocation: false }),
        clock,
        hash: createKeyedHash(new Uint8Array(32).fill(9)),
        sender: createOutboxSender(join(dir, 'outbox.jsonl'), clock.now),
        settings: { origin: 'https://myvivium.test', dev: true, secureCookies: false, portalUrl: () => 'http://127.0.0.1', rateLimitMultiplier: 1 },
        helpdeskSignIn: createTokenSignIn(TOKEN),
      },
      { logger: false },
    );
    redacted = await diagnose(false);
    personal = await diagnose(true);
  });
  afterAll(async () => {
    await app?.close();
    await store.close();
  });

  async function agentCookie(): Promise<string> {
    const response = await app.inject({ method: 'POST', url: '/helpdesk/sign-in', payload: `token=${TOKEN}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(response.statusCode).toBe(303);
    return String(response.headers['set-cookie']).split(';')[0]!;
  }
  const openReport = async (code: string, cookie: string, lang = 'nl-BE,nl;q=0.9') =>
    app.inject({ method: 'POST', url: '/helpdesk/report', payload: `code=${encodeURIComponent(code)}`, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'accept-language': lang } });

  it('answers a six-character code without look-alikes, and stores nothing of the holder without consent', async () => {
    const response = await send({ installationId: INSTALLATION, consent: false, report: redacted });
    expect(response.statusCode).toBe(201);
    const { code, expiresAt } = response.json<{ code: string; expiresAt: string }>();
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    expect(Date.parse(expiresAt) - clock.now()).toBe(SUPPORT_REPORT_TTL_MS);

    const db = new Database(dbPath, { readonly: true });
    const rows = db.prepare('SELECT * FROM support_reports').all();
    db.close();
    const stored = JSON.stringify(rows);
    expect(stored).toContain(redacted.reportId);
    expect(stored).not.toContain(code);
    const { holder } = card;
    const nn = holder.nationalNumber;
    const { iso, dayFirst } = birthDateSpellings(holder.nationalNumber);
    for (const value of [
      nn, `${nn.slice(0, 2)}.${nn.slice(2, 4)}.${nn.slice(4, 6)}-${nn.slice(6, 9)}.${nn.slice(9)}`,
      holder.surname, ...holder.firstNames.split(' '),
      holder.address.streetAndNumber, holder.address.municipality,
      holder.dateOfBirth, iso, dayFirst, dayFirst.replaceAll('.', '/'), holder.placeOfBirth,
    ]) {
      expect(stored.toLowerCase(), value).not.toContain(value.toLowerCase());
    }
  });

  it('refuses personal data without consent, and takes it with consent', async () => {
    const unflagged = { ...personal, personalDataIncluded: false };
    const withNumber = { ...redacted, findings: redacted.findings.map((f) => (f.key === 'os' ? { ...f, value: `by ${card.holder.nationalNumber}` } : f)) };
    for (const report of [personal, unflagged, withNumber]) {
      const response = await send({ installationId: INSTALLATION, consent: false, report });
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({ error: { code: 'PERSONAL_DATA_NOT_CONSENTED' } });
    }
    expect((await send({ installationId: INSTALLATION, consent: true, report: personal })).statusCode).toBe(201);
  });

  it('refuses a report that does not match the schema, and one over 64 KB', async () => {
    const bad = await send({ installationId: INSTALLATION, consent: false, report: { ...redacted, verdict: { ...redacted.verdict, key: 'nope' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'REPORT_INVALID' } });
    expect((await send({ installationId: 'not-a-uuid', consent: false, report: redacted })).json()).toMatchObject({ error: { code: 'REPORT_INVALID' } });

    const big = await send({ installationId: INSTALLATION, consent: false, report: { ...redacted, text: 'x'.repeat(70_000) } });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ error: { code: 'REPORT_TOO_LARGE' } });
  });

  it('limits sends per client and hour', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 11; i++) codes.push((await send({ installationId: INSTALLATION, consent: false, report: redacted }, '10.0.2.1')).json<{ error?: { code: string } }>().error?.code ?? 'OK');
    expect(codes).toEqual([...Array(10).fill('OK'), 'RATE_LIMITED']);
    expect((await send({ installationId: INSTALLATION, consent: false, report: redacted }, '10.0.2.2')).statusCode).toBe(201);
  });

  it('helpdesk: sign-in first, then the report in the agent\'s language, earlier reports, audit trail', async () => {
    const closed = await app.inject({ method: 'GET', url: '/helpdesk' });
    expect(closed.statusCode).toBe(200);
    expect(closed.body).toContain('name="token"');
    expect(closed.headers['content-security-policy']).toBe(HELPDESK_CSP);
    expect(closed.headers['x-frame-options']).toBe('DENY');
    expect(closed.headers['cache-control']).toBe('no-store');
    const wrong = await app.inject({ method: 'POST', url: '/helpdesk/sign-in', payload: 'token=wrong', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(wrong.statusCode).toBe(401);
    expect((await openReport('ABCDEF', 'myvivium_helpdesk=forged.x')).statusCode).toBe(401);

    const other = '9b1de0c4-1f7a-4e55-8c0a-2d6e4b7f1a33';
    const first = (await send({ installationId: other, consent: false, report: redacted })).json<{ code: string }>().code;
    clock.advance(60_000);
    const second = (await send({ installationId: other, consent: true, report: personal })).json<{ code: string }>().code;
    const cookie = await agentCookie();

    const page = await openReport(second.toLowerCase().replace(/(...)/, '$1 '), cookie);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="nl">');
    expect(page.body).toContain('data-verdict="allFine"');
    expect(page.body).toContain('data-personal-data="included"');
    expect(page.body).toContain(card.holder.nationalNumber);
    expect(page.body.indexOf('data-verdict')).toBeLessThan(page.body.indexOf('data-finding='));
    expect(page.body).toContain(`data-report-id="${redacted.reportId}"`);

    const firstPage = await openReport(first, cookie, 'de');
    expect(firstPage.body).toContain('<html lang="de">');
    expect(firstPage.body).not.toContain('data-personal-data');

    const db = new Database(dbPath, { readonly: true });
    const views = db.prepare('SELECT agent, report_id, viewed_at FROM helpdesk_views ORDER BY id').all();
    db.close();
    expect(views).toEqual([
      { agent: 'development token', report_id: personal.reportId, viewed_at: clock.now() },
      { agent: 'development token', report_id: redacted.reportId, viewed_at: clock.now() },
    ]);
  });

  it('helpdesk: a wrong code, a malformed one and an expired one are refused with their codes; expired reports are deleted', async () => {
    const code = (await send({ installationId: INSTALLATION, consent: false, report: redacted })).json<{ code: string }>().code;
    const cookie = await agentCookie();
    const wrong = code === 'ZZZZZZ' ? 'YYYYYY' : 'ZZZZZZ';
    const unknown = await openReport(wrong, cookie);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('data-error-code="SUPPORT_CODE_UNKNOWN"');
    expect((await openReport('0OI1L0', cookie)).body).toContain('data-error-code="INVALID_ARGUMENT"');

    clock.advance(SUPPORT_REPORT_TTL_MS);
    const cookieAfter = await agentCookie();
    const expired = await openReport(code, cookieAfter);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('data-error-code="SUPPORT_CODE_EXPIRED"');
    await store.purgeExpired(clock.now());
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) FROM support_reports WHERE report IS NOT NULL').pluck().get()).toBe(0);
    db.close();
  });
});
