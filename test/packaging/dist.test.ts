// `npm run dist` decides before doing anything slow: one clear reason to stop, or a plan.
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { planDist, readBuilderConfig, type DistInputs } from '../../scripts/dist.ts';
import { electronSupport } from '../../scripts/electron-support.ts';
import type { TrustAnchor } from '../../src/trust/index.ts';

const config = readBuilderConfig();
const anchor = (id: TrustAnchor['id']): TrustAnchor => ({ id, source: `${id}.crt`, sha256: '', der: Buffer.alloc(0), certificate: {} as X509Certificate });
const allAnchors = { ok: true as const, anchors: ['belgium-root-ca2', 'belgium-root-ca3', 'belgium-root-ca4b', 'belgium-root-ca6'].map((id) => anchor(id as TrustAnchor['id'])) };

const ready: DistInputs = { hostPlatform: 'linux', env: {}, electronBinaryPresent: true, anchors: allAnchors, config };

describe('planDist', () => {
  it('stops with one line when the Electron binary is missing (this machine)', () => {
    const plan = planDist({ ...ready, electronBinaryPresent: false });
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.message).toMatch(/^cannot build installers: the Electron binary is missing[^\n]*$/);
  });

  it('stops when the trust anchors were not fetched or are incomplete', () => {
    const missing = planDist({ ...ready, anchors: { ok: false, problem: 'build/trust-anchors does not exist' } });
    expect(!missing.ok && missing.message).toMatch(/npm run trust:fetch/);
    const partial = planDist({ ...ready, anchors: { ok: true, anchors: [anchor('belgium-root-ca6')] } });
    expect(!partial.ok && partial.message).toMatch(/incomplete/);
  });

  it('builds the host platform', () => {
    expect(planDist(ready)).toMatchObject({ ok: true, platform: 'linux', config });
    expect(planDist({ ...ready, hostPlatform: 'win32' })).toMatchObject({ ok: true, platform: 'win' });
    const notarization = { APPLE_API_KEY: '/k.p8', APPLE_API_KEY_ID: 'ABC', APPLE_API_ISSUER: 'uuid' };
    expect(planDist({ ...ready, hostPlatform: 'darwin', env: notarization })).toMatchObject({ ok: true, platform: 'mac' });
    expect(planDist({ ...ready, hostPlatform: 'freebsd' }).ok).toBe(false);
  });

  it('takes the update feed from EID_UPDATE_FEED_URL, HTTPS only', () => {
    const plan = planDist({ ...ready, env: { EID_UPDATE_FEED_URL: 'https://cdn.example.be/eid/' } });
    expect(plan.ok && plan.config.publish).toEqual([{ provider: 'generic', url: 'https://cdn.example.be/eid', channel: 'latest' }]);
    expect(planDist({ ...ready, env: { EID_UPDATE_FEED_URL: 'http://cdn.example.be/eid' } }).ok).toBe(false);
    expect(planDist({ ...ready, env: { EID_UPDATE_FEED_URL: 'not a url' } }).ok).toBe(false);
  });

  it('makes a test build unsigned and labelled TEST, keeping the rest of the hardening', () => {
    const plan = planDist({ ...ready, env: { EID_TEST_BUILD: '1' } });
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.config.artifactName).toContain('TEST');
    expect(plan.config.win).toMatchObject({ forceCodeSigning: false, signExts: ['.node'] });
    expect(plan.config.mac).toMatchObject({ forceCodeSigning: false, notarize: false, hardenedRuntime: true });
  });
});

describe('macOS notarization', () => {
  it('stops a macOS release without notarization credentials instead of shipping an app Gatekeeper blocks', () => {
    const plan = planDist({ ...ready, hostPlatform: 'darwin' });
    expect(!plan.ok && plan.message).toMatch(/^cannot build installers: macOS notarization credentials missing/);
    expect(planDist({ ...ready, hostPlatform: 'darwin', env: { APPLE_ID: 'a@b.be', APPLE_APP_SPECIFIC_PASSWORD: 'x', APPLE_TEAM_ID: '' } }).ok).toBe(false);
    expect(planDist({ ...ready, hostPlatform: 'darwin', env: { APPLE_ID: 'a@b.be', APPLE_APP_SPECIFIC_PASSWORD: 'x', APPLE_TEAM_ID: 'T' } }).ok).toBe(true);
    expect(planDist({ ...ready, hostPlatform: 'darwin', env: { EID_TEST_BUILD: '1' } }).ok).toBe(true);
  });
});

describe('electronSupport', () => {
  it('accepts the latest three majors and refuses older ones', () => {
    expect(electronSupport('38.8.6', '38.1.0')).toEqual({ ok: true, installed: 38, latest: 38 });
    expect(electronSupport('38.8.6', '40.0.0').ok).toBe(true);
    const old = electronSupport('38.8.6', '41.2.0');
    expect(old.ok).toBe(false);
    if (!old.ok) expect(old.message).toMatch(/Electron 38 is no longer supported \(latest is 41; supported: 39–41\)/);
    expect(electronSupport('garbage', '41.0.0').ok).toBe(false);
  });
});
