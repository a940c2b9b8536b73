import { describe, expect, it, vi } from 'vitest';
import type { BackendClient } from '../backend/client.ts';
import type { CardSummary, ReaderOverview } from '../contract/bridge.ts';
import { AppError } from '../contract/errors.ts';
import type { UpdateStatus } from '../contract/updates.ts';
import type { InstallDecision } from '../updates/index.ts';
import type { CardPort, CardPortEvent } from './card-port.ts';
import type { PinEntry } from '../card/pin-entry.ts';
import { createCompanion, type CompanionDeps } from './companion.ts';
import { createDispatch } from './dispatch.ts';

const ORIGIN = 'https://myvivium.example';
const READER = 'Virtual PCD 00 00';
const withCard: ReaderOverview = {
  service: 'ok',
  readers: [{ name: READER, pinPad: false, state: 'card', card: { type: 'belgian-eid', applet: '1.8', atr: '3B7F' } }],
};
const summary: CardSummary = {
  reader: READER,
  applet: '1.8',
  holder: { givenNames: 'Alice', surname: 'Specimen' },
  authCertificate: { notBefore: '2024-01-01T00:00:00Z', notAfter: '2034-01-01T00:00:00Z', status: 'valid' },
  pin: { triesLeft: 3, blocked: false },
  pinPad: false,
};

function fakeCard(overrides: Partial<CardPort> = {}) {
  const listeners = new Set<(event: CardPortEvent) => void>();
  const seenPins: PinEntry[] = [];
  const forgotten: string[] = [];
  const card: CardPort = {
    overview: async () => withCard,
    summary: async () => summary,
    authCertificate: async () => new Uint8Array([0x30, 0x82]),
    pinStatus: async () => ({ triesLeft: 3, blocked: false }),
    authenticate: async ({ pin }) => {
      seenPins.push(pin);
      if (pin.kind === 'digits' && Buffer.from(pin.pin).toString() !== '1234') throw new AppError('PIN_WRONG', 'wrong', { triesLeft: 2 });
      return new Uint8Array(96);
    },
    changePin: async () => null,
    forgetCertificate: async ({ reader }) => {
      forgotten.push(reader);
      return null;
    },
    diagnose: async () => {
      throw new AppError('INTERNAL', 'no diagnosis in these tests');
    },
    cancel: async () => undefined,
    on: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ...overrides,
  };
  return { card, seenPins, forgotten, emit: (event: CardPortEvent) => listeners.forEach((l) => l(event)) };
}

function fakeBackend(overrides: Partial<BackendClient> = {}): BackendClient {
  return {
    challenge: async () => ({ nonce: 'n'.repeat(44), origin: ORIGIN, expiresAt: new Date(Date.now() + 300_000).toISOString() }),
    login: async () => ({ account: { displayName: 'Alice', needsOnboarding: true } }),
    sendCode: async () => ({ expiresAt: 'x' }),
    confirmCode: async () => ({ account: { displayName: 'Alice', email: 'a@b.be', needsOnboarding: false } }),
    handoff: async () => ({ url: 'https://portal.example/h/1', expiresAt: 'x' }),
    itsmeStart: async () => ({ authorizeUrl: 'https://idp.example/authorize', pollId: 'p1' }),
    itsmeStatus: async () => ({ state: 'pending' }),
    itsmeExchange: async () => ({ account: { displayName: 'Alice', needsOnboarding: false } }),
    reset: () => undefined,
    ...overrides,
  };
}

function setup(card = fakeCard(), backend = fakeBackend(), extra: Partial<CompanionDeps> = {}) {
  const opened: string[] = [];
  const tokens: unknown[] = [];
  const companion = createCompanion({
    card: card.card,
    backend,
    origin: ORIGIN,
    createToken: async (input) => {
      const signature = await input.sign(new Uint8Array(48), 'ES384');
      tokens.push({ origin: input.origin, nonce: input.nonce, signature: signature.length });
      return { format: 'web-eid:1.0' };
    },
    app: { version: '0.1.0', versionUrl: 'https://example/0.1.0', platform: 'linux', demo: false },
    language: { get: () => 'en', set: () => undefined },
    openExternal: async (url) => void opened.push(url),
    links: { myvivium: 'https://myvivium.example', 'helpdesk-mail': 'mailto:help@example', 'eid-software': 'https://eid.example', privacy: 'https://myvivium.example/privacy' },
    helpdeskEmail: 'help@example',
    backendUrl: 'https://api.example',
    ...extra,
  });
  return { companion, dispatch: createDispatch(companion), opened, tokens, card };
}

describe('companion login', () => {
  it('prepares with the configured origin, signs with the PIN and zeroes it', async () => {
    const { dispatch, tokens, card, companion } = setup();
    const states: string[] = [];
    companion.on('state', (s) => states.push(s.phase));
    const prepared = await dispatch('login.prepare', {});
    expect(prepared.ok).toBe(true);
    if (!prepared.ok) return;
    const result = prepared.result as { loginId: string; holderName: string; triesLeft: number };
    expect(result.holderName).toBe('Alice Specimen');
    expect(result.triesLeft).toBe(3);
    const done = await dispatch('login.complete', { loginId: result.loginId, pin: '1234' });
    expect(done).toEqual({ ok: true, result: { account: { displayName: 'Alice', needsOnboarding: true } } });
    expect(tokens).toEqual([{ origin: ORIGIN, nonce: 'n'.repeat(44), signature: 96 }]);
    const pin = card.seenPins[0];
    expect(pin?.kind === 'digits' && [...pin.pin].every((b) => b === 0)).toBe(true);
    expect(states).toEqual(expect.arrayContaining(['reading', 'pin-entry', 'signing']));
    // Used once: the prepared login is gone.
    const again = await dispatch('login.complete', { loginId: result.loginId, pin: '1234' });
    expect(again.ok === false && again.error.code).toBe('NONCE_EXPIRED');
  });

  it('keeps the prepared login after a wrong PIN and reports tries left', async () => {
    const { dispatch } = setup();
    const prepared = await dispatch('login.prepare', {});
    const loginId = prepared.ok ? (prepared.result as { loginId: string }).loginId : '';
    const wrong = await dispatch('login.complete', { loginId, pin: '9999' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'PIN_WRONG', details: { triesLeft: 2 } } });
    expect((await dispatch('login.complete', { loginId, pin: '1234' })).ok).toBe(true);
  });

  it('refuses to sign for another origin', async () => {
    const { dispatch, tokens } = setup(fakeCard(), fakeBackend({ challenge: async () => ({ nonce: 'n'.repeat(44), origin: 'https://evil.example', expiresAt: 'x' }) }));
    expect(await dispatch('login.prepare', {})).toMatchObject({ ok: false, error: { code: 'ORIGIN_MISMATCH' } });
    expect(tokens).toEqual([]);
  });

  it('stops before the PIN when the PIN is blocked or the certificate expired', async () => {
    const blocked = setup(fakeCard({ summary: async () => ({ ...summary, pin: { triesLeft: 0, blocked: true } }) }));
    expect(await blocked.dispatch('login.prepare', {})).toMatchObject({ ok: false, error: { code: 'PIN_BLOCKED' } });
    const expired = setup(fakeCard({ summary: async () => ({ ...summary, authCertificate: { ...summary.authCertificate, status: 'expired' } }) }));
    expect(await expired.dispatch('login.prepare', {})).toMatchObject({ ok: false, error: { code: 'CERT_EXPIRED' } });
    expect(expired.companion.state().phase).toBe('error');
  });

  it('cancel forgets the prepared login and stops the card', async () => {
    const cancel = vi.fn(async () => undefined);
    const { dispatch } = setup(fakeCard({ cancel }));
    const prepared = await dispatch('login.prepare', {});
    const loginId = prepared.ok ? (prepared.result as { loginId: string }).loginId : '';
    await dispatch('cancel', {});
    expect(cancel).toHaveBeenCalled();
    expect(await dispatch('login.complete', { loginId, pin: '1234' })).toMatchObject({ ok: false, error: { code: 'NONCE_EXPIRED' } });
  });

  it('uses the PIN pad when asked, in the UI language, and forwards its countdown', async () => {
    const card = fakeCard();
    const { dispatch, companion } = setup(card, fakeBackend(), { language: { get: () => 'nl', set: () => undefined } });
    const pads: unknown[] = [];
    companion.on('pinPad', (p) => pads.push(p));
    card.emit({ type: 'pin-pad', reader: READER, timeoutSeconds: 90 });
    const prepared = await dispatch('login.prepare', {});
    const loginId = prepared.ok ? (prepared.result as { loginId: string }).loginId : '';
    expect((await dispatch('login.complete', { loginId, usePinPad: true })).ok).toBe(true);
    expect(card.seenPins[0]).toEqual({ kind: 'pin-pad', language: 'nl' });
    expect(pads).toEqual([{ reader: READER, timeoutSeconds: 90 }]);
  });

  it('a signature the token check refuses (SIGNATURE_INVALID) makes the card side forget that certificate', async () => {
    const card = fakeCard();
    const refusing = async () => {
      throw new AppError('SIGNATURE_INVALID', 'the card signature does not verify with its certificate');
    };
    const { dispatch } = setup(card, fakeBackend(), { createToken: refusing });
    const prepared = await dispatch('login.prepare', {});
    const loginId = prepared.ok ? (prepared.result as { loginId: string }).loginId : '';
    expect(await dispatch('login.complete', { loginId, pin: '1234' })).toMatchObject({ ok: false, error: { code: 'SIGNATURE_INVALID' } });
    expect(card.forgotten).toEqual([READER]);
  });
});

describe('companion state and other use cases', () => {
  it('follows readers and the card process', () => {
    const card = fakeCard();
    const { companion } = setup(card);
    card.emit({ type: 'readers', overview: { service: 'unavailable', readers: [] } });
    expect(companion.state().phase).toBe('no-service');
    card.emit({ type: 'readers', overview: { service: 'ok', readers: [] } });
    expect(companion.state().phase).toBe('no-reader');
    card.emit({ type: 'readers', overview: withCard });
    expect(companion.state()).toMatchObject({ phase: 'card', reader: READER });
    card.emit({ type: 'process', status: 'down' });
    expect(companion.state().phase).toBe('reconnecting');
    card.emit({ type: 'process', status: 'up' });
    expect(companion.state().phase).toBe('card');
  });

  it('explains a missing card precisely', async () => {
    const { dispatch } = setup(fakeCard({ overview: async () => ({ service: 'ok', readers: [{ ...withCard.readers[0]!, state: 'empty', card: null }] }) }));
    expect(await dispatch('card.summary', {})).toMatchObject({ ok: false, error: { code: 'CARD_NONE' } });
  });

  it('opens the handoff link, itsme and fixed links through openExternal', async () => {
    const { dispatch, opened } = setup();
    expect((await dispatch('handoff.open', {})).ok).toBe(true);
    expect(await dispatch('itsme.start', {})).toEqual({ ok: true, result: { pollId: 'p1' } });
    expect(await dispatch('itsme.status', { pollId: 'p1' })).toEqual({ ok: true, result: { state: 'pending' } });
    expect((await dispatch('link.open', { link: 'privacy' })).ok).toBe(true);
    expect(opened).toEqual(['https://portal.example/h/1', 'https://idp.example/authorize', 'https://myvivium.example/privacy']);
  });

  it('gives up itsme after 5 minutes', async () => {
    let now = 1_000_000;
    const { dispatch } = setup(fakeCard(), fakeBackend(), { now: () => now });
    await dispatch('itsme.start', {});
    now += 5 * 60_000 + 1;
    expect(await dispatch('itsme.status', { pollId: 'p1' })).toMatchObject({ ok: true, result: { state: 'failed', error: { code: 'ITSME_TIMEOUT' } } });
  });

  it('answers unexpected exceptions and contract-breaking results with INTERNAL', async () => {
    const { dispatch } = setup(fakeCard(), fakeBackend({ handoff: async () => { throw new TypeError('boom'); } }));
    expect(await dispatch('handoff.open', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: 'unexpected failure' } });
    const broken = setup(fakeCard({ pinStatus: async () => ({ triesLeft: -4, blocked: false }) }));
    expect(await broken.dispatch('pin.status', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});

describe('companion updates', () => {
  function fakeUpdates(initial: UpdateStatus, answer: InstallDecision = { action: 'install' }) {
    let status = initial;
    const listeners = new Set<(status: UpdateStatus) => void>();
    const port = {
      installs: 0,
      checks: 0,
      status: () => status,
      check: async () => void port.checks++,
      install: () => {
        port.installs++;
        return answer;
      },
      onStatus: (listener: (status: UpdateStatus) => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      push(next: UpdateStatus) {
        status = next;
        listeners.forEach((l) => l(next));
      },
    };
    return port;
  }

  it('is disabled (development) when the host has no updater', async () => {
    const { dispatch } = setup();
    expect(await dispatch('update.status', {})).toEqual({ ok: true, result: { state: 'disabled', reason: 'development' } });
    expect(await dispatch('update.check', {})).toEqual({ ok: true, result: {} });
    expect(await dispatch('update.install', {})).toMatchObject({ ok: false, error: { code: 'UPDATE_NOT_NOW', details: { reason: 'nothing-downloaded' } } });
  });

  it('forwards every status as the update event, checks on request and stops forwarding when disposed', async () => {
    const updates = fakeUpdates({ state: 'idle' });
    const { dispatch, companion } = setup(fakeCard(), fakeBackend(), { updates });
    const seen: UpdateStatus[] = [];
    companion.on('update', (status) => seen.push(status));
    expect(await dispatch('update.check', {})).toEqual({ ok: true, result: {} });
    expect(updates.checks).toBe(1);
    updates.push({ state: 'downloading', version: '1.2.0', percent: 40 });
    expect(await dispatch('update.status', {})).toEqual({ ok: true, result: { state: 'downloading', version: '1.2.0', percent: 40 } });
    companion.dispose();
    updates.push({ state: 'ready', version: '1.2.0' });
    expect(seen).toEqual([{ state: 'downloading', version: '1.2.0', percent: 40 }]);
  });

  it('is busy from reading the card to signing: the signal the updater waits on', async () => {
    const { dispatch, companion } = setup();
    const prepared = await dispatch('login.prepare', {});
    expect(companion.state().phase).toBe('pin-entry');
    expect(companion.isBusy()).toBe(true);
    if (!prepared.ok) throw new Error('login.prepare failed');
    await dispatch('login.complete', { loginId: (prepared.result as { loginId: string }).loginId, pin: '1234' });
    expect(companion.isBusy()).toBe(false);
  });

  it('"restart to update" leaves the decision to the updater and reports only its refusal', async () => {
    const now = fakeUpdates({ state: 'ready', version: '1.2.0' }, { action: 'install' });
    expect(await setup(fakeCard(), fakeBackend(), { updates: now }).dispatch('update.install', {})).toEqual({ ok: true, result: {} });
    const later = fakeUpdates({ state: 'ready', version: '1.2.0' }, { action: 'wait-until-idle' });
    expect(await setup(fakeCard(), fakeBackend(), { updates: later }).dispatch('update.install', {})).toEqual({ ok: true, result: {} });
    const nothing = fakeUpdates({ state: 'idle' }, { action: 'refuse', reason: 'nothing-downloaded' });
    expect(await setup(fakeCard(), fakeBackend(), { updates: nothing }).dispatch('update.install', {})).toMatchObject({
      ok: false,
      error: { code: 'UPDATE_NOT_NOW', details: { reason: 'nothing-downloaded' } },
    });
    expect([now.installs, later.installs, nothing.installs]).toEqual([1, 1, 1]);
  });
});

describe('myvivium-eid: links', () => {
  it('open the screen the link asks for, once, and land the handoff on its return path', async () => {
    const returnPaths: unknown[] = [];
    const { companion, dispatch, card } = setup(fakeCard(), fakeBackend({ handoff: async (returnPath) => (returnPaths.push(returnPath), { url: 'https://portal.example/h/1', expiresAt: 'x' }) }));
    const events: unknown[] = [];
    companion.on('appLink', (payload) => events.push(payload));
    const summary = vi.spyOn(card.card, 'summary');
    expect(await companion.receiveLink('myvivium-eid://login?method=itsme&return=/contrats')).toEqual({ ok: true });
    expect(events).toEqual([{}]);
    expect(await dispatch('appLink.take', {})).toEqual({ ok: true, result: { request: { screen: 'itsme' } } });
    expect(await dispatch('appLink.take', {})).toEqual({ ok: true, result: { request: null } });
    await dispatch('handoff.open', {});
    await dispatch('handoff.open', {});
    // The return path serves one handoff; the link read nothing from the card.
    expect(returnPaths).toEqual(['/contrats', null]);
    expect(summary).not.toHaveBeenCalled();
  });

  it('never take an origin, nonce or backend from the link, and refuse what is not a login link', async () => {
    const challenges: string[] = [];
    const { companion, dispatch, tokens } = setup(fakeCard(), fakeBackend({
      challenge: async () => (challenges.push('asked'), { nonce: 'n'.repeat(44), origin: ORIGIN, expiresAt: new Date(Date.now() + 300_000).toISOString() }),
    }));
    const events: unknown[] = [];
    companion.on('appLink', (payload) => events.push(payload));
    expect(await companion.receiveLink('myvivium-eid://login?origin=https://evil.test&nonce=abc&return=//evil.test')).toEqual({ ok: true });
    expect(await companion.receiveLink('https://evil.test/')).toEqual({ ok: false, reason: 'wrong-scheme' });
    expect(await companion.receiveLink('myvivium-eid://sign')).toEqual({ ok: false, reason: 'unknown-action' });
    expect(events).toHaveLength(1);
    expect(challenges).toEqual([]);
    const prepared = await dispatch('login.prepare', {});
    if (!prepared.ok) throw new Error('prepare failed');
    await dispatch('login.complete', { loginId: (prepared.result as { loginId: string }).loginId, pin: '1234' });
    expect(tokens).toEqual([{ origin: ORIGIN, nonce: 'n'.repeat(44), signature: 96 }]);
  });
});

describe('itsme bound to the app that started it', () => {
  const RESULT = `myvivium-eid://itsme-result?result=${'r'.repeat(43)}`;

  it('sends only the hash of its secret, and exchanges the result link with the secret', async () => {
    const seen: { hash?: string; exchange?: { pollId: string; result: string; appSecret: string } } = {};
    const { companion, dispatch } = setup(fakeCard(), fakeBackend({
      itsmeStart: async (hash) => ((seen.hash = hash), { authorizeUrl: 'https://idp.example/authorize', pollId: 'p1' }),
      itsmeExchange: async (input) => ((seen.exchange = input), { account: { displayName: 'Alice', needsOnboarding: true } }),
    }));
    await dispatch('itsme.start', {});
    expect(await dispatch('itsme.status', { pollId: 'p1' })).toEqual({ ok: true, result: { state: 'pending' } });
    expect(await companion.receiveLink(RESULT)).toEqual({ ok: true });
    const { createHash } = await import('node:crypto');
    expect(seen.exchange).toMatchObject({ pollId: 'p1', result: 'r'.repeat(43) });
    expect(createHash('sha256').update(seen.exchange!.appSecret).digest('base64url')).toBe(seen.hash);
    expect(await dispatch('itsme.status', { pollId: 'p1' })).toEqual({ ok: true, result: { state: 'done', account: { displayName: 'Alice', needsOnboarding: true } } });
  });

  it('refuses a result when no itsme login waits, and keeps waiting when the backend refuses it', async () => {
    const { companion, dispatch } = setup(fakeCard(), fakeBackend({ itsmeExchange: async () => { throw new AppError('ITSME_STATE_INVALID', 'not yours'); } }));
    expect(await companion.receiveLink(RESULT)).toEqual({ ok: false, reason: 'no-itsme-login' });
    await dispatch('itsme.start', {});
    expect(await companion.receiveLink(RESULT)).toEqual({ ok: false, reason: 'not-this-app' });
    expect(await dispatch('itsme.status', { pollId: 'p1' })).toEqual({ ok: true, result: { state: 'pending' } });
  });
});
