// MyVivium's side of "start at the website" on the reference backend: the login page in four languages
// with its myvivium-eid: link, the fallback script, and a handoff that lands on the return path with the
// portal session in the browser that opened it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki } from '../../src/test-pki/test-pki.ts';
import { ApiClient, startServer, type ServerHandle } from '../support/server.ts';
import { createSoftwareEid, type SoftwareEid } from '../support/software-eid.ts';

const ORIGIN = 'https://myvivium.test';
let server: ServerHandle;
let eid: SoftwareEid;

beforeAll(async () => {
  const pki = await createTestPki();
  const dir = mkdtempSync(join(tmpdir(), 'myvivium-trust-'));
  const trust = [join(dir, 'root.pem'), join(dir, 'citizen-ca.pem')];
  writeFileSync(trust[0]!, pki.trustPem.root);
  writeFileSync(trust[1]!, pki.trustPem.citizenCa);
  [server, eid] = await Promise.all([
    startServer({ trust, origin: ORIGIN, dev: true, env: { DOWNLOAD_URL: 'https://downloads.myvivium.test/companion' } }),
    createSoftwareEid(pki, { keyType: 'p384' }),
  ]);
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

async function loggedInClient(): Promise<ApiClient> {
  const client = new ApiClient(server.url);
  const challenge = await client.post<{ nonce: string; origin: string }>('/api/auth/eid/challenge');
  const login = await client.post('/api/auth/eid/login', { token: await eid.token(challenge.body.origin, challenge.body.nonce) });
  expect(login.status).toBe(200);
  return client;
}

const page = (path: string, language = 'en') => fetch(new URL(path, server.url), { headers: { 'accept-language': language } });

describe('the login page', () => {
  it.each([
    ['fr-BE', 'Se connecter à MyVivium', 'Se connecter avec votre carte eID', 'Télécharger MyVivium eID'],
    ['nl-BE', 'Aanmelden bij MyVivium', 'Aanmelden met uw eID-kaart', 'MyVivium eID downloaden'],
    ['de-BE', 'Bei MyVivium anmelden', 'Mit Ihrer eID-Karte anmelden', 'MyVivium eID herunterladen'],
    ['en', 'Log in to MyVivium', 'Log in with your eID card', 'Download MyVivium eID'],
  ])('speaks %s, with the eID and itsme buttons and the hidden fallback', async (language, title, eidButton, download) => {
    const response = await page('/login?return=/portal/contrats', language);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`<h1>${title}</h1>`);
    expect(html).toContain(`data-myvivium-eid href="myvivium-eid://login?return=%2Fportal%2Fcontrats">${eidButton}</a>`);
    expect(html).toContain('href="myvivium-eid://login?method=itsme&#38;return=%2Fportal%2Fcontrats"');
    expect(html).toContain(`<section data-myvivium-eid-fallback hidden`);
    expect(html).toContain(`<a href="https://downloads.myvivium.test/companion">${download}</a>`);
    expect(html).toContain('<script src="/eid-login.js" defer></script>');
  });

  it('drops a return path that would leave the portal', async () => {
    for (const unsafe of ['//evil.test/x', 'https://evil.test/', '/\\evil.test', '/..//evil.test']) {
      const html = await (await page(`/login?${new URLSearchParams({ return: unsafe })}`)).text();
      expect(html).toContain('data-myvivium-eid href="myvivium-eid://login">');
      expect(html).not.toContain('evil');
    }
  });

  it('allows only its own script and no framing', async () => {
    const response = await page('/login');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const script = await page('/eid-login.js');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await script.text()).toContain('data-myvivium-eid-fallback');
  });
});

describe('the handoff lands on the return path, logged in, in the browser that opens it', () => {
  it('starts the portal session there and redirects to the return path once', async () => {
    const client = await loggedInClient();
    const handoff = await client.post<{ url: string }>('/api/handoff', { returnPath: '/portal/contrats?tab=2' });
    expect(handoff.status).toBe(200);
    expect(new URL(handoff.body.url).searchParams.get('return')).toBe('/portal/contrats?tab=2');

    const opened = await fetch(handoff.body.url, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe(new URL('/portal/contrats?tab=2', server.url).toString());
    const cookie = opened.headers.get('set-cookie')!.split(';')[0]!;
    const landed = await fetch(opened.headers.get('location')!, { headers: { cookie, 'accept-language': 'fr' } });
    expect(landed.status).toBe(200);
    expect(await landed.text()).toContain('Bienvenue Eva Demo Specimen');
    // Another browser (no cookie) is not logged in, and the link works once.
    expect((await page('/portal/contrats')).status).toBe(401);
    expect((await fetch(handoff.body.url, { redirect: 'manual' })).status).toBe(410);
  });

  it('refuses to mint a link to an unsafe return path, and never follows one put in the link', async () => {
    const client = await loggedInClient();
    const refused = await client.post<{ error: { code: string } }>('/api/handoff', { returnPath: '//evil.test/' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('INVALID_ARGUMENT');
    const handoff = await client.post<{ url: string }>('/api/handoff');
    const tampered = new URL(handoff.body.url);
    tampered.searchParams.set('return', '/..//evil.test');
    const opened = await fetch(tampered, { redirect: 'manual' });
    expect(opened.status).toBe(200);
    expect(opened.headers.get('location')).toBeNull();
  });
});
